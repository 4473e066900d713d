/**
 * The operation commands end to end: a platform runs in this process (startTestPlatform), and each step spawns
 * `node bin/tierchain.mjs <resource> <action> … --url --key` against it — onboarding, a consortium invitation,
 * a credit line, a payable, a split-transfer, the claim and its trace as a tree, a transfer the API refuses
 * (its code, exit 1), a bad amount (exit 2), and --no-wait followed by `commands wait`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { createTierchainClient, type TierchainClient } from '../sdk/index.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'tierchain.mjs');

/** The environment without the Tierchain settings of the machine running the tests. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('TIERCHAIN_') || k === 'DATABASE_URL' || k === 'NODE_TEST_CONTEXT') continue;
    env[k] = v;
  }
  return { ...env, TIERCHAIN_DATA_DIR: join(ROOT, '.nonexistent-ops-test-dir') };
}

describe('tierchain <resource> <action>: operations through the SDK against a running platform', { timeout: 600_000 }, () => {
  let t: TestPlatform;
  let op: TierchainClient;
  let opKey: string;
  const m: Record<'core' | 's1' | 's2', { id: string; key: string }> = {} as never;
  let consortiumId: string;
  let claimId: string;

  /** Runs the CLI (asynchronously: the platform answering it lives in this process). */
  const cli = (args: string[], key = opKey) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args, '--url', t.url!, '--key', key], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  const ok = async (args: string[], key?: string) => {
    const r = await cli(args, key);
    assert.equal(r.code, 0, `tierchain ${args.join(' ')} exited ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
    return r;
  };

  before(async () => {
    t = await startTestPlatform();
    opKey = t.operator.apiKey!;
    op = createTierchainClient({ baseUrl: t.url!, apiKey: opKey });
    const [core, s1] = await Promise.all(
      [['Ops Core Motors', 'core_enterprise'], ['Ops Tier1 Gears', 'supplier']].map(([name, role]) =>
        op.members.create({ name: name!, registrationNumber: `OPS-${role}`, roles: [role as 'supplier'] }, { wait: true }),
      ),
    );
    m.core = { id: core!.member.id, key: core!.apiKey! };
    m.s1 = { id: s1!.member.id, key: s1!.apiKey! };
    const coreApi = op.withApiKey(m.core.key);
    ({ consortiumId } = await coreApi.consortia.create({ name: 'Ops supply chain' }, { wait: true }));
    await coreApi.consortia.invite(consortiumId, m.s1.id, { wait: true });
    await op.withApiKey(m.s1.key).consortia.accept(consortiumId, { wait: true });
  });

  after(async () => {
    await t?.close();
  });

  test('members create, consortia invite and accept, credit-lines set', async () => {
    const created = await ok(['members', 'create', '--name', 'Ops Tier2 Castings', '--registration', 'OPS-S2', '--roles', 'supplier', '--json']);
    const body = JSON.parse(created.stdout) as { member: { id: string; status: string }; apiKey: string; commands: Array<{ status: string }> };
    assert.equal(body.member.status, 'certified');
    assert.ok(body.commands.every((c) => c.status === 'confirmed'));
    m.s2 = { id: body.member.id, key: body.apiKey };

    const invited = await ok(['consortia', 'invite', consortiumId, m.s2.id], m.core.key);
    // Progress on stderr, step by step, the result on stdout.
    assert.match(invited.stderr, /\] accepted\s+consortium\.invite\s[\s\S]*\] submitted\s+consortium\.invite\s.*tx 0x[\s\S]*\] confirmed\s+consortium\.invite\s.*block \d+/);
    assert.match(invited.stdout, /invited/);
    await ok(['consortia', 'accept', consortiumId], m.s2.key);
    const shown = await ok(['consortia', 'show', consortiumId]);
    assert.match(shown.stdout, /Ops Tier2 Castings\s+member/);

    const line = await ok(['credit-lines', 'set', m.core.id, '10,000,000.00']);
    assert.match(line.stdout, /10,000,000\.00 XT/);
    assert.equal((await op.creditLines.get(m.core.id)).limit, '1000000000');
  });

  test('payables issue, claims transfer, show and trace (a tree with both holders)', async () => {
    const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const issued = await ok(
      ['payables', 'issue', '--supplier', m.s1.id, '--consortium', consortiumId, '--invoice', 'OPS-INV-1', '--amount', '1,000,000.00', '--due', due, '--late-rate-bps', '500'],
      m.core.key,
    );
    claimId = /claim\s+(0x[0-9a-f]{64})/.exec(issued.stdout)?.[1] ?? '';
    assert.ok(claimId, issued.stdout);
    assert.match(issued.stdout, /1,000,000\.00 XT/);

    const moved = await ok(['claims', 'transfer', claimId, m.s2.id, '400000'], m.s1.key);
    assert.match(moved.stdout, /transferred 400,000\.00 of/);
    assert.match(moved.stderr, /accepted[\s\S]*confirmed/);

    const shown = await ok(['claims', 'show', claimId]);
    assert.match(shown.stdout, /supply\s+1,000,000\.00 XT/);
    assert.match(shown.stdout, /Ops Tier1 Gears\s+\S+\s+600,000\.00/);
    assert.match(shown.stdout, /Ops Tier2 Castings\s+\S+\s+400,000\.00/);

    const trace = await ok(['claims', 'trace', claimId]);
    assert.match(trace.stdout, /Trace of claim/);
    assert.match(trace.stdout, /issued\s+1,000,000\.00 to Ops Tier1 Gears/);
    assert.match(trace.stdout, /split\s+400,000\.00 Ops Tier1 Gears \[hop 0\] → Ops Tier2 Castings \[hop 1\]/);
    assert.match(trace.stdout, /└─ holders now: Ops Tier1 Gears 600,000\.00; Ops Tier2 Castings 400,000\.00/);

    const json = await ok(['claims', 'show', claimId, '--json'], m.s1.key);
    assert.equal(JSON.parse(json.stdout).yourHolding.balance, '60000000');
  });

  test('credit-lines propose-guarantor, accept-guarantee, show, withdraw-guarantee; claims pay shows the split', async () => {
    const guarantor = await op.members.create({ name: 'Ops Surety', registrationNumber: 'OPS-guarantor', roles: ['guarantor'] }, { wait: true });
    const proposed = await ok(['credit-lines', 'propose-guarantor', m.core.id, guarantor.member.id]);
    assert.match(proposed.stdout, /takes effect when the guarantor accepts/);
    const accepted = await ok(['credit-lines', 'accept-guarantee', m.core.id], guarantor.apiKey!);
    assert.match(accepted.stdout, /you guarantee the credit line/);
    const shown = await ok(['credit-lines', 'show', m.core.id]);
    assert.match(shown.stdout, /guarantee\s+Ops Surety.*\(active since /);
    const withdrawn = await ok(['credit-lines', 'withdraw-guarantee', m.core.id], guarantor.apiKey!);
    assert.match(withdrawn.stdout, /withdrawn for future issuance/);

    // A payment before the due date is all principal: the answer shows the split and what is still owed.
    const bank = await op.members.create({ name: 'Ops Bank', registrationNumber: 'OPS-bank', roles: ['bank_gateway'] }, { wait: true });
    await op.withApiKey(bank.apiKey!).xt.deposit({ memberId: m.core.id, amount: '100000', reference: 'OPS-PAY-1' }, { wait: true });
    const paid = await ok(['claims', 'pay', claimId, '1,000.00'], m.core.key);
    assert.match(paid.stdout, /paid 1,000\.00 XT into the settlement of 0x[0-9a-f]{64} as its obligor/);
    assert.match(paid.stdout, /late interest\s+0\.00 XT \(settled first\)/);
    assert.match(paid.stdout, /still owed\s+999,000\.00 XT/);
    const owed = await ok(['claims', 'show', claimId], m.core.key);
    assert.match(owed.stdout, /owed now\s+999,000\.00 XT: principal 999,000\.00 \+ late interest 0\.00/);
  });

  test('a transfer the API refuses prints its code and field, and exits 1', async () => {
    const refused = await cli(['claims', 'transfer', claimId, m.s2.id, '600,000.01'], m.s1.key);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /tierchain: error: insufficient_holding: .*less than the 600,000.01 XT requested \(field amount\)/);
    assert.equal(refused.stdout, '');

    const asJson = await cli(['claims', 'transfer', claimId, m.s2.id, '600,000.01', '--json'], m.s1.key);
    assert.equal(asJson.code, 1);
    assert.deepEqual(
      (({ status, code, details }) => ({ status, code, field: details.field }))(JSON.parse(asJson.stdout).error),
      { status: 422, code: 'insufficient_holding', field: 'amount' },
    );
  });

  test('advances issue, list and close; credit score', async () => {
    const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const issued = await ok(['advances', 'issue', '--kind', 'purchase_order', '--to', m.s1.id, '--consortium', consortiumId, '--order', 'OPS-PO-1', '--amount', '5,000.00', '--due', due], m.core.key);
    assert.match(issued.stdout, /purchase-order financing: order OPS-PO-1, 5,000\.00 XT of CTs/);
    const advance = /claim\s+(0x[0-9a-f]{64})/.exec(issued.stdout)?.[1] ?? '';
    assert.ok(advance, issued.stdout);
    assert.match((await ok(['advances', 'list'], m.core.key)).stdout, /OPS-PO-1\s+.*open/);
    const closed = await ok(['advances', 'close', advance, '--invoice', 'OPS-INV-9', '--delivery-hash', `0x${'de'.repeat(32)}`], m.core.key);
    assert.match(closed.stdout, /closed by invoice OPS-INV-9/);
    const score = await ok(['credit', 'score', m.core.id]);
    assert.match(score.stdout, /tierchain\.credit\/1/);
    assert.match((await ok(['credit', 'scores'])).stdout, /Ops/);
  });

  test('usage errors exit 2 before anything is sent', async () => {
    const badAmount = await cli(['claims', 'transfer', claimId, m.s2.id, '1.001'], m.s1.key);
    assert.equal(badAmount.code, 2, badAmount.stderr);
    assert.match(badAmount.stderr, /amount: "1\.001" has more than 2 decimals/);
    const missing = await cli(['claims', 'transfer', claimId], m.s1.key);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /claims transfer: expected <claimId> <toMemberId> <amount>/);
    const unknown = await cli(['claims', 'burn', claimId]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown action "burn"/);
  });

  test('--no-wait returns at once; commands wait follows the command to the end', async () => {
    const sent = await ok(['claims', 'transfer', claimId, m.s2.id, '1.00', '--no-wait', '--json'], m.s1.key);
    const body = JSON.parse(sent.stdout) as { commands: Array<{ id: string; status: string }> };
    assert.equal(body.commands[0]!.status, 'accepted');
    const waited = await ok(['commands', 'wait', body.commands[0]!.id], m.s1.key);
    assert.match(waited.stdout, /confirmed\s+claim\S*\s/);
    assert.equal((await op.withApiKey(m.s1.key).claims.get(claimId)).yourHolding?.balance, '59999900');
  });
});
