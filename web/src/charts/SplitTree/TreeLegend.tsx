import { useI18n } from '../../i18n/I18nContext.ts';

export function TreeLegend() {
  const { t } = useI18n();
  const items: Array<[string, string]> = [
    ['core', t('tree.legend.core')],
    ['supplier', t('tree.legend.supplier')],
    ['funder', t('tree.legend.funder')],
    ['settlement', t('tree.legend.settlement')],
    ['hidden', t('tree.legend.hidden')],
  ];
  return (
    <ul className="legend" aria-label={t('tree.legend')}>
      {items.map(([tone, label]) => (
        <li key={tone}>
          <span className={`swatch tone-${tone}`} aria-hidden="true" />
          {label}
        </li>
      ))}
    </ul>
  );
}
