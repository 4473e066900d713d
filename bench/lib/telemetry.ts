/**
 * Telemetry throughput and gas: a platform of its own (embedded anvil, PGlite, the embedded MQTT broker), a
 * manufacturer onboarded through the API, simulated devices (each its own key and MQTT connection) publishing signed
 * readings with QoS 1. `readingsPerSecIngested` counts readings verified and stored (each PUBACK comes after the
 * store) over the publishing time; `gasPerAnchoredReading` is the gas of the anchor transactions over the readings they
 * anchor, once every reading is anchored, at the batch size used. The devices are `tierchain devices simulate`, run as
 * a user would run it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hex } from 'viem';
import { loadConfig, type Config } from '../../src/config.ts';
import { startPlatform } from '../../src/platform/startPlatform.ts';
import { createTierchainClient } from '../../src/sdk/index.ts';
import { spawn } from 'node:child_process';
import type { Progress } from './gas.ts';

export interface TelemetryFigures {
  readingsPerSecIngested: number;
  gasPerAnchoredReading: number;
  /** The anchorer's batch size (TIERCHAIN_TELEMETRY_BATCH_SIZE). */
  batchSize: number;
  devices: number;
  readings: number;
  anchors: number;
}

export async function measureTelemetry(p: { devices: number; readingsPerDevice: number; batchSize: number; progress: Progress }): Promise<TelemetryFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tierchain-bench-telemetry-'));
  const config: Config = { ...loadConfig({ TIERCHAIN_LOG_LEVEL: 'warn' }), dataDir, port: 0, chainPort: 0 };
  p.progress('telemetry', `starting a platform with its embedded broker (batches of ${p.batchSize})`);
  const platform = await startPlatform({ config, env: { TIERCHAIN_TELEMETRY_BATCH_SIZE: String(p.batchSize), TIERCHAIN_TELEMETRY_BATCH_MS: '2000' } });
  try {
    const operator = createTierchainClient({ baseUrl: platform.url!, apiKey: platform.operator.apiKey! });
    const maker = await operator.members.create({ name: 'Bench Machine Works', registrationNumber: 'BENCH-MW-1', roles: ['manufacturer'] }, { wait: true });
    const client = operator.withApiKey(maker.apiKey!);
    const sim = await runSimulate({ url: platform.url!, key: maker.apiKey!, devices: p.devices, readings: p.readingsPerDevice, progress: p.progress });
    if (sim.refused > 0) throw new Error(`the bench's readings were refused: ${JSON.stringify(sim.refusals.slice(0, 3))}`);
    const perSec = sim.acknowledged / (sim.publishMs / 1000);
    p.progress('telemetry', `${sim.acknowledged} signed readings from ${p.devices} devices verified and stored in ${sim.publishMs} ms: ${perSec.toFixed(0)} / s`);
    const deadline = Date.now() + 60_000;
    let anchors = await client.telemetry.anchors({ limit: 500 });
    while (anchors.items.reduce((n, a) => n + a.count, 0) < sim.acknowledged) {
      if (Date.now() > deadline) throw new Error(`readings not all anchored within 60 s: ${JSON.stringify(anchors.pending)}`);
      await new Promise((r) => setTimeout(r, 200));
      anchors = await client.telemetry.anchors({ limit: 500 });
    }
    let gas = 0n;
    for (const a of anchors.items) gas += (await platform.client.getTransactionReceipt({ hash: a.txHash as Hex })).gasUsed;
    const gasPerReading = Number(gas) / sim.acknowledged;
    p.progress('telemetry', `${anchors.items.length} anchor transaction(s), ${gas} gas: ${gasPerReading.toFixed(1)} gas per anchored reading`);
    return {
      readingsPerSecIngested: Math.round(perSec * 10) / 10, gasPerAnchoredReading: Math.round(gasPerReading * 10) / 10, batchSize: p.batchSize,
      devices: p.devices, readings: sim.acknowledged, anchors: anchors.items.length,
    };
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface SimulateOutput {
  acknowledged: number;
  refused: number;
  publishMs: number;
  refusals: unknown[];
}

/** `tierchain devices simulate --json` against the platform, progress lines passed on. */
function runSimulate(p: { url: string; key: string; devices: number; readings: number; progress: Progress }): Promise<SimulateOutput> {
  const bin = new URL('../../bin/tierchain.mjs', import.meta.url).pathname;
  const args = [bin, 'devices', 'simulate', '--count', String(p.devices), '--readings', String(p.readings), '--interval', '0', '--prefix', 'BENCH', '--json', '--url', p.url, '--key', p.key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      err += s;
      for (const line of s.split('\n').filter((l) => /acknowledged/.test(l))) p.progress('telemetry', line.trim());
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`tierchain devices simulate exited with ${code}:\n${err}`));
      try {
        resolve(JSON.parse(out) as SimulateOutput);
      } catch (e) {
        reject(new Error(`tierchain devices simulate printed no JSON: ${out}\n${err}`));
      }
    });
  });
}
