// `tierchain devnet` as a user runs it: a child process printing its nodes, stopped with Ctrl-C (SIGINT). The network
// runs on geth v1.13.15 (skipped locally without it, required in CI); a missing geth is tested everywhere.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gethForTests } from '../../test/support/geth.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'tierchain.mjs');
const dirs: string[] = [];
const children = new Set<ChildProcess>();
const gethPids = new Set<number>();

after(() => {
  // A run that failed half-way: its process first (it stops its nodes), then any node it left, by pid.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of gethPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string>) {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TIERCHAIN_') && k !== 'NODE_TEST_CONTEXT') clean[k] = v;
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function until(r: ReturnType<typeof run>, text: string): Promise<string> {
  for (;;) {
    if (r.stdout().includes(text)) return r.stdout();
    if (r.child.exitCode !== null) assert.fail(`tierchain devnet exited (${r.child.exitCode}) before printing "${text}":\n${r.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('tierchain devnet without geth on PATH says how to build it, and exits 1', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tierchain-devnet-cli-'));
  dirs.push(dataDir);
  const r = run(['devnet'], { PATH: '/nonexistent', TIERCHAIN_DATA_DIR: dataDir });
  assert.equal(await r.exited, 1);
  assert.match(r.stderr(), /^tierchain: error: geth \(go-ethereum v1\.13\.15\) is not on PATH; build it with: go install -ldflags=-checklinkname=0 github\.com\/ethereum\/go-ethereum\/cmd\/geth@v1\.13\.15 +\(then put \$\(go env GOPATH\)\/bin on PATH\)$/m);
});

const g = gethForTests();

describe('tierchain devnet', { skip: 'skip' in g ? g.skip : false }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tierchain-devnet-cli-'));
  dirs.push(dataDir);

  test('starts 3 signers on 127.0.0.1, prints their RPC URLs and the start command, stops them on Ctrl-C; the next run continues the chain', { timeout: 180_000 }, async () => {
    const first = run(['devnet', '--port', '0'], { TIERCHAIN_DATA_DIR: dataDir });
    const banner = await until(first, 'Press Ctrl-C to stop');
    const nodes = [...banner.matchAll(/^ {2}node (\d) +(http:\/\/127\.0\.0\.1:\d+) +signer (0x[0-9a-fA-F]{40}) +pid (\d+)$/gm)].map((m) => ({ url: m[2]!, pid: Number(m[4]) }));
    assert.equal(nodes.length, 3, banner);
    for (const n of nodes) gethPids.add(n.pid);
    assert.match(banner, /3 Clique signers, 1 s blocks, chain id 4242 \(geth 1\.13\.15/);
    const urls = nodes.map((n) => n.url).join(',');
    assert.match(banner, new RegExp(`TIERCHAIN_DATA_DIR=${dataDir} TIERCHAIN_RPC_URL=${urls} TIERCHAIN_CONFIRMATIONS=3 TIERCHAIN_OPERATOR_KEY=\\$\\(cat ${dataDir}/devnet/operator.key\\) tierchain start`));
    for (const n of nodes) assert.equal(await rpc(n.url, 'eth_chainId'), '0x1092');
    const reached = Number(await rpc(nodes[0]!.url, 'eth_blockNumber'));

    first.child.kill('SIGINT');
    assert.equal(await first.exited, 0, first.stderr());
    assert.match(first.stderr(), /stopped +chain kept in .*\/devnet/);
    for (const n of nodes) assert.equal(isAlive(n.pid), false, `geth pid ${n.pid} still runs`);

    const second = run(['devnet', '--port', '0', '--json'], { TIERCHAIN_DATA_DIR: dataDir });
    const line = (await until(second, '\n')).trim();
    const summary = JSON.parse(line) as { chainId: number; rpcUrls: string[]; nodes: Array<{ pid: number }>; confirmations: number; operatorKeyFile: string };
    for (const n of summary.nodes) gethPids.add(n.pid);
    assert.equal(summary.chainId, 4242);
    assert.equal(summary.confirmations, 3);
    assert.equal(summary.operatorKeyFile, join(dataDir, 'devnet', 'operator.key'));
    assert.ok(Number(await rpc(summary.rpcUrls[2]!, 'eth_blockNumber')) >= reached, 'the chain continues');
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0, second.stderr());
    for (const n of summary.nodes) assert.equal(isAlive(n.pid), false);
  });
});

async function rpc(url: string, method: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }) });
  return ((await response.json()) as { result: string }).result;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
