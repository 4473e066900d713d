import type { CreditLineGuarantee } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { PartyName } from '../../../components/PartyName.tsx';

/**
 * A credit line's guarantee in a few words: none; proposed (to whom, waiting for its acceptance); or active (by
 * whom). The badge carries the status as a word, so colour is never the only signal.
 */
export function GuaranteeStatus({ guarantee }: { guarantee: CreditLineGuarantee | null | undefined }) {
  const { t } = useI18n();
  if (!guarantee) return <span className="guarantee-status guarantee-none">{t('guarantee.none')}</span>;
  return (
    <span className="guarantee-status" data-status={guarantee.status}>
      <StatusBadge status={guarantee.status} />{' '}
      {guarantee.status === 'proposed' ? (
        <span>
          {t('guarantee.proposedToPrefix')} <PartyName party={guarantee.guarantor} />
          <span className="hint-inline"> {t('guarantee.awaitingAcceptance')}</span>
        </span>
      ) : (
        <span>
          {t('guarantee.activeByPrefix')} <PartyName party={guarantee.guarantor} />
        </span>
      )}
    </span>
  );
}
