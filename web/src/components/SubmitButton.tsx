import type { ReactNode } from 'react';

/** The form's submit button; while a command runs it is busy (and says so), not removed. */
export function SubmitButton({ busy, children, disabled, className }: { busy?: boolean; children: ReactNode; disabled?: boolean; className?: string }) {
  return (
    <button type="submit" className={`button primary ${className ?? ''}`} disabled={disabled || busy} aria-busy={busy || undefined}>
      {busy ? <span className="spinner small" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}
