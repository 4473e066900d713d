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
import { findListing } from './queries.ts';

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

describe('tierchain listings: create, fund, list, claim', { timeout: 180_000 }, () => {
  let t: TestPlatform;
  let C: Member, S: Member, F: Member, B: Member;
  let claimId: string;

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
    const consortiumId = await formConsortium(t, C, [S, F]);
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
});
