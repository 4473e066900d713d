import { useEffect, useRef } from 'react';
import type { Member } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { roleLabelKey } from '../../../session/roles.ts';
import { Card } from '../../../components/Card.tsx';
import { KeyValues } from '../../../components/KeyValues.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { IdText } from '../../../components/IdText.tsx';
import { MemberStatusForm } from './MemberStatusForm.tsx';
import { IssueKeyForm } from './IssueKeyForm.tsx';

/** One member, for the operator: certify / suspend / reinstate / revoke, and issue API keys to its users. */
export function MemberPanel({ member, onClose }: { member: Member; onClose: () => void }) {
  const { t } = useI18n();
  // Chosen from the directory below: bring the panel into view and move the focus to it.
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    ref.current?.focus({ preventScroll: true });
  }, [member.id]);
  return (
    <div ref={ref} tabIndex={-1} className="panel-anchor" aria-label={member.name}>
    <Card
      title={member.name}
      actions={
        <button type="button" className="button secondary small" onClick={onClose}>
          {t('common.close')}
        </button>
      }
    >
      <KeyValues
        items={[
          [t('common.status'), <StatusBadge status={member.status} />],
          [t('members.roles'), member.roles.map((r) => t(roleLabelKey(r))).join(', ') || '—'],
          [t('members.requestedRoles'), member.requestedRoles.map((r) => t(roleLabelKey(r))).join(', ')],
          [t('members.registrationNumber'), member.registrationNumber],
          [t('members.address'), <IdText value={member.address} head={10} tail={8} />],
        ]}
      />
      <h3>{t('members.changeStatus')}</h3>
      <MemberStatusForm member={member} />
      <h3>{t('members.issueKey')}</h3>
      <IssueKeyForm member={member} />
    </Card>
    </div>
  );
}
