import type { Member } from '../../../api/types.ts';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { DateInput } from '../../../components/DateInput.tsx';

export interface ClaimListFilters {
  q: string;
  status: '' | 'unpaid' | 'partially_paid' | 'paid';
  dueFrom: string;
  dueTo: string;
  overdue: boolean;
  obligor: string;
  sort: 'newest' | 'due' | '-due' | 'amount' | '-amount';
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** The query string of GET /v1/claims (and its CSV export) for `f`; `ownObligor`: the list is already "I owe". */
export function claimQuery(f: ClaimListFilters, ownObligor = false): string {
  const parts: string[] = [];
  if (f.q.trim()) parts.push(`q=${encodeURIComponent(f.q.trim())}`);
  if (f.status) parts.push(`status=${f.status}`);
  // A date is sent once it is a whole date (while it is being typed, the list stays as it was).
  if (ISO.test(f.dueFrom)) parts.push(`dueFrom=${f.dueFrom}`);
  if (ISO.test(f.dueTo)) parts.push(`dueTo=${f.dueTo}`);
  if (f.overdue) parts.push('overdue=true');
  if (f.obligor && !ownObligor) parts.push(`obligor=${f.obligor}`);
  if (f.sort !== 'newest') parts.push(`sort=${encodeURIComponent(f.sort)}`);
  return parts.map((p) => `&${p}`).join('');
}

/** Search, filters and order of the claims list (dates typed year first, shown back in the page's words). */
export function ClaimFilters({ value, onChange, obligors }: { value: ClaimListFilters; onChange: (f: ClaimListFilters) => void; obligors: Member[] }) {
  const { t } = useI18n();
  const set = <K extends keyof ClaimListFilters>(k: K, v: ClaimListFilters[K]) => onChange({ ...value, [k]: v });
  return (
    <div className="filters" role="search" aria-label={t('claims.search')}>
      <label className="filter">
        <span>{t('claims.search')}</span>
        <input type="search" value={value.q} placeholder={t('claims.searchHint')} onChange={(e) => set('q', e.target.value)} data-testid="claim-search" />
      </label>
      {obligors.length > 0 ? (
        <label className="filter">
          <span>{t('claim.obligor')}</span>
          <select value={value.obligor} onChange={(e) => set('obligor', e.target.value)}>
            <option value="">{t('claims.anyObligor')}</option>
            {obligors.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="filter">
        <span>{t('claim.settlement')}</span>
        <select value={value.status} onChange={(e) => set('status', e.target.value as ClaimListFilters['status'])}>
          <option value="">{t('claims.anyStatus')}</option>
          <option value="unpaid">{t('status.unpaid')}</option>
          <option value="partially_paid">{t('status.partially_paid')}</option>
          <option value="paid">{t('status.paid')}</option>
        </select>
      </label>
      <label className="filter">
        <span>{t('claims.dueFrom')}</span>
        <DateInput value={value.dueFrom} onChange={(v) => set('dueFrom', v)} />
      </label>
      <label className="filter">
        <span>{t('claims.dueTo')}</span>
        <DateInput value={value.dueTo} onChange={(v) => set('dueTo', v)} />
      </label>
      <label className="filter filter-check">
        <input type="checkbox" checked={value.overdue} onChange={(e) => set('overdue', e.target.checked)} />
        <span>{t('claims.overdueOnly')}</span>
      </label>
      <label className="filter">
        <span>{t('claims.sort')}</span>
        <select value={value.sort} onChange={(e) => set('sort', e.target.value as ClaimListFilters['sort'])} data-testid="claim-sort">
          <option value="newest">{t('claims.sort.newest')}</option>
          <option value="due">{t('claims.sort.due')}</option>
          <option value="-due">{t('claims.sort.-due')}</option>
          <option value="-amount">{t('claims.sort.-amount')}</option>
          <option value="amount">{t('claims.sort.amount')}</option>
        </select>
      </label>
    </div>
  );
}
