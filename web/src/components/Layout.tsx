import type { ReactNode } from 'react';
import { useSession } from '../session/SessionContext.ts';
import { navigationFor, roleLabelKey } from '../session/roles.ts';
import { useI18n } from '../i18n/I18nContext.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NavMenu } from './NavMenu.tsx';
import { Link } from '../router/Link.tsx';

/** Header (who is signed in, language, sign out), the role's menu, and the page. */
export function Layout({ children }: { children: ReactNode }) {
  const { me, signOut } = useSession();
  const { t } = useI18n();
  const roles = me.isOperator ? [t('role.operator')] : me.member.roles.map((r) => t(roleLabelKey(r)));
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          <span>{t('app.name')}</span>
        </Link>
        <div className="whoami" data-testid="whoami">
          <span className="whoami-name">{me.member.name}</span>
          <span className="whoami-roles">{roles.join(' · ')}</span>
        </div>
        <div className="topbar-actions">
          <LanguageSwitch />
          <button type="button" className="button secondary small" onClick={signOut}>
            {t('common.signOut')}
          </button>
        </div>
      </header>
      <div className="shell">
        <NavMenu items={navigationFor(me)} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
