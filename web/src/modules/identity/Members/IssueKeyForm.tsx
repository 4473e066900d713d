import { type FormEvent, useState } from 'react';
import type { Member } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import { Field } from '../../../components/Field.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';
import { NewKeyNotice } from './NewKeyNotice.tsx';

/** A new user of the member, with its API key (shown once). */
export function IssueKeyForm({ member }: { member: Member }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [role, setRole] = useState<'admin' | 'member' | 'viewer'>('member');
  const [problem, setProblem] = useState<string | null>(null);
  const command = useCommand<{ userId: string; apiKey: string; commands: [] }>();
  const [issued, setIssued] = useState<{ name: string; apiKey: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setProblem(t('form.required'));
      return;
    }
    setProblem(null);
    setIssued(null);
    const { ok, response } = await command.run(`/v1/members/${member.id}/users`, { name: name.trim(), role });
    if (ok && response) {
      setIssued({ name: `${name.trim()} (${member.name})`, apiKey: response.apiKey });
      setName('');
    }
  };
  return (
    <form onSubmit={submit} className="form inline-form" noValidate>
      <Field label={t('members.userName')} error={problem}>
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label={t('members.userRole')}>
        <select value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
          {(['admin', 'member', 'viewer'] as const).map((r) => (
            <option key={r} value={r}>
              {t(`members.userRole.${r}` as MessageKey)}
            </option>
          ))}
        </select>
      </Field>
      <SubmitButton busy={command.busy}>{t('members.issueKeySubmit')}</SubmitButton>
      <CommandProgress state={command} successText={t('members.keyIssued')} />
      {issued ? <NewKeyNotice name={issued.name} apiKey={issued.apiKey} /> : null}
    </form>
  );
}
