import type { Abi, Address, Hex } from 'viem';

/**
 * The contract suite as the modules declare it, composed by the platform (src/platform/modules.ts). The engines
 * take a `ContractSuite` and never name a contract of their own: a module brings its logical contracts (the names
 * its code calls, with their ABIs), what to deploy, and the configuration calls to make after deployment.
 */

/** A contract as the code names it: its ABI, and the events it owns when it shares a deployed address with others. */
export interface LogicalContract {
  name: string;
  abi: Abi;
  /**
   * When several logical contracts are served by one deployment (docs/adr/005), an event belongs to the one whose
   * list names it; the one without a list takes every other event.
   */
  events?: readonly string[];
}

/** What the deployer needs to construct a contract. */
export interface DeployContext {
  /** Addresses deployed so far, by logical name. */
  deployed: Readonly<Record<string, Address>>;
  operator: Address;
  operatorLegalIdHash: Hex;
}

/** A contract to deploy, and the logical contracts its address serves. */
export interface DeployableContract {
  name: string;
  abi: Abi;
  bytecode: Hex;
  serves: readonly string[];
  /** Logical contracts that must be deployed first (their addresses are constructor arguments). */
  needs?: readonly string[];
  args(c: DeployContext): readonly unknown[];
}

/** A call the operator makes once the suite is deployed (e.g. registering a platform contract). */
export interface ConfigureStep {
  /** What the step does, for progress output. */
  describe(deployed: Readonly<Record<string, Address>>): string;
  contract: string;
  functionName: string;
  args(deployed: Readonly<Record<string, Address>>): readonly unknown[];
}

/** One module's share of the suite. */
export interface ContractPart {
  logical?: readonly LogicalContract[];
  deploy?: readonly DeployableContract[];
  configure?: readonly ConfigureStep[];
}

export interface ContractSuite {
  /** Every logical name, in declaration order. */
  readonly names: readonly string[];
  /** Deployables in deployment order (each after the contracts it needs). */
  readonly deployables: readonly DeployableContract[];
  readonly configure: readonly ConfigureStep[];
  abi(name: string): Abi;
  has(name: string): boolean;
  /** The logical contract an event at an address serving `served` belongs to. */
  eventContract(served: readonly string[], eventName: string): string;
  /** Every error of every contract, deduplicated, to decode any revert. */
  readonly errorsAbi: Abi;
}

/** Deployed addresses of the suite on one chain, by logical name. */
export interface Deployment {
  chainId: number;
  startBlock: bigint;
  contracts: Record<string, Address>;
  /** The contracts' build (generated/sources.sha256) when it was recorded; null for older records. */
  build?: string | null;
}

/** The address of logical contract `name`; a clear error when the deployment has none. */
export function addressOf(d: Pick<Deployment, 'contracts' | 'chainId'>, name: string): Address {
  const address = d.contracts[name];
  if (!address) throw new Error(`no contract ${name} is deployed on chain ${d.chainId} (known: ${Object.keys(d.contracts).join(', ')})`);
  return address;
}

/** Composes the modules' parts into one suite, checking that every logical contract is deployed exactly once. */
export function composeSuite(parts: readonly ContractPart[]): ContractSuite {
  const logical = new Map<string, LogicalContract>();
  for (const part of parts) {
    for (const c of part.logical ?? []) {
      if (logical.has(c.name)) throw new Error(`logical contract ${c.name} is declared twice`);
      logical.set(c.name, c);
    }
  }
  const pending = parts.flatMap((p) => p.deploy ?? []);
  const servedBy = new Map<string, string>();
  for (const d of pending) {
    for (const name of d.serves) {
      if (!logical.has(name)) throw new Error(`${d.name} serves ${name}, which no module declares`);
      if (servedBy.has(name)) throw new Error(`${name} is served by both ${servedBy.get(name)} and ${d.name}`);
      servedBy.set(name, d.name);
    }
  }
  for (const name of logical.keys()) if (!servedBy.has(name)) throw new Error(`no module deploys logical contract ${name}`);

  // In declaration order, each deployable as soon as what it needs is deployed.
  const ordered: DeployableContract[] = [];
  const done = new Set<string>();
  while (pending.length) {
    const i = pending.findIndex((d) => (d.needs ?? []).every((n) => done.has(n)));
    if (i < 0) throw new Error(`deployables ${pending.map((d) => d.name).join(', ')} need each other's addresses (a cycle)`);
    const [next] = pending.splice(i, 1);
    ordered.push(next!);
    for (const n of next!.serves) done.add(n);
  }

  const errors = new Map<string, Abi[number]>();
  for (const abi of [...[...logical.values()].map((c) => c.abi), ...ordered.map((d) => d.abi)]) {
    for (const item of abi) if (item.type === 'error') errors.set(JSON.stringify(item), item);
  }
  return {
    names: [...logical.keys()],
    deployables: ordered,
    configure: parts.flatMap((p) => p.configure ?? []),
    abi(name) {
      const c = logical.get(name);
      if (!c) throw new Error(`unknown contract ${name}`);
      return c.abi;
    },
    has: (name) => logical.has(name),
    eventContract(served, eventName) {
      const owners = served.map((n) => logical.get(n)!).filter(Boolean);
      return (owners.find((c) => c.events?.includes(eventName)) ?? owners.find((c) => !c.events) ?? owners[0])?.name ?? served[0]!;
    },
    errorsAbi: [...errors.values()],
  };
}
