import type { ApiClient } from './client.ts';

/** What every module's demo scenario gets: the API (operator's key), the chain's clock (embedded only), progress. */
export interface DemoParameters {
  api: ApiClient;
  /** Moves the chain's clock forward to at least `unixSeconds` (embedded anvil only); absent against a real chain. */
  advanceTo?: (unixSeconds: number) => Promise<void>;
  /** Appended to registration numbers (and names, when `tagNames`) so runs against one platform do not collide. */
  tag: string;
  tagNames?: boolean;
  progress: (step: string, detail?: string) => void;
}

/**
 * A module's end-to-end story, driven through the HTTP API only (`tierchain demo --scenario <module>`): its result
 * is printed as JSON with --json, else as `report(result)`.
 */
export interface DemoScenario<R = unknown> {
  /** One line: what the scenario shows. */
  summary: string;
  run(p: DemoParameters): Promise<R>;
  report(result: R): string;
}

/** Declares a scenario with its result type (the platform keeps them as `DemoScenario<unknown>`). */
export const defineScenario = <R>(s: DemoScenario<R>): DemoScenario => s as unknown as DemoScenario;
