import type { Party } from '../api/types.ts';
import { useI18n } from '../i18n/I18nContext.ts';

/** A party's name, or "a hidden party" when the platform does not name it to this user. */
export function PartyName({ party }: { party: Party | null | undefined }) {
  const { t } = useI18n();
  if (!party || (!party.name && !party.address)) return <span className="hidden-party">{t('party.hidden')}</span>;
  return <span title={party.address ?? undefined}>{party.name ?? party.address}</span>;
}
