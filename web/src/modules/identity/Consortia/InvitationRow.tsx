import type { Consortium } from '../../../api/types.ts';
import { useCommand } from '../../../api/useCommand.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { CommandProgress } from '../../../components/CommandProgress.tsx';

export function InvitationRow({ consortium }: { consortium: Consortium }) {
  const { t } = useI18n();
  const command = useCommand();
  const name = consortium.name ?? t('consortia.unnamed');
  return (
    <div className="invitation">
      <p>
        {t('consortia.invitedBy', { core: consortium.core?.name ?? '—', name })}
      </p>
      <div className="button-row">
        <button type="button" className="button primary" disabled={command.busy} onClick={() => void command.run(`/v1/consortia/${consortium.id}/accept`)} aria-label={t('consortia.acceptNamed', { name })}>
          {t('consortia.accept')}
        </button>
        <button type="button" className="button secondary" disabled={command.busy} onClick={() => void command.run(`/v1/consortia/${consortium.id}/decline`)} aria-label={t('consortia.declineNamed', { name })}>
          {t('consortia.decline')}
        </button>
      </div>
      <CommandProgress state={command} />
    </div>
  );
}
