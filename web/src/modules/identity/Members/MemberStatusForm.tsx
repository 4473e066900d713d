import { type FormEvent, useState } from 'react';
import type { Member } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import { Field } from '../../../components/Field.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';

type Action = 'certify' | 'suspend' | 'reinstate' | 'revoke';

function actionsFor(status: Member['status']): Action[] {
  switch (status) {
    case 'registered':
      return ['certify', 'revoke'];
    case 'certified':
      return ['certify', 'suspend', 'revoke'];
    case 'suspended':
      return ['reinstate', 'revoke'];
    default:
      return [];
  }
}

export function MemberStatusForm({ member }: { member: Member }) {
  const { t } = useI18n();
  const actions = actionsFor(member.status);
  const [action, setAction] = useState<Action | ''>(actions[0] ?? '');
  const [reason, setReason] = useState('');
  const command = useCommand();
  if (actions.length === 0) return <p className="hint">{t('members.noStatusChange')}</p>;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!action) return;
    const body = action === 'certify' ? { roles: member.requestedRoles } : reason.trim() ? { reason: reason.trim() } : {};
    if ((await command.run(`/v1/members/${member.id}/${action}`, body)).ok) setReason('');
  };
  return (
    <form onSubmit={submit} className="form inline-form" noValidate>
      <Field label={t('members.action')}>
        <select value={action} onChange={(e) => setAction(e.target.value as Action)}>
          {actions.map((a) => (
            <option key={a} value={a}>
              {t(`members.action.${a}` as MessageKey)}
            </option>
          ))}
        </select>
      </Field>
      {action !== 'certify' ? (
        <Field label={t('members.reason')}>
          <input value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
      ) : null}
      <SubmitButton busy={command.busy}>{t('common.apply')}</SubmitButton>
      <CommandProgress state={command} />
    </form>
  );
}
