import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.ts';
import type { ApiLogParams } from '../../src/api/logging.ts';
import type { Database } from '../../src/db/database.ts';
import { startPlatform, type Platform } from '../../src/platform/startPlatform.ts';

export interface TestPlatform extends Platform {
  dataDir: string;
  config: Config;
  /** Calls the API with a key; `idempotencyKey` is sent when given. Returns status, headers and parsed JSON. */
  api<T = any>(method: string, path: string, p?: { key?: string; body?: unknown; idempotencyKey?: string; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: T }>;
  /** Waits until every command is confirmed or failed (long-polling the API), then lets the indexer catch up. */
  settle(commands: Array<{ id: string }>, key?: string): Promise<any[]>;
  /** Stops the platform and removes its data directory (unless `keepData`). */
  close(p?: { keepData?: boolean }): Promise<void>;
}

let counter = 0;

/**
 * Starts a whole platform for a test: embedded anvil on a free port (or the chain of `env.TIERCHAIN_RPC_URL`), a
 * temporary data directory, the API on a free port, and (when given) the test's database instead of PGlite under the
 * data directory.
 */
export async function startTestPlatform(
  p: { db?: Database; dataDir?: string; env?: NodeJS.ProcessEnv; httpLog?: ApiLogParams; log?: (message: string) => void } = {},
): Promise<TestPlatform> {
  const dataDir = p.dataDir ?? mkdtempSync(join(tmpdir(), `tierchain-test-${process.pid}-${counter++}-`));
  // The API logs server faults (and the auth limiter its warnings) into the test output; 4xx only when asked for.
  const config: Config = { ...loadConfig({ TIERCHAIN_LOG_LEVEL: 'warn', ...p.env }), dataDir, port: 0, chainPort: 0 };
  // Test files share two cores (and the fault runs load them hard): a pre-check's chain read may take over the default
  // second there with nothing wrong, and a 503 chain_unavailable would fail an unrelated test. Tests of that limit set
  // TIERCHAIN_CHAIN_READ_TIMEOUT_MS (src/platform/readiness.test.ts); test/faults/ runs `tierchain start` with the default.
  if (!p.env?.TIERCHAIN_CHAIN_READ_TIMEOUT_MS) config.chainReadTimeoutMs = 10_000;
  // `env` alone (not the machine's environment) gives the first start's settings, e.g. TIERCHAIN_OPERATOR_KEY.
  const platform = await startPlatform({ config, db: p.db, pollIntervalMs: 50, httpLog: p.httpLog, env: p.env ?? {}, log: p.log });
  const operatorKey = platform.operator.apiKey!;

  const api: TestPlatform['api'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    const key = o.key === undefined ? operatorKey : o.key;
    if (key) headers.authorization = `Bearer ${key}`;
    if (o.idempotencyKey) headers['idempotency-key'] = o.idempotencyKey;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(platform.url + path, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
    const text = await res.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body };
  };

  const settle: TestPlatform['settle'] = async (commands, key) => {
    const done = [];
    for (const c of commands) {
      for (;;) {
        const r = await api('GET', `/v1/commands/${c.id}?waitMs=5000`, { key: key ?? operatorKey });
        if (r.status !== 200) throw new Error(`GET command ${c.id}: ${r.status} ${JSON.stringify(r.body)}`);
        if (r.body.status === 'confirmed' || r.body.status === 'failed') {
          done.push(r.body);
          break;
        }
      }
    }
    await platform.indexer.sync();
    return done;
  };

  return {
    ...platform,
    dataDir,
    config,
    api,
    settle,
    async close(o = {}) {
      await platform.stop();
      if (!o.keepData && !p.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Onboards a certified member through the API and waits for it; returns its id, address and admin API key. */
export async function onboard(
  t: TestPlatform,
  p: { name: string; roles: string[]; registrationNumber?: string; certify?: boolean },
): Promise<{ id: string; address: string; apiKey: string; commands: any[] }> {
  const r = await t.api('POST', '/v1/members', {
    body: { name: p.name, registrationNumber: p.registrationNumber ?? `REG-${p.name}`, roles: p.roles, certify: p.certify },
    // Idempotency-Key allows [A-Za-z0-9._:-] only: a name with a space would make the request a 400.
    idempotencyKey: `onboard-${p.name.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 120)}-${Math.random().toString(36).slice(2)}`,
  });
  if (r.status !== 202) throw new Error(`onboarding ${p.name}: ${r.status} ${JSON.stringify(r.body)}`);
  const commands = await t.settle(r.body.commands);
  const failed = commands.find((c) => c.status === 'failed');
  if (failed) throw new Error(`onboarding ${p.name}: ${failed.kind} failed: ${failed.error?.message}`);
  return { id: r.body.member.id, address: r.body.member.address, apiKey: r.body.apiKey, commands };
}
