import { useErrorText } from '../../../components/ErrorNotice.tsx';
import { type FormEvent, useState } from 'react';
import { MEMBER_ROLES, type Member, type MemberRole } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { roleLabelKey } from '../../../session/roles.ts';
import { Field } from '../../../components/Field.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { useDraft } from '../../../components/useDraft.ts';
import { NewKeyNotice } from './NewKeyNotice.tsx';

/** The operator onboards an enterprise: profile, roles, the admin user; it is registered and certified on-chain. */
export function RegisterMemberForm() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [draft, set, clear] = useDraft('register-member', { name: '', registrationNumber: '', roles: [] as MemberRole[], adminUserName: '' });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const command = useCommand<{ member: Member; apiKey?: string; commands: [] }>();
  const [created, setCreated] = useState<{ member: Member; apiKey: string } | null>(null);

  const toggleRole = (role: MemberRole, on: boolean) => set('roles', on ? [...draft.roles, role] : draft.roles.filter((r) => r !== role));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p: Record<string, string> = {};
    if (!draft.name.trim()) p.name = t('form.required');
    if (!draft.registrationNumber.trim()) p.registrationNumber = t('form.required');
    if (draft.roles.length === 0) p.roles = t('members.rolesRequired');
    setProblems(p);
    if (Object.keys(p).length) return;
    setCreated(null);
    const body = {
      name: draft.name.trim(),
      registrationNumber: draft.registrationNumber.trim(),
      roles: draft.roles,
      ...(draft.adminUserName.trim() ? { adminUserName: draft.adminUserName.trim() } : {}),
    };
    const { ok, response } = await command.run('/v1/members', body);
    // The key is shown once, even when the certification failed (the member exists; certify it again).
    if (response?.apiKey) setCreated({ member: response.member, apiKey: response.apiKey });
    if (ok) clear();
  };

  const fieldError = (f: string) => problems[f] ?? (command.error?.field === f ? errorText(command.error) : null);

  return (
    <form onSubmit={submit} noValidate className="form">
      <Field label={t('members.name')} error={fieldError('name')}>
        <input value={draft.name} onChange={(e) => set('name', e.target.value)} autoComplete="organization" />
      </Field>
      <Field label={t('members.registrationNumber')} hint={t('members.registrationHint')} error={fieldError('registrationNumber')}>
        <input value={draft.registrationNumber} onChange={(e) => set('registrationNumber', e.target.value)} autoComplete="off" />
      </Field>
      <fieldset className={`checkbox-group ${fieldError('roles') ? 'field-invalid' : ''}`}>
        <legend>{t('members.roles')}</legend>
        {MEMBER_ROLES.map((role) => (
          <label key={role} className="checkbox">
            <input type="checkbox" checked={draft.roles.includes(role)} onChange={(e) => toggleRole(role, e.target.checked)} /> {t(roleLabelKey(role))}
          </label>
        ))}
        {fieldError('roles') ? (
          <div className="field-error" role="alert">
            {fieldError('roles')}
          </div>
        ) : null}
      </fieldset>
      <Field label={t('members.adminUserName')} hint={t('members.adminUserHint')}>
        <input value={draft.adminUserName} onChange={(e) => set('adminUserName', e.target.value)} autoComplete="name" />
      </Field>
      <SubmitButton busy={command.busy}>{t('members.registerSubmit')}</SubmitButton>
      <CommandProgress state={command} successText={t('members.registered')} />
      {created ? <NewKeyNotice name={created.member.name} apiKey={created.apiKey} /> : null}
    </form>
  );
}
