import { startAnvil } from '../src/chain/anvil.ts';
import { connectBenchChain } from './lib/chain.ts';
import { measureGas, type GasFigures, type Progress } from './lib/gas.ts';
import { measureInstancesThroughput } from './lib/instances.ts';
import { measureTelemetry } from './lib/telemetry.ts';
import { ApiUnavailableError, measureApiSplitTransfers, measureRawErc20 } from './lib/throughput.ts';
import { atLeast, atMost, ratio, round, TARGETS, type BenchResult } from './lib/report.ts';

export { formatTable, type BenchResult } from './lib/report.ts';

export interface BenchOptions {
  /** Settlement at 10 holders only, small throughput samples (for tests). */
  quick?: boolean;
  /** Raw ERC-20 transfers timed (default 500, quick 100). */
  rawTransfers?: number;
  /** API split-transfers timed (default 300, quick 30). */
  apiTransfers?: number;
  /** Skip the API throughput (it starts a whole platform). */
  skipApi?: boolean;
  /** Run the API throughput's platform on this PostgreSQL server (a fresh schema, dropped afterwards) instead of PGlite. */
  databaseUrl?: string;
  progress?: Progress;
}

/**
 * The whole bench in one run on a fresh embedded anvil (stopped at the end): gas of deployment, product
 * operations and baselines; settlement per holder at 10 and 1,000 holders; raw ERC-20 and API throughput.
 */
export async function runBench(o: BenchOptions = {}): Promise<BenchResult> {
  const started = performance.now();
  const progress: Progress = o.progress ?? (() => {});
  const quick = o.quick ?? false;
  const settleHolders = quick ? [10] : [10, 1000];
  const rawTransfers = o.rawTransfers ?? (quick ? 100 : 500);
  const apiTransfers = o.apiTransfers ?? (quick ? 30 : 300);
  const notMeasured: Record<string, string> = {};

  progress('anvil', 'starting a fresh embedded anvil');
  const anvil = await startAnvil({ port: 0 });
  try {
    const chain = await connectBenchChain(anvil.rpcUrl);
    const anvilVersion = await chain.rpc<string>('web3_clientVersion').catch(() => 'anvil (version unknown)');
    progress('anvil', `${anvilVersion} at ${anvil.rpcUrl}`);

    const run = await measureGas({ chain, progress });

    // Throughput before the settlement section, and the raw baseline right before the timed API transfers: anvil
    // mines more slowly as its state and history grow (~5× slower once the 1,000 settlement holders exist), so
    // both figures are taken on the same, small state.
    const measured: { raw?: { perSec: number; transfers: number } } = {};
    const measureRaw = async () => {
      measured.raw = await measureRawErc20({ chain, transfers: rawTransfers, senders: 4, progress });
    };
    let api: { perSec: number; transfers: number; cpuMsPerTransfer: number } | null = null;
    if (o.skipApi) {
      notMeasured['throughput.apiSplitTransfersPerSec'] = 'skipped (--no-api)';
    } else {
      try {
        api = await measureApiSplitTransfers({ chain, transfers: apiTransfers, holders: quick ? 3 : 6, beforeTimed: measureRaw, databaseUrl: o.databaseUrl, progress });
      } catch (error) {
        if (!(error instanceof ApiUnavailableError)) throw error;
        notMeasured['throughput.apiSplitTransfersPerSec'] = error.message;
        progress('api', `not measured: ${error.message}`);
      }
    }
    // Without the API part (skipped, or no claim API), the raw baseline is measured on its own.
    if (!measured.raw) await measureRaw();
    const raw = measured.raw!;

    // Several instances need a shared PostgreSQL; they run on their own anvil (started and stopped by the measurement).
    let byInstances: { '1': number; '2': number } | null = null;
    if (o.skipApi) notMeasured['throughput.apiSplitTransfersPerSecByInstances'] = 'skipped (--no-api)';
    else if (!o.databaseUrl) notMeasured['throughput.apiSplitTransfersPerSecByInstances'] = 'needs a shared PostgreSQL (--database-url)';
    else byInstances = await measureInstancesThroughput({ databaseUrl: o.databaseUrl, transfers: apiTransfers, progress });

    const settled = await run.measureSettlement(settleHolders);
    if (quick) notMeasured['gas.settlePerHolderAt1000'] = 'quick run: settlement measured at 10 holders only';
    const invested = await run.measureInvestment(settleHolders);
    if (quick) notMeasured['gas.epochClosePerInvestorAt1000'] = 'quick run: epoch close measured at 10 investors only';
    const largest = Math.max(...settleHolders);
    const gas: GasFigures = {
      ...run.figures,
      settlePerHolder: settled[largest] ?? null,
      settlePerHolderAt10: settled[10] ?? null,
      settlePerHolderAt1000: settled[1000] ?? null,
      p2pFund: invested.p2pFund,
      poolDeposit: invested.poolDeposit,
      epochClosePerInvestorAt10: invested.epochClosePerInvestor[10] ?? null,
      epochClosePerInvestorAt1000: invested.epochClosePerInvestor[1000] ?? null,
      waterfallPerTranche: invested.waterfallPerTranche,
    };

    // Telemetry on a platform (and anvil) of its own: 20 devices × 25 readings (quick: 10 × 10), batches of 128.
    let telemetry: BenchResult['telemetry'] = null;
    if (o.skipApi) notMeasured.telemetry = 'skipped (--no-api)';
    else telemetry = await measureTelemetry({ devices: quick ? 10 : 20, readingsPerDevice: quick ? 10 : 25, batchSize: 128, progress });

    const rawPerSec = round(raw.perSec, 1);
    const apiPerSec = api ? round(api.perSec, 1) : null;
    const splitVs1155 = ratio(gas.splitTransfer, gas.baselineErc1155Transfer)!;
    const apiVsRaw = ratio(apiPerSec, rawPerSec);
    return {
      gas,
      telemetry,
      throughput: { apiSplitTransfersPerSec: apiPerSec, rawErc20TransfersPerSec: rawPerSec, apiSplitTransfersPerSecByInstances: byInstances },
      ratios: {
        splitTransferVsErc1155: splitVs1155,
        splitTransferToExistingHolderVsErc1155: ratio(gas.splitTransferToExistingHolder, gas.baselineErc1155TransferToExistingHolder)!,
        splitTransferVsErc20: ratio(gas.splitTransfer, gas.baselineErc20Transfer)!,
        apiVsRawThroughput: apiVsRaw,
        twoInstancesVsOne: byInstances ? ratio(byInstances['2'], byInstances['1']) : null,
      },
      targets: {
        splitTransferVsErc1155: atMost(splitVs1155, TARGETS.splitTransferVsErc1155),
        deploySuite: atMost(gas.deploySuite, TARGETS.deploySuite),
        apiVsRawThroughput: atLeast(apiVsRaw, TARGETS.apiVsRawThroughput),
      },
      meta: {
        date: new Date().toISOString(),
        node: process.version,
        anvilVersion,
        durationMs: Math.round(performance.now() - started),
        quick,
        settleHolders,
        samples: { rawErc20Transfers: raw.transfers, apiSplitTransfers: api?.transfers ?? 0 },
        apiCpuMsPerTransfer: api ? round(api.cpuMsPerTransfer, 2) : null,
        apiDatabase: o.databaseUrl ? 'postgresql' : 'pglite',
        notMeasured,
      },
    };
  } finally {
    progress('anvil', 'stopping');
    await anvil.stop();
  }
}
