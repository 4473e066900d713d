import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nContext.ts';

interface Pending {
  title: string;
  lines: string[];
  run: () => void;
}

/**
 * A second step before a command that moves money (a sale, a payment, a withdrawal, a transfer): the form asks with
 * the amounts, and only "Confirm" sends it. `ask` shows the question; `pending` is set while it waits.
 */
export function useConfirmation() {
  const [pending, setPending] = useState<Pending | null>(null);
  const ask = useCallback((title: string, lines: string[], run: () => void) => setPending({ title, lines, run }), []);
  const cancel = useCallback(() => setPending(null), []);
  const confirm = useCallback(() => {
    setPending((p) => {
      if (p) queueMicrotask(p.run);
      return null;
    });
  }, []);
  return { pending, ask, cancel, confirm };
}

/** The question of a `useConfirmation`, with its amounts; focus moves to it so a keyboard user answers it at once. */
export function ConfirmBox({ confirmation }: { confirmation: ReturnType<typeof useConfirmation> }) {
  const { t } = useI18n();
  const id = useId();
  const ref = useRef<HTMLButtonElement>(null);
  const p = confirmation.pending;
  useEffect(() => {
    if (p) ref.current?.focus();
  }, [p]);
  if (!p) return null;
  return (
    <div className="notice confirm-box" role="alertdialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-lines`} data-testid="confirm-box">
      <strong id={`${id}-title`}>{p.title}</strong>
      <ul id={`${id}-lines`} className="plain-list">
        {p.lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <div className="confirm-actions">
        <button type="button" className="button primary" ref={ref} onClick={confirmation.confirm} data-testid="confirm-yes">
          {t('confirm.yes')}
        </button>
        <button type="button" className="button secondary" onClick={confirmation.cancel}>
          {t('confirm.back')}
        </button>
      </div>
    </div>
  );
}
