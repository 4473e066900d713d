import { useEffect, useState } from 'react';
import { Link } from '../router/Link.tsx';
import { useRoute } from '../router/router.ts';
import { useI18n } from '../i18n/I18nContext.ts';
import type { NavItem } from '../session/roles.ts';

/** The pages of the user's role; on a narrow screen it folds behind a Menu button. */
export function NavMenu({ items }: { items: NavItem[] }) {
  const { t } = useI18n();
  const { path } = useRoute();
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [path]);
  const active = (p: string) => (p === '/' ? path === '/' : path === p || path.startsWith(`${p}/`));
  return (
    <nav className={`nav ${open ? 'nav-open' : ''}`} aria-label={t('nav.label')}>
      <button type="button" className="nav-toggle" aria-expanded={open} aria-controls="nav-list" onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">☰</span> {t('nav.menu')}
      </button>
      <ul id="nav-list">
        {items.map((item) => (
          <li key={item.path}>
            <Link to={item.path} className={active(item.path) ? 'active' : undefined} aria-current={active(item.path) ? 'page' : undefined}>
              {t(item.label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
