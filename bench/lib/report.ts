import type { GasFigures } from './gas.ts';

/** What `tierchain bench --json` prints: figures are numbers (null only when not measured, see `meta.notMeasured`). */
export interface BenchResult {
  gas: GasFigures;
  /** Signed readings from simulated devices over MQTT, verified, stored and anchored (bench/lib/telemetry.ts). */
  telemetry: { readingsPerSecIngested: number; gasPerAnchoredReading: number; batchSize: number; devices: number; readings: number; anchors: number } | null;
  throughput: {
    apiSplitTransfersPerSec: number | null;
    rawErc20TransfersPerSec: number | null;
    /**
     * API split-transfers per second through 1 and through 2 `tierchain start` instances sharing one PostgreSQL and
     * one chain (null without --database-url: several instances need a shared PostgreSQL).
     */
    apiSplitTransfersPerSecByInstances: { '1': number; '2': number } | null;
  };
  ratios: {
    splitTransferVsErc1155: number;
    splitTransferToExistingHolderVsErc1155: number;
    splitTransferVsErc20: number;
    apiVsRawThroughput: number | null;
    /** Two instances' throughput over one's (the chain, not the instances, is the limit on one node). */
    twoInstancesVsOne: number | null;
  };
  targets: {
    splitTransferVsErc1155: Target;
    deploySuite: Target;
    apiVsRawThroughput: Target;
  };
  meta: {
    date: string;
    node: string;
    anvilVersion: string;
    durationMs: number;
    quick: boolean;
    settleHolders: number[];
    samples: { rawErc20Transfers: number; apiSplitTransfers: number };
    /** CPU time of the bench's process (every thread: API, engines, database worker, load generator) per timed API transfer, in ms. */
    apiCpuMsPerTransfer: number | null;
    /** The database the API throughput's platform ran on: embedded PGlite (the default) or a PostgreSQL server. */
    apiDatabase: 'pglite' | 'postgresql';
    /** Figures left null, each with the reason. */
    notMeasured: Record<string, string>;
  };
}

/** A target: `value` must be at most `max` (or at least `min`). `pass` is null when the value is missing. */
export interface Target {
  max?: number;
  min?: number;
  value: number | null;
  pass: boolean | null;
}

export const TARGETS = { splitTransferVsErc1155: 1.1, deploySuite: 4_200_000, apiVsRawThroughput: 0.6 } as const;

export function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : round(a / b, 3);
}

export const round = (n: number, digits: number): number => Number(n.toFixed(digits));

export function atMost(value: number | null, max: number): Target {
  return { max, value, pass: value === null ? null : value <= max };
}

export function atLeast(value: number | null, min: number): Target {
  return { min, value, pass: value === null ? null : value >= min };
}

const n = (v: number | null, digits = 0): string =>
  v === null ? 'n/a' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const verdict = (t: Target): string => (t.pass === null ? 'NOT MEASURED' : t.pass ? 'PASS' : 'MISS');

/** The human-readable report: gas, throughput, targets. */
export function formatTable(r: BenchResult): string {
  const g = r.gas;
  const rows: Array<[string, string, string]> = [
    ['deploySuite (total)', n(g.deploySuite), 'sum of the deployments + configuration'],
    ...Object.entries(g.perContract).map(([k, v]): [string, string, string] => [`  ${k}`, n(v), '']),
    ['issue (issuePayable)', n(g.issue), 'Receivables.issuePayable: trade + claim minted'],
    ['submitTrade', n(g.submitTrade), 'supplier submits the trade'],
    ['confirmTrade', n(g.confirmTrade), 'core confirms: claim minted'],
    ['splitTransfer', n(g.splitTransfer), 'ERC-6909 transfer of part of a holding, new holder'],
    ['splitTransferToExistingHolder', n(g.splitTransferToExistingHolder), 'same, recipient already holds the id'],
    ['modify', n(g.modify), 'narrowing modification into a new child id'],
    ['financeSwap', n(g.financeSwap), 'ClaimMarket.sell against a standing offer (DvP)'],
    ['settlePerHolderAt10', n(g.settlePerHolderAt10), 'redeemBatch gas / 10 holders'],
    ['settlePerHolderAt1000', n(g.settlePerHolderAt1000), 'redeemBatch gas / 1000 holders'],
    ['p2pFund', n(g.p2pFund), 'P2PListings.fund: part of a listing, investment claims minted'],
    ['poolDeposit', n(g.poolDeposit), 'TranchedPools.requestDeposit into a tranche'],
    ['epochClosePerInvestorAt10', n(g.epochClosePerInvestorAt10), '(closeEpoch + claims) / 10 investors'],
    ['epochClosePerInvestorAt1000', n(g.epochClosePerInvestorAt1000), '(closeEpoch + claims) / 1000 investors'],
    ['waterfallPerTranche', n(g.waterfallPerTranche), 'closeEpoch of 3 funded tranches, no request / 3'],
    ['baselineErc1155Transfer', n(g.baselineErc1155Transfer), 'OZ ERC-1155 safeTransferFrom, new holder'],
    ['baselineErc1155TransferToExisting', n(g.baselineErc1155TransferToExistingHolder), 'same, existing holder'],
    ['baselineErc20Transfer', n(g.baselineErc20Transfer), 'OZ ERC-20 transfer, new holder'],
    ['registerDevice', n(g.registerDevice), 'DeviceRegistry.register: one device token, serial and key unique'],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length)) + 2;
  const w1 = Math.max(...rows.map((x) => x[1].length)) + 2;
  const lines = ['Gas (gasUsed of one transaction)', ...rows.map(([a, b, c]) => `  ${a.padEnd(w0)}${b.padStart(w1)}  ${c}`), ''];
  lines.push(
    'Throughput',
    `  raw ERC-20 transfers (eth_sendRawTransaction)   ${n(r.throughput.rawErc20TransfersPerSec, 1).padStart(8)} /s  (${r.meta.samples.rawErc20Transfers} transfers)`,
    `  API split-transfers (POST /v1/claims/…/transfers) ${n(r.throughput.apiSplitTransfersPerSec, 1).padStart(6)} /s  (${r.meta.samples.apiSplitTransfers} transfers, to confirmation, ${r.meta.apiDatabase === 'postgresql' ? 'PostgreSQL' : 'PGlite'}; ${n(r.meta.apiCpuMsPerTransfer, 2)} ms CPU each)`,
  );
  const byInstances = r.throughput.apiSplitTransfersPerSecByInstances;
  if (byInstances) {
    lines.push(`  API split-transfers, 1 instance / 2 instances    ${n(byInstances['1'], 1)} /s / ${n(byInstances['2'], 1)} /s  (one PostgreSQL, one chain; ${n(r.ratios.twoInstancesVsOne, 3)}×)`);
  }
  if (r.telemetry) {
    const tm = r.telemetry;
    lines.push(
      `  signed readings over MQTT, verified and stored  ${n(tm.readingsPerSecIngested, 1).padStart(8)} /s  (${tm.readings} readings from ${tm.devices} simulated devices, QoS 1)`,
      `  anchoring                                      ${n(tm.gasPerAnchoredReading, 1).padStart(8)} gas per reading  (batches of up to ${tm.batchSize}: ${tm.anchors} anchor transaction(s))`,
    );
  }
  lines.push('');
  const t = r.targets;
  const targetRows: Array<[string, string, string, string]> = [
    ['split-transfer vs ERC-1155 baseline', `≤ ${t.splitTransferVsErc1155.max!.toFixed(2)}×`, t.splitTransferVsErc1155.value === null ? 'n/a' : `${t.splitTransferVsErc1155.value.toFixed(3)}×`, verdict(t.splitTransferVsErc1155)],
    ['deployment gas', `≤ ${n(t.deploySuite.max!)}`, n(t.deploySuite.value), verdict(t.deploySuite)],
    ['API throughput vs raw ERC-20', `≥ ${t.apiVsRawThroughput.min!.toFixed(2)}×`, t.apiVsRawThroughput.value === null ? 'n/a' : `${t.apiVsRawThroughput.value.toFixed(3)}×`, verdict(t.apiVsRawThroughput)],
  ];
  const tw = [0, 1, 2].map((i) => Math.max(...targetRows.map((x) => x[i]!.length)) + 2);
  lines.push('Targets', ...targetRows.map(([a, b, c, d]) => `  ${a.padEnd(tw[0]!)}${b.padEnd(tw[1]!)}${c.padEnd(tw[2]!)}${d}`), '');
  for (const [figure, reason] of Object.entries(r.meta.notMeasured)) lines.push(`  not measured: ${figure}: ${reason}`);
  lines.push(
    `${r.meta.quick ? 'quick run; ' : ''}${r.meta.date}, node ${r.meta.node}, ${r.meta.anvilVersion}, ${(r.meta.durationMs / 1000).toFixed(1)} s`,
  );
  return lines.join('\n') + '\n';
}
