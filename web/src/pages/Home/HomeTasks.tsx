import { useI18n } from '../../i18n/I18nContext.ts';
import type { MessageKey } from '../../i18n/en.ts';
import type { Capabilities } from '../../session/roles.ts';
import { Link } from '../../router/Link.tsx';

/** The role's usual tasks, each a link to the page that does it. */
export function HomeTasks({ caps }: { caps: Capabilities }) {
  const { t } = useI18n();
  const tasks: Array<[boolean, string, MessageKey]> = [
    [caps.operator, '/members', 'home.task.members'],
    [caps.operator, '/credit-lines', 'home.task.creditLines'],
    [caps.operator, '/status', 'home.task.status'],
    [caps.core, '/consortia', 'home.task.consortium'],
    [caps.core, '/trades', 'home.task.confirm'],
    [caps.core, '/payables', 'home.task.payables'],
    [caps.supplier, '/trades', 'home.task.submit'],
    [caps.holder, '/claims', 'home.task.claims'],
    [caps.holder, '/market', 'home.task.quotes'],
    [caps.funder, '/market', 'home.task.offers'],
    [caps.funder, '/book', 'home.task.book'],
    [caps.guarantor, '/guarantees', 'home.task.guarantees'],
    [caps.regulator, '/oversight', 'home.task.oversight'],
    [caps.regulator, '/claims', 'home.task.allClaims'],
    [caps.bank, '/xt', 'home.task.deposit'],
    [!caps.operator && !caps.regulator, '/consortia', 'home.task.invitations'],
  ];
  return (
    <ul className="task-list">
      {tasks
        .filter(([show]) => show)
        .map(([, to, key]) => (
          <li key={key}>
            <Link to={to}>{t(key)}</Link>
          </li>
        ))}
    </ul>
  );
}
