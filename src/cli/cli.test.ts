import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startAnvil, type AnvilInstance } from '../chain/anvil.ts';
import { contractSuite } from '../platform/modules.ts';

const contractNames = contractSuite.names;
import { getFreePort, isPortFree } from '../chain/freePort.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'tierchain.mjs');
/** anvil's first dev account: pre-funded on every anvil chain. */
const ANVIL_DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const ANVIL_DEV_ADDRESS = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const BANNER_END = 'Press Ctrl-C to stop.';
const TIMEOUT = { timeout: 180_000 };

interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();
/** Pids of embedded anvils printed in banners, in case their tierchain process could not stop them. */
const anvilPids = new Set<number>();
const dirs: string[] = [];
const servers: Server[] = [];
let externalAnvil: AnvilInstance | undefined;

after(async () => {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    // SIGTERM first: tierchain stops its anvil on the way out; SIGKILL if it does not exit in time.
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(child.pid!, 'SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
  }
  for (const pid of anvilPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  if (externalAnvil) {
    await externalAnvil.stop();
    if (isAlive(externalAnvil.pid)) process.kill(externalAnvil.pid, 'SIGKILL');
  }
  for (const server of servers) server.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The environment without any Tierchain setting of the machine running the tests. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('TIERCHAIN_') || k === 'DATABASE_URL' || k === 'NODE_TEST_CONTEXT') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function runCli(args: string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function runToEnd(args: string[], env: Record<string, string> = {}) {
  const run = runCli(args, env);
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** Resolves with stdout once the banner is complete; fails if the process exits first. */
async function waitForBanner(run: CliRun): Promise<string> {
  for (;;) {
    if (run.stdout().includes(BANNER_END)) return run.stdout();
    if (run.child.exitCode !== null || run.child.signalCode !== null) {
      assert.fail(`tierchain start exited (${run.child.exitCode ?? run.child.signalCode}) before its banner:\n${run.stderr()}`);
    }
    await sleep(100);
  }
}

function parseBanner(banner: string) {
  const docs = /API docs\s+(\S+)\/docs/.exec(banner)?.[1];
  const apiKey = /Operator API key\s+(tck_\S+)/.exec(banner)?.[1];
  const anvilPid = Number(/embedded anvil, pid (\d+)/.exec(banner)?.[1]);
  const contracts = parseContracts(banner);
  assert.ok(docs, `no API docs URL in the banner:\n${banner}`);
  assert.ok(apiKey, `no operator API key in the banner:\n${banner}`);
  assert.ok(anvilPid > 0, `no anvil pid in the banner:\n${banner}`);
  assert.equal(Object.keys(contracts).length, contractNames.length, `not every contract address in the banner:\n${banner}`);
  anvilPids.add(anvilPid);
  return { url: docs, apiKey, anvilPid, contracts };
}

/** `name → address` from the `0x…  NameA, NameB` lines of the banner or of `deploy`. */
function parseContracts(text: string): Record<string, string> {
  const contracts: Record<string, string> = {};
  for (const m of text.matchAll(/(0x[0-9a-f]{40}) {2}([A-Za-z]+(?:, [A-Za-z]+)*)$/gm)) {
    for (const name of m[2]!.split(', ')) contracts[name] = m[1]!;
  }
  return contracts;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tierchain-cli-'));
  dirs.push(dir);
  return dir;
}

describe('tierchain command line', () => {
  test('help prints the usage and exits 0', async () => {
    const r = await runToEnd(['help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: tierchain <command>/);
    for (const command of ['start', 'deploy', 'status']) assert.match(r.stdout, new RegExp(`^  ${command} `, 'm'));
  });

  test('an unknown command prints the usage on stderr and exits 2', async () => {
    const r = await runToEnd(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "frobnicate"/);
    assert.match(r.stderr, /Usage: tierchain/);
  });

  test('an unknown option is a usage error (exit 2)', async () => {
    const r = await runToEnd(['deploy', '--bogus']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown option '--bogus'/);
  });

  test('deploy without TIERCHAIN_RPC_URL names the missing setting and exits 1', async () => {
    const r = await runToEnd(['deploy'], { TIERCHAIN_DATA_DIR: tempDir() });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /tierchain: error: tierchain deploy needs TIERCHAIN_RPC_URL/);
    assert.match(r.stderr, /hint: /);
  });

  test('start on nodes that do not answer names each and how it failed, and exits 1', async () => {
    const [a, b] = [await getFreePort(), await getFreePort()];
    const r = await runToEnd(['start'], { TIERCHAIN_DATA_DIR: tempDir(), TIERCHAIN_PORT: String(await getFreePort()), TIERCHAIN_RPC_URL: `http://127.0.0.1:${a}, http://127.0.0.1:${b}` });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`chain +using http://127\\.0\\.0\\.1:${a}, http://127\\.0\\.0\\.1:${b}`));
    assert.match(r.stderr, new RegExp(`tierchain: error: cannot reach the chain: no chain node answers \\(http://127\\.0\\.0\\.1:${a}: connection refused; http://127\\.0\\.0\\.1:${b}: connection refused\\)`));
    assert.match(r.stderr, /hint: check TIERCHAIN_RPC_URL/);
  });

  test('status says when no platform answers and exits 1', async () => {
    const port = await getFreePort();
    const r = await runToEnd(['status'], { TIERCHAIN_PORT: String(port) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`no Tierchain platform answers at http://127.0.0.1:${port}`));
  });

  describe('start', () => {
    const dataDir = tempDir();
    let env: Record<string, string>;
    let first: ReturnType<typeof parseBanner>;

    test('deploys on the first start, prints the banner, serves the API with the operator key, and stops on SIGINT', TIMEOUT, async () => {
      env = {
        TIERCHAIN_DATA_DIR: dataDir,
        TIERCHAIN_PORT: String(await getFreePort()),
        TIERCHAIN_CHAIN_PORT: String(await getFreePort()),
      };
      const run = runCli(['start'], env);
      const banner = await waitForBanner(run);
      first = parseBanner(banner);
      assert.equal(first.url, `http://127.0.0.1:${env.TIERCHAIN_PORT}`);
      assert.match(banner, new RegExp(`OpenAPI\\s+${first.url}/openapi.json`));
      assert.match(banner, new RegExp(`Data directory\\s+${dataDir}`));
      assert.match(banner, new RegExp(`Chain\\s+http://127.0.0.1:${env.TIERCHAIN_CHAIN_PORT}, chain id 31337`));
      for (const step of ['database', 'chain', 'indexer']) assert.match(run.stderr(), new RegExp(`\\] ${step} `));
      assert.match(run.stderr(), /deploy +\[1\/\d+\] \w+ at 0x[0-9a-f]{40}/);
      for (const address of new Set(Object.values(first.contracts))) assert.match(run.stderr(), new RegExp(`deploy +\\[\\d+/\\d+\\] \\w+ at ${address}`));

      const health = await fetch(`${first.url}/health`);
      assert.equal(health.status, 200);
      const me = await fetch(`${first.url}/v1/me`, { headers: { authorization: `Bearer ${first.apiKey}` } });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { isOperator: boolean }).isOperator, true);

      const status = await runToEnd(['status'], { TIERCHAIN_PORT: env.TIERCHAIN_PORT! });
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /is ready/);

      const second = await runToEnd(['start'], { ...env, TIERCHAIN_PORT: String(await getFreePort()), TIERCHAIN_CHAIN_PORT: String(await getFreePort()) });
      assert.equal(second.code, 1);
      assert.match(second.stderr, new RegExp(`data directory ${dataDir} is in use by another tierchain process \\(pid ${run.child.pid}\\)`));

      run.child.kill('SIGINT');
      const { code } = await run.exited;
      assert.equal(code, 0, run.stderr());
      assert.match(run.stderr(), /stopped/);
      assert.equal(isAlive(first.anvilPid), false, 'anvil still runs');
      assert.equal(await isPortFree(Number(env.TIERCHAIN_CHAIN_PORT)), true, 'the chain port is still taken');
      assert.equal(await isPortFree(Number(env.TIERCHAIN_PORT)), true, 'the API port is still taken');
    });

    test('a second start on the same data directory reuses the contracts without deploying', TIMEOUT, async () => {
      assert.ok(first, 'needs the first start');
      const run = runCli(['start'], env);
      const again = parseBanner(await waitForBanner(run));
      assert.deepEqual(again.contracts, first.contracts);
      assert.equal(again.apiKey, first.apiKey);
      assert.doesNotMatch(run.stderr(), /deploy/);
      const me = await fetch(`${again.url}/v1/me`, { headers: { authorization: `Bearer ${again.apiKey}` } });
      assert.equal(me.status, 200);

      run.child.kill('SIGTERM');
      assert.equal((await run.exited).code, 0, run.stderr());
      assert.equal(isAlive(again.anvilPid), false, 'anvil still runs');
    });
  });

  describe('a platform started with TIERCHAIN_PORT=0 is found through its data directory', () => {
    test('status, members list / keys, demo (its regulator, sign-in keys and console URL), then nothing once stopped', { timeout: 400_000 }, async () => {
      const dataDir = tempDir();
      const env = { TIERCHAIN_DATA_DIR: dataDir, TIERCHAIN_PORT: '0', TIERCHAIN_CHAIN_PORT: '0' };
      const run = runCli(['start'], env);
      const started = parseBanner(await waitForBanner(run));
      assert.doesNotMatch(started.url, /:0$/, 'the banner names the port the system chose');

      // Only the data directory is given (and TIERCHAIN_PORT=0, as the platform was started): URL and key are found.
      const found = { TIERCHAIN_DATA_DIR: dataDir, TIERCHAIN_PORT: '0' };
      const status = await runToEnd(['status'], found);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, new RegExp(`^${started.url} is ready`));
      assert.equal((await runToEnd(['status'], { TIERCHAIN_DATA_DIR: dataDir })).code, 0, 'TIERCHAIN_PORT unset: the data directory is asked too');

      const me = JSON.parse((await runToEnd(['members', 'me', '--json'], found)).stdout) as { member: { id: string; name: string }; userId: string };
      const list = await runToEnd(['members', 'list'], found);
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, new RegExp(me.member.name));
      const keys = await runToEnd(['members', 'keys', me.member.id], found);
      assert.equal(keys.code, 0, keys.stderr);
      assert.match(keys.stdout, /user id/);
      assert.match(keys.stdout, new RegExp(me.userId), 'the user id issue-key needs');
      const issued = await runToEnd(['members', 'issue-key', me.member.id, me.userId], found);
      assert.equal(issued.code, 0, issued.stderr);
      assert.match(issued.stdout, new RegExp(`member +${me.member.name}`));

      const demo = await runToEnd(['demo'], found);
      assert.equal(demo.code, 0, demo.stderr);
      assert.match(demo.stdout, /Sign-in keys/);
      for (const name of ['Aurora Motors', 'Borealis Drivetrain Systems', 'Meridian Financial Supervision']) {
        assert.match(demo.stdout, new RegExp(`${name} +[a-z0-9 ()]+ +tck_\\S+`), `${name} and its key`);
      }
      assert.match(demo.stdout, new RegExp(`Console +${started.url}/`));
      const regulatorKey = new RegExp('Meridian Financial Supervision +regulator +(tck_\\S+)').exec(demo.stdout)![1]!;
      const regulator = await fetch(`${started.url}/v1/me`, { headers: { authorization: `Bearer ${regulatorKey}` } });
      assert.deepEqual(((await regulator.json()) as { member: { roles: string[] } }).member.roles, ['regulator'], 'the printed key signs in as the regulator');

      run.child.kill('SIGTERM');
      assert.equal((await run.exited).code, 0, run.stderr());
      const after = await runToEnd(['status'], found);
      assert.equal(after.code, 1);
      assert.match(after.stderr, new RegExp(`no Tierchain platform runs on the data directory ${dataDir}, and TIERCHAIN_PORT=0 names no port`));
    });
  });

  test('start fails with one line and a hint, without a stack trace, when the API port is taken', TIMEOUT, async () => {
    const server = createServer();
    servers.push(server);
    const port = await new Promise<number>((resolve) =>
      server.listen({ host: '127.0.0.1', port: 0 }, () => resolve((server.address() as { port: number }).port)),
    );
    const r = await runToEnd(['start'], {
      TIERCHAIN_DATA_DIR: tempDir(),
      TIERCHAIN_PORT: String(port),
      TIERCHAIN_CHAIN_PORT: String(await getFreePort()),
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`tierchain: error: cannot serve the API: 127.0.0.1:${port} is already in use`));
    assert.match(r.stderr, /hint: .*TIERCHAIN_PORT/);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  });

  describe('deploy to an external chain', () => {
    const dataDir = tempDir();
    let env: Record<string, string>;
    let deployed: { chainId: number; operator: string; deployedNow: boolean; contracts: Record<string, string> };

    test('deploys the suite from TIERCHAIN_OPERATOR_KEY and prints the addresses as JSON', TIMEOUT, async () => {
      externalAnvil = await startAnvil();
      env = { TIERCHAIN_DATA_DIR: dataDir, TIERCHAIN_RPC_URL: externalAnvil.rpcUrl, TIERCHAIN_OPERATOR_KEY: ANVIL_DEV_KEY };
      const r = await runToEnd(['deploy', '--json'], env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /deploy +\[1\/\d+\] \w+ at 0x[0-9a-f]{40}/);
      deployed = JSON.parse(r.stdout);
      assert.equal(deployed.chainId, 31337);
      assert.equal(deployed.operator, ANVIL_DEV_ADDRESS);
      assert.equal(deployed.deployedNow, true);
      assert.deepEqual(Object.keys(deployed.contracts).sort(), [...contractNames].sort());
      for (const name of contractNames) {
        const address = deployed.contracts[name];
        assert.match(address ?? '', /^0x[0-9a-f]{40}$/);
        const code = await rpc<string>(externalAnvil.rpcUrl, 'eth_getCode', [address, 'latest']);
        assert.ok(code.length > 2, `no code at ${name} ${address}`);
      }
    });

    test('a second deploy finds the recorded suite on the chain and deploys nothing', TIMEOUT, async () => {
      assert.ok(deployed, 'needs the first deploy');
      const blockBefore = await rpc<string>(externalAnvil!.rpcUrl, 'eth_blockNumber', []);
      const r = await runToEnd(['deploy'], env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /already deployed on chain 31337/);
      assert.match(r.stdout, /recorded for chain 31337/);
      assert.deepEqual(parseContracts(r.stdout), deployed.contracts);
      assert.equal(await rpc<string>(externalAnvil!.rpcUrl, 'eth_blockNumber', []), blockBefore);
    });

    test('refuses an operator key that is not the data directory\'s operator', TIMEOUT, async () => {
      assert.ok(deployed, 'needs the first deploy');
      const other = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
      const r = await runToEnd(['deploy'], { ...env, TIERCHAIN_OPERATOR_KEY: other });
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`this database's operator is ${ANVIL_DEV_ADDRESS}`));
    });
  });
});

async function rpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result as T;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
