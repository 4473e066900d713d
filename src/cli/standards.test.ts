/**
 * The standards commands end to end through `node bin/tierchain.mjs` against a platform in this process: a bank
 * gateway imports a camt.054 file and exports withdrawals as pain.001, a supplier submits a UBL invoice, documents are
 * encrypted, opened and granted with keys on the caller's disk, and the regulator writes a report as CSV.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onboard, startTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { postConfirmed } from '../../test/support/e2e.ts';
import { formConsortium } from '../../test/support/receivables.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'tierchain.mjs');
const FIXTURES = join(ROOT, 'test', 'fixtures');

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TIERCHAIN_') && k !== 'DATABASE_URL' && k !== 'NODE_TEST_CONTEXT') env[k] = v;
  return { ...env, TIERCHAIN_DATA_DIR: join(ROOT, '.nonexistent-standards-test-dir') };
}

describe('tierchain bank | invoices | documents | reports', { timeout: 600_000 }, () => {
  let t: TestPlatform;
  const dir = mkdtempSync(join(tmpdir(), 'tierchain-standards-cli-'));
  const who: Record<'bank' | 'core' | 'supplier' | 'regulator', { id: string; address: string; apiKey: string }> = {} as never;
  let consortiumId: string;

  const cli = (args: string[], key: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args, '--url', t.url!, '--key', key], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  const ok = async (args: string[], key: string) => {
    const r = await cli(args, key);
    assert.equal(r.code, 0, `tierchain ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r;
  };

  before(async () => {
    t = await startTestPlatform();
    [who.bank, who.core, who.supplier, who.regulator] = await Promise.all([
      onboard(t, { name: 'CLI Bank', registrationNumber: 'CLI-BANK', roles: ['bank_gateway'] }),
      onboard(t, { name: 'Core Motors Co., Ltd.', registrationNumber: '91110000100012345X', roles: ['core_enterprise'] }),
      onboard(t, { name: 'Tier One Parts (Shanghai) Co., Ltd.', registrationNumber: '9131000066778899AB', roles: ['supplier'] }),
      onboard(t, { name: 'CLI Regulator', registrationNumber: 'CLI-REG', roles: ['regulator'] }),
    ]);
    consortiumId = await formConsortium(t, who.core, [who.supplier], 'CLI chain');
  });
  after(async () => {
    await t?.close();
  });

  test('bank account, import <camt.054>, a duplicate refused by name (exit 1), export-withdrawals --out', async () => {
    await ok(['bank', 'account', who.bank.id, '110060149018800012345', '--holder', 'Tierchain Settlement Account', '--bic', 'GWBKCNBJXXX'], who.bank.apiKey);
    await ok(['bank', 'account', who.core.id, '6222020200112233445', '--holder', 'Core Motors Co., Ltd.'], who.core.apiKey);
    await ok(['bank', 'account', who.supplier.id, 'DE89370400440532013000', '--holder', 'Tier One Parts GmbH'], who.supplier.apiKey);
    const imported = JSON.parse((await ok(['bank', 'import', join(FIXTURES, 'iso20022', 'camt054-v08-credits.xml'), '--json'], who.bank.apiKey)).stdout);
    assert.equal(imported.credited, '12800050');
    assert.deepEqual(imported.commands.map((c: { status: string }) => c.status), ['confirmed', 'confirmed', 'confirmed']);
    const again = await cli(['bank', 'import', join(FIXTURES, 'iso20022', 'camt054-v08-credits.xml')], who.bank.apiKey);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /BankMessageDuplicate/);
    await postConfirmed(t, '/v1/xt/withdrawals', { key: who.supplier.apiKey, body: { amount: '70025', reference: 'WD-TIER1-0001' } });
    const out = join(dir, 'pain001.xml');
    await ok(['bank', 'export-withdrawals', '--out', out], who.bank.apiKey);
    const xml = readFileSync(out, 'utf8');
    assert.match(xml, /<InstdAmt Ccy="CNY">700\.25<\/InstdAmt>/);
    assert.match(xml, /TC68767D6484DA4BF76DE6DAD796E0F69B/);
  });

  test('invoices submit <UBL file> --consortium', async () => {
    const file = join(dir, 'invoice.xml');
    const due = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
    writeFileSync(file, readFileSync(join(FIXTURES, 'ubl', 'invoice-bis3-cny.xml'), 'utf8').replace(/<cbc:DueDate>[^<]*</, `<cbc:DueDate>${due}<`));
    const r = await ok(['invoices', 'submit', file, '--consortium', consortiumId, '--json'], who.supplier.apiKey);
    const body = JSON.parse(r.stdout);
    assert.equal(body.invoice.invoiceNumber, 'TOP-2026-001187');
    assert.equal(body.invoice.payable, '1583700');
    const bad = await cli(['invoices', 'submit', join(FIXTURES, 'ubl', 'invalid-BR-CO-15-total-with-vat.xml'), '--consortium', consortiumId], who.supplier.apiKey);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /BR-CO-15/);
  });

  test('documents new-key, upload, open (decrypted here, digests checked), reports outstanding as CSV', async () => {
    const keys = { supplier: join(dir, 'supplier.key'), core: join(dir, 'core.key'), regulator: join(dir, 'regulator.key') };
    await ok(['documents', 'new-key', '--out', keys.supplier], who.supplier.apiKey);
    await ok(['documents', 'new-key', '--out', keys.core], who.core.apiKey);
    await ok(['documents', 'new-key', '--out', keys.regulator], who.regulator.apiKey);
    const file = join(dir, 'contract.txt');
    writeFileSync(file, 'Purchase contract PC-2026-118');
    const up = JSON.parse((await ok(['documents', 'upload', file, '--kind', 'contract', '--parties', who.core.id, '--json'], who.supplier.apiKey)).stdout);
    const opened = join(dir, 'opened.txt');
    await ok(['documents', 'open', up.document.id, '--private-key', keys.core, '--out', opened], who.core.apiKey);
    assert.equal(readFileSync(opened, 'utf8'), 'Purchase contract PC-2026-118');
    const wrongKey = await cli(['documents', 'open', up.document.id, '--private-key', keys.supplier, '--out', join(dir, 'x')], who.core.apiKey);
    assert.notEqual(wrongKey.code, 0);

    const csv = join(dir, 'outstanding.csv');
    await ok(['reports', 'outstanding', '--out', csv], who.regulator.apiKey);
    assert.ok(readFileSync(csv, 'utf8').startsWith('claim_id,root_id,kind,obligor,due_date,issued,outstanding,holders,consortium_id,documents_hash\r\n'));
  });
});
