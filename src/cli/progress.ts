/** Prints one line per step of a long operation, each with the time elapsed since the printer was created. */
export interface ProgressPrinter {
  step(step: string, detail?: string): void;
  /** Time since the printer was created, e.g. `3.2s`. */
  elapsed(): string;
}

export interface CreateProgressPrinterParameters {
  write: (line: string) => void;
  /** Milliseconds clock; injectable for tests. */
  now?: () => number;
}

const STEP_WIDTH = 10;

export function createProgressPrinter(p: CreateProgressPrinterParameters): ProgressPrinter {
  const now = p.now ?? (() => performance.now());
  const started = now();
  const elapsed = () => `${((now() - started) / 1000).toFixed(1)}s`;
  return {
    step(step, detail) {
      // A step name as long as the column still gets a space before its detail.
      p.write(`[${elapsed().padStart(6)}] ${detail ? `${step.padEnd(STEP_WIDTH - 1)} ${detail}` : step}\n`);
    },
    elapsed,
  };
}
