import type { Position } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';

export function BookStats({ position }: { position: Position }) {
  const { t, amount } = useI18n();
  const bought = position.financed.bought;
  const redeemable = position.holds.items.reduce((s, h) => s + BigInt(h.redeemable), 0n);
  return (
    <div className="stats" data-testid="book-stats">
      <div className="stat">
        <span className="stat-label">{t('book.held')}</span>
        <span className="stat-value">{amount(position.holds.total)}</span>
      </div>
      <div className="stat">
        <span className="stat-label">{t('book.paid')}</span>
        <span className="stat-value">{amount(bought.price)}</span>
        <span className="stat-note">{t('book.face', { amount: amount(bought.amount) })}</span>
      </div>
      <div className="stat stat-good">
        <span className="stat-label">{t('book.discount')}</span>
        <span className="stat-value">{amount(bought.discount)}</span>
      </div>
      <div className="stat">
        <span className="stat-label">{t('book.redeemable')}</span>
        <span className="stat-value">{amount(redeemable)}</span>
      </div>
    </div>
  );
}
