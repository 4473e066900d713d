import type { ContractPart } from '../chain/contracts.ts';
import type { RevertExplanations } from '../chain/decodeRevert.ts';
import type { ReadModel } from '../indexer/projections.ts';
import type { RouteModule } from '../api/server.ts';
import type { Resource } from '../cli/ops/context.ts';
import type { DemoScenario } from '../demo/scenario.ts';
import type { ModuleContext } from './context.ts';
import type { CreditFactSource } from './creditFacts.ts';

export type { ModuleContext };
export type { CreditFactContribution, CreditFactSource, CreditFacts } from './creditFacts.ts';


/**
 * A module declares itself to the platform in one descriptor; src/platform/modules.ts lists the modules and
 * composes them: their contracts into one suite, their migrations in order, their read models into the indexer's,
 * their routes into the API (and /openapi.json), their demo scenarios into `tierchain demo --scenario <name>`; their
 * CLI resources go into `tierchain` through cliResources.ts, which imports the same `cli.ts` without the rest of the
 * module. The engines see only the composed pieces.
 */
export interface TierchainModule {
  /** The folder name under src/modules/ and contracts/. */
  name: string;
  /** One line: what the module owns. */
  summary: string;
  /** Modules it uses (through their index.ts); each must come earlier in the platform's list. */
  uses: readonly string[];
  /** Logical contracts (ABIs), what to deploy and configure. */
  contracts?: ContractPart;
  /** Sentences for its contracts' custom errors. */
  revertExplanations?: RevertExplanations;
  /** Directory of its `NNN_name.sql` migrations (recorded as `<name>/NNN_name`), e.g. `new URL('./migrations/', import.meta.url)`. */
  migrations?: URL;
  /** Tables derived only from events, and the projections that write them. */
  readModel?: ReadModel;
  /** Its HTTP routes (and with them its part of /openapi.json). */
  routes?(ctx: ModuleContext): RouteModule | RouteModule[];
  /** `tierchain <resource> <action>` commands; two modules may add actions to one resource. Listed in cliResources.ts too. */
  cli?: Readonly<Record<string, Resource>>;
  /** `tierchain demo --scenario <module>` (or `<demoName>` when given). */
  demo?: DemoScenario;
  /** The scenario's name when it is not the module's (investment's is `pools`). */
  demoName?: string;
  /** Its part of every member's credit history (the credit module scores the sum; docs/adr/021-credit-score.md). */
  creditFacts?: CreditFactSource;
  /**
   * Work the module runs while the platform serves (devices: its MQTT broker or subscription, and the batcher that
   * anchors telemetry), started after the engines and stopped before them.
   */
  start?(ctx: ModuleContext, p: ModuleStartParameters): Promise<ModuleService>;
}

/** What a module's background work is started with. */
export interface ModuleStartParameters {
  /** The environment the platform was started with (a module reads its own settings, e.g. TIERCHAIN_MQTT_PORT). */
  env: NodeJS.ProcessEnv;
  /** The interface the platform listens on (the API's host). */
  host: string;
  /** The API's configured port (0: any free port, as tests and the bench ask; a module's own port then defaults to 0 too). */
  apiPort: number;
  log: (message: string) => void;
}

/** A module's running background work. */
export interface ModuleService {
  /** What it serves, for the platform's caller (e.g. the MQTT broker's URL). */
  info: Record<string, unknown>;
  stop(): Promise<void>;
}

/** Declares a module (checks nothing; gives the descriptor its type). */
export const defineModule = (m: TierchainModule): TierchainModule => m;
