import { useContext } from 'react';
import { I18nContext } from '../i18n/I18nContext.ts';

export function Loading({ label }: { label?: string }) {
  const i18n = useContext(I18nContext);
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? i18n?.t('common.loading') ?? 'Loading…'}
    </p>
  );
}
