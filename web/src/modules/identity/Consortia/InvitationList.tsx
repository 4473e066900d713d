import type { Consortium } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { InvitationRow } from './InvitationRow.tsx';

export function InvitationList({ invitations }: { invitations: Consortium[] }) {
  const { t } = useI18n();
  return (
    <ul className="plain-list">
      {invitations.map((c) => (
        <li key={c.id}>
          <InvitationRow consortium={c} />
        </li>
      ))}
      <li className="hint">{t('consortia.invitationsHint')}</li>
    </ul>
  );
}
