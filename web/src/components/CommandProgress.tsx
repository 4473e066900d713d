import type { CommandState } from '../api/useCommand.ts';
import { useI18n } from '../i18n/I18nContext.ts';
import { ErrorNotice, useErrorWords } from './ErrorNotice.tsx';
import type { MessageKey } from '../i18n/en.ts';

const STEPS = ['accepted', 'submitted', 'confirmed'] as const;

/**
 * How a command is doing: accepted → submitted → confirmed, or failed with the chain's decoded reason, or refused
 * by the API with the field and the reason. Announced politely to screen readers.
 */
export function CommandProgress({ state, successText }: { state: Pick<CommandState<unknown>, 'phase' | 'commands' | 'error'>; successText?: string }) {
  const { t } = useI18n();
  const words = useErrorWords();
  if (state.phase === 'idle') return <div aria-live="polite" className="command-live" />;
  if (state.phase === 'refused' && state.error) {
    return (
      <div aria-live="polite" className="command-live command-refused" data-phase="refused">
        <ErrorNotice error={state.error} />
      </div>
    );
  }
  if (state.phase === 'confirmed' && state.commands.length === 0) {
    // Recorded off-chain (a quote request, a new API key): nothing went to the chain.
    return (
      <div aria-live="polite" className="command-live command-confirmed" data-phase="confirmed">
        <p className="command-status" role="status">
          {successText ?? t('command.doneText')}
        </p>
      </div>
    );
  }
  const reached = state.phase === 'sending' ? -1 : state.phase === 'failed' ? STEPS.indexOf(furthest(state.commands)) : STEPS.indexOf(state.phase as (typeof STEPS)[number]);
  const failed = state.commands.find((c) => c.status === 'failed');
  const failedWords = failed?.error ? words({ code: failed.error.code, message: failed.error.message, args: failed.error.args }) : null;
  return (
    <div aria-live="polite" className={`command-live command-${state.phase}`} data-phase={state.phase}>
      <ol className="steps" aria-label={t('command.progress')}>
        {STEPS.map((step, i) => (
          <li key={step} className={i <= reached ? 'done' : i === reached + 1 && state.phase !== 'failed' ? 'current' : ''} aria-current={i === reached ? 'step' : undefined}>
            <span className="step-dot" aria-hidden="true">
              {i <= reached ? '✓' : i + 1}
            </span>
            {t(`command.${step}` as MessageKey)}
          </li>
        ))}
        {state.phase === 'failed' ? (
          <li className="failed">
            <span className="step-dot" aria-hidden="true">
              ✕
            </span>
            {t('command.failed')}
          </li>
        ) : null}
      </ol>
      <p className="command-status" role="status">
        {state.phase === 'sending'
          ? t('command.sending')
          : state.phase === 'confirmed'
            ? (successText ?? t('command.confirmedText'))
            : state.phase === 'failed'
              ? null
              : t(`command.${state.phase}Text` as MessageKey)}
      </p>
      {failed?.error ? (
        <div className="notice notice-error" role="alert">
          <strong>{t('command.failedTitle')}</strong> {failedWords!.headline}
          {failedWords!.detail ? <span className="error-detail"> {failedWords!.detail}</span> : null}
          <span className="error-code"> ({failed.error.code})</span>
        </div>
      ) : failed ? (
        <div className="notice notice-error" role="alert">
          {t('command.failedTitle')}
        </div>
      ) : null}
    </div>
  );
}

function furthest(commands: CommandState<unknown>['commands']): (typeof STEPS)[number] {
  if (commands.some((c) => c.txHash)) return 'submitted';
  return 'accepted';
}
