/**
 * `tierchain listings create|fund|list|claim` end to end: a platform runs in this process, each step spawns the CLI
 * against it with the member's key; a payout the chain refuses prints its decoded error and exits 1.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { keccak256, toHex } from 'viem';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { postConfirmed, waitFor } from '../../../test/support/e2e.ts';
import { chainTime, DAY, depositXt, formConsortium, isoDate, type Member } from '../../../test/support/receivables.ts';
import { findListing, getPool } from './queries.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'tierchain.mjs');

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('TIERCHAIN_') || k === 'DATABASE_URL' || k === 'NODE_TEST_CONTEXT') continue;
    env[k] = v;
  }
  return { ...env, TIERCHAIN_DATA_DIR: join(ROOT, '.nonexistent-listings-cli-dir') };
}

describe('tierchain listings: create, fund, list, claim', { timeout: 600_000 }, () => {
  let t: TestPlatform;
  let C: Member, S: Member, F: Member, B: Member;
  let claimId: string;
  let consortiumId: string;

  const cli = (args: string[], key: string) =>
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

  before(async () => {
    t = await startTestPlatform();
    [C, S, F, B] = await Promise.all([
      onboard(t, { name: 'Core Motors', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Tier1 Gearboxes', roles: ['supplier'] }),
      onboard(t, { name: 'Retail Investor', roles: ['funder'] }),
      onboard(t, { name: 'Gateway Bank', roles: ['bank_gateway'] }),
    ]);
    consortiumId = await formConsortium(t, C, [S, F]);
    await depositXt(t, B, F, 10_000_000n);
    await postConfirmed(t, '/v1/credit-lines', { body: { obligorMemberId: C.id, limit: '100000000' } });
    const r = await postConfirmed(t, '/v1/payables', {
      key: C.apiKey,
      body: { supplierMemberId: S.id, consortiumId, invoiceNumber: 'INV-CLI', amount: '100000', dueDate: isoDate((await chainTime(t)) + 60 * DAY) },
    });
    claimId = BigInt(r.body.claimId).toString();
  });

  after(async () => {
    await t?.close();
  });

  test('a listing is created and funded from the CLI, listed, and a refused payout exits 1 with its code', async () => {
    const created = await cli(['listings', 'create', 'cli-1', claimId, '1,000.00', '990.00', '--deadline', '10d'], S.apiKey);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /listed 1,000\.00 of claim/);
    const listingId = keccak256(toHex('listing:cli-1'));
    await waitFor('listing indexed', async () => (await findListing(t.db, listingId))?.status === 'open');
    const funded = await cli(['listings', 'fund', 'cli-1', '990.00'], F.apiKey);
    assert.equal(funded.code, 0, funded.stderr);
    await waitFor('listing funded', async () => (await findListing(t.db, listingId))?.status === 'funded');
    const list = await cli(['listings', 'list'], F.apiKey);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /funded/);
    const claim = await cli(['listings', 'claim', 'cli-1'], F.apiKey);
    assert.equal(claim.code, 1, claim.stdout);
    assert.match(claim.stderr + claim.stdout, /NothingToPay|nothing is due/);
    const notInvestor = await cli(['listings', 'fund', 'cli-1', '1.00'], S.apiKey);
    assert.equal(notInvestor.code, 1);
    assert.match(notInvestor.stderr, /NotInvestor|investor/);
  });

  test('a pool from the CLI: create, cover, deposit, close, claim, show, statement (CSV), a refused withdrawal and a bad tranche', async () => {
    const run = async (args: string[], key: string, code = 0) => {
      const r = await cli(args, key);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      return r;
    };
    const created = await run(
      ['pools', 'create', 'cli-pool', consortiumId, '--maturity', '300d', '--yields', '500,1000,2000', '--limit-per-obligor', '1,000,000.00', '--obligors', C.id,
        '--epoch-days', '0', '--min-subordination-bps', '2000', '--min-cover-bps', '1000'],
      F.apiKey,
    );
    assert.match(created.stdout, /created pool 0x[0-9a-f]{64}/);
    assert.match(created.stdout, /minimum subordination\s+20\.00%/);
    await run(['pools', 'cover', 'cli-pool', '1,500.00'], F.apiKey);
    await run(['pools', 'deposit', 'cli-pool', 'C', '2,000.00'], F.apiKey);
    await run(['pools', 'deposit', 'cli-pool', 'a', '10,000.00'], F.apiKey);
    await run(['pools', 'close', 'cli-pool'], F.apiKey);
    await run(['pools', 'claim', 'cli-pool', 'A'], F.apiKey);
    await run(['pools', 'claim', 'cli-pool', 'C'], F.apiKey);
    const poolId = keccak256(toHex('pool:cli-pool'));
    await waitFor('pool indexed', async () => (await getPool(t.db, poolId).catch(() => undefined))?.epochs === 1);
    // A may take (2,000 × 10,000 − 2,000 × 2,000) / 2,000 = 8,000.00 of its 10,000.00: 20 % subordination.
    const show = await run(['pools', 'show', 'cli-pool'], F.apiKey);
    assert.match(show.stdout, /A\s+8,000\.00\s+8,000\.00/);
    assert.match(show.stdout, /subordination\s+20\.00% \(minimum 20\.00%\)/);
    // 10 % of the 10,000.00 in the tranches stays committed: 500.00 of the 1,500.00 is free, not 500.01.
    const locked = await run(['pools', 'cover', 'cli-pool', '500.01', '--withdraw'], F.apiKey, 1);
    assert.match(locked.stderr, /CoverLocked/);
    await run(['pools', 'cover', 'cli-pool', '500.00', '--withdraw'], F.apiKey);
    const csv = await run(['pools', 'statement', 'cli-pool', '--csv'], F.apiKey);
    const rows = csv.stdout.trim().split(/\r?\n/);
    assert.equal(rows.length, 3, csv.stdout);
    assert.match(rows[1]!, /,1,[^,]+,A,0,0,0\.00,800000,200000,800000,/);
    const text = await run(['pools', 'statement', 'cli-pool'], F.apiKey);
    assert.match(text.stdout, /deposited\s+10,000\.00 XT/);
    const bad = await run(['pools', 'deposit', 'cli-pool', 'D', '1.00'], F.apiKey, 2);
    assert.match(bad.stderr, /tranche/);
  });
});
