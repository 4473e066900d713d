import { useErrorText } from '../../../components/ErrorNotice.tsx';
import { type FormEvent, useState } from 'react';
import type { Consortium } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { useSession } from '../../../session/SessionContext.ts';
import { MemberSelect } from '../../../components/MemberSelect.tsx';
import { SubmitButton } from '../../../components/SubmitButton.tsx';
import { CommandProgress } from '../../../components/CommandProgress.tsx';

/** The core invites a certified member that is not in the consortium (or has left it). */
export function InviteForm({ consortium }: { consortium: Consortium }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { members, me } = useSession();
  const inside = new Set(consortium.members.filter((m) => m.state === 'member' || m.state === 'invited').map((m) => m.address));
  const candidates = members.filter((m) => m.status === 'certified' && m.id !== me.member.id && !inside.has(m.address) && !m.roles.includes('operator'));
  const [memberId, setMemberId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const command = useCommand();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!memberId) return setProblem(t('form.required'));
    setProblem(null);
    if ((await command.run(`/v1/consortia/${consortium.id}/invitations`, { memberId })).ok) setMemberId('');
  };
  return (
    <form onSubmit={submit} className="form inline-form invite-form" noValidate>
      <MemberSelect label={t('consortia.invite')} members={candidates} value={memberId} onChange={setMemberId} error={problem ?? (command.error?.field === 'memberId' ? errorText(command.error) : null)} />
      <SubmitButton busy={command.busy}>{t('consortia.inviteSubmit')}</SubmitButton>
      <CommandProgress state={command} successText={t('consortia.invited')} />
    </form>
  );
}
