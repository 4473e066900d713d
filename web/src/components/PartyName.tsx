import type { Party } from '../api/types.ts';
import { useI18n, type I18n } from '../i18n/I18nContext.ts';

/** A party's name as text: its name, address, pseudonym ("party P-3f9a2c1b") or "a hidden party". */
export function partyLabel(t: I18n['t'], party: { name?: string | null; address?: string | null; pseudonym?: string } | null | undefined): string {
  if (party?.name || party?.address) return (party.name ?? party.address)!;
  return party?.pseudonym ? t('party.pseudonym', { pseudonym: party.pseudonym }) : t('party.hidden');
}

/** A party's name, or its pseudonym ("party P-3f9a2c1b") when the platform does not name it to this user. */
export function PartyName({ party }: { party: Party | null | undefined }) {
  const { t } = useI18n();
  if (!party || (!party.name && !party.address)) {
    return <span className="hidden-party" title={t('party.hiddenHint')}>{party?.pseudonym ? t('party.pseudonym', { pseudonym: party.pseudonym }) : t('party.hidden')}</span>;
  }
  return <span title={party.address ?? undefined}>{party.name ?? party.address}</span>;
}
