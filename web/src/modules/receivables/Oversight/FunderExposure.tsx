import type { Member, Position } from '../../../api/types.ts';
import { useApi } from '../../../api/useApi.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { ShareBars } from '../../../charts/ShareBars.tsx';
import { EXPOSURE_SHARE, exposureShares } from './alerts.ts';

/** One funder's book by obligor; a share at or above EXPOSURE_SHARE % is flagged. */
export function FunderExposure({ funder }: { funder: Member }) {
  const { t, amount } = useI18n();
  const position = useApi<Position>(`/v1/members/${funder.id}/position`);
  if (!position.data) return null;
  const { total, shares } = exposureShares(position.data.holds.items);
  return (
    <div className="exposure">
      <h3>
        {funder.name} <span className="hint">{t('oversight.book', { amount: amount(total) })}</span>
      </h3>
      {shares.length === 0 ? <p className="hint">{t('oversight.emptyBook')}</p> : <ShareBars shares={shares} threshold={EXPOSURE_SHARE} title={t('oversight.exposureOf', { name: funder.name })} />}
    </div>
  );
}
