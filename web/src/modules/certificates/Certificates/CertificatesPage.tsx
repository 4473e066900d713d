import { type ChangeEvent, type FormEvent, useState } from 'react';
import type { CertificateAuthority, MemberCertificate, SetCertificateAnswer } from '../../../../../src/sdk/index.ts';
import { useApi } from '../../../api/useApi.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { capabilitiesOf } from '../../../session/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Card } from '../../../components/Card.tsx';
import { Field } from '../../../components/Field.tsx';
import { KeyValues } from '../../../components/KeyValues.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';

/** Your enterprise's X.509 certificate (SM2 or P-256): upload it, see what the chain holds; the trusted authorities. */
export function CertificatesPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const caps = capabilitiesOf(me);
  const mine = useApi<MemberCertificate | null>(`/v1/members/${me.member.id}/certificate`);
  const authorities = useApi<{ items: CertificateAuthority[] }>('/v1/certificates/authorities');
  const [pem, setPem] = useState<string | null>(null);
  const command = useCommand<SetCertificateAnswer>();
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => setPem((await e.target.files?.[0]?.text()) ?? null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (pem && (await command.run(`/v1/members/${me.member.id}/certificate`, { certificatePem: pem })).ok) mine.reload();
  };
  const c = mine.data;
  return (
    <>
      <PageHeader title={t('certificates.title')} description={t('certificates.description')} />
      <Card title={t('certificates.mine')}>
        {c ? (
          <KeyValues
            items={[
              [t('certificates.subject'), c.subject.replace(/\n/g, ', ')],
              [t('certificates.issuer'), c.issuer.replace(/\n/g, ', ')],
              [t('certificates.algorithm'), c.algorithm === 'sm2' ? 'SM2 / SM3' : 'ECDSA P-256 / SHA-256'],
              [t('certificates.validTo'), c.notAfter],
              ['SHA-256', c.sha256],
              ['SM3', c.sm3],
              [t('certificates.onChain'), t(c.revoked ? 'certificates.state.revoked' : c.recorded ? 'certificates.state.recorded' : 'certificates.state.pending')],
            ]}
          />
        ) : mine.error || c === null ? (
          <EmptyState>{t('certificates.none')}</EmptyState>
        ) : (
          <Loading />
        )}
      </Card>
      {!caps.readOnly && !caps.regulator ? (
        <Card title={t('certificates.upload')} description={t('certificates.uploadHint')}>
          <form onSubmit={submit} className="form" noValidate>
            <Field label={t('certificates.file')}>
              <input type="file" accept=".pem,.crt,.cer" onChange={onFile} data-testid="certificate-file" />
            </Field>
            <SubmitButton busy={command.busy}>{t('certificates.submit')}</SubmitButton>
            <CommandProgress state={command} successText={t('certificates.recorded')} />
          </form>
        </Card>
      ) : null}
      <Card title={t('certificates.authorities')}>
        {!authorities.data ? (
          <Loading />
        ) : authorities.data.items.length === 0 ? (
          <EmptyState>{t('certificates.noAuthorities')}</EmptyState>
        ) : (
          <ul>
            {authorities.data.items.map((a) => (
              <li key={a.sha256}>
                {a.subject.replace(/\n/g, ', ')} — {a.algorithm === 'sm2' ? 'SM2' : 'P-256'}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
