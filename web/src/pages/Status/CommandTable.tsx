import type { Command } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nContext.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { IdText } from '../../components/IdText.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { useSession } from '../../session/SessionContext.ts';
import { useErrorText } from '../../components/ErrorNotice.tsx';

export function CommandTable({ commands, empty }: { commands: Command[]; empty: string }) {
  const { t, instant } = useI18n();
  const errorText = useErrorText();
  const { members } = useSession();
  const names = new Map(members.map((m) => [m.address, m.name]));
  if (commands.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('status.kind')}</th>
            <th scope="col">{t('common.status')}</th>
            <th scope="col" className="hide-narrow">{t('status.signer')}</th>
            <th scope="col" className="hide-narrow">{t('status.tx')}</th>
            <th scope="col">{t('status.at')}</th>
          </tr>
        </thead>
        <tbody>
          {commands.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <code>{c.kind}</code>
                {c.error ? <div className="error-detail">{errorText({ code: c.error.code, message: c.error.message, args: c.error.args })}</div> : null}
              </th>
              <td>
                <StatusBadge status={c.status} />
              </td>
              <td className="hide-narrow">
                {names.get(c.signer.toLowerCase()) ?? <IdText value={c.signer} />}
              </td>
              <td className="hide-narrow">
                <IdText value={c.txHash} />
              </td>
              <td>{instant(c.finishedAt ?? c.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
