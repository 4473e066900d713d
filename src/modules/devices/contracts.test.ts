/**
 * The device registry and the telemetry anchor on a real anvil: one serial one token, one key one device, transfers
 * only to members or custodians, deposits in XT; readings hashed, signed and leafed in TypeScript exactly as the
 * contract does, Merkle proofs of random batches checked against anchored roots, forged and tampered readings refused.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Address, Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { actor, MANUFACTURER_XT, startDevicesChain, type DevicesChain } from '../../../test/support/devicesChain.ts';
import { id32, type TxResult } from '../../../test/properties/setup.ts';
import { readingHash, readingLeaf, signReading, type Reading } from './telemetry/reading.ts';
import { buildMerkleTree, verifyMerkleProof } from './telemetry/merkle.ts';

const fails = (r: TxResult, name: string): Record<string, unknown> => {
  assert.equal(r.ok, false, `expected ${name}, but the transaction succeeded`);
  if (r.ok) throw new Error('unreachable');
  assert.equal(r.error.name, name, r.error.message);
  return r.error.args;
};
const ok = (r: TxResult) => {
  if (!r.ok) assert.fail(`reverted: ${r.error.name} ${r.error.message}`);
  return r;
};
const onChain = (r: Reading) => ({ ...r });

describe('device contracts: registry and telemetry anchor', () => {
  let c: DevicesChain;
  before(async () => {
    c = await startDevicesChain();
  });
  after(async () => {
    await c?.stop();
  });
  beforeEach(async () => {
    await c.reset();
  });

  async function register(maker = c.maker, serial = 'SN-0001', key: Address = privateKeyToAccount(generatePrivateKey()).address): Promise<bigint> {
    ok(await c.call('devices', maker, 'register', ['cnc-mill', 'VMC-850', serial, id32(`spec:${serial}`), key, 120_000n]));
    return c.read<bigint>('devices', 'deviceIdFor', [maker.address, serial]);
  }

  test('registers a device once: a second token for one serial, or a second device for one key, is refused', async () => {
    const key = privateKeyToAccount(generatePrivateKey()).address;
    const id = await register(c.maker, 'SN-0001', key);
    assert.equal((await c.read<Address>('devices', 'ownerOf', [id])).toLowerCase(), c.maker.address);
    const d = await c.read('devices', 'deviceOf', [id]);
    assert.equal(d.manufacturer.toLowerCase(), c.maker.address);
    assert.equal(d.deviceKey, key);
    assert.equal(d.salvageValue, 120_000n);
    assert.equal(d.equipmentType, id32('cnc-mill'));
    assert.equal(await c.read('devices', 'deviceIdByKey', [key]), id);

    const serial = fails(await c.call('devices', c.maker, 'register', ['cnc-mill', 'VMC-850', 'SN-0001', id32('x'), privateKeyToAccount(generatePrivateKey()).address, 1n]), 'DeviceSerialUsed');
    assert.equal(serial.id, String(id));
    const used = fails(await c.call('devices', c.maker2, 'register', ['cnc-mill', 'VMC-850', 'SN-OTHER', id32('x'), key, 1n]), 'DeviceKeyUsed');
    assert.equal(used.id, String(id));
    // The same serial under another manufacturer is another manufacturer's device.
    const other = await register(c.maker2, 'SN-0001');
    assert.notEqual(other, id);
    fails(await c.call('devices', c.lessee, 'register', ['cnc-mill', 'VMC-850', 'SN-9', id32('x'), privateKeyToAccount(generatePrivateKey()).address, 1n]), 'NotManufacturer');
    assert.equal(fails(await c.call('devices', c.maker, 'register', ['cnc-mill', 'VMC-850', '', id32('x'), privateKeyToAccount(generatePrivateKey()).address, 1n]), 'DeviceTermsInvalid').field, 'serial');
  });

  test('a key rotates only by the manufacturer, and a retired key never signs for any device again', async () => {
    const first = privateKeyToAccount(generatePrivateKey()).address;
    const id = await register(c.maker, 'SN-R', first);
    const next = privateKeyToAccount(generatePrivateKey()).address;
    fails(await c.call('devices', c.maker2, 'rotateKey', [id, next]), 'NotManufacturer');
    ok(await c.call('devices', c.maker, 'rotateKey', [id, next]));
    assert.equal(await c.read('devices', 'deviceIdByKey', [first]), 0n);
    assert.equal(await c.read('devices', 'deviceIdByKey', [next]), id);
    fails(await c.call('devices', c.maker, 'register', ['cnc-mill', 'VMC-850', 'SN-R2', id32('x'), first, 1n]), 'DeviceKeyUsed');
  });

  test('a device moves only to active members or allowed custodians', async () => {
    const id = await register();
    const r = fails(await c.call('devices', c.maker, 'transferFrom', [c.maker.address, c.outsider.address, id]), 'DeviceRecipientNotAllowed');
    assert.equal(String(r.recipient).toLowerCase(), c.outsider.address);
    ok(await c.call('devices', c.maker, 'transferFrom', [c.maker.address, c.lessee.address, id]));
    const custodian = actor('custodian');
    fails(await c.call('devices', c.maker, 'setCustodian', [custodian.address, true]), 'NotRegistryOperator');
    fails(await c.call('devices', c.lessee, 'transferFrom', [c.lessee.address, custodian.address, id]), 'DeviceRecipientNotAllowed');
    ok(await c.call('devices', c.operator, 'setCustodian', [custodian.address, true]));
    assert.equal(await c.read('devices', 'isCustodian', [custodian.address]), true);
    ok(await c.call('devices', c.lessee, 'transferFrom', [c.lessee.address, custodian.address, id]));
  });

  test('a manufacturer posts and withdraws an XT deposit; only the operator slashes it', async () => {
    ok(await c.call('devices', c.maker, 'postDeposit', [1_000_000n]));
    assert.equal(await c.read('devices', 'depositOf', [c.maker.address]), 1_000_000n);
    assert.equal(await c.read('xt', 'balanceOf', [c.devices]), 1_000_000n);
    assert.equal(await c.read('xt', 'balanceOf', [c.maker.address]), MANUFACTURER_XT - 1_000_000n);
    fails(await c.call('devices', c.lessee, 'postDeposit', [1n]), 'NotManufacturer');
    const low = fails(await c.call('devices', c.maker, 'withdrawDeposit', [1_000_001n]), 'DepositTooLow');
    assert.equal(low.available, '1000000');
    ok(await c.call('devices', c.maker, 'withdrawDeposit', [400_000n]));
    fails(await c.call('devices', c.maker, 'slashDeposit', [c.maker.address, 1n, c.lessee.address, id32('finding')]), 'NotRegistryOperator');
    ok(await c.call('devices', c.operator, 'slashDeposit', [c.maker.address, 100_000n, c.lessee.address, id32('finding')]));
    assert.equal(await c.read('devices', 'depositOf', [c.maker.address]), 500_000n);
    assert.equal(await c.read('xt', 'balanceOf', [c.lessee.address]), 100_000n);
    assert.equal(await c.read('xt', 'balanceOf', [c.devices]), 500_000n, 'the registry holds exactly the deposits');
  });

  test('the TypeScript reading hash and leaf equal the contract\'s, and random batches prove every reading against their anchored root', async () => {
    const key = privateKeyToAccount(generatePrivateKey());
    const id = await register(c.maker, 'SN-M', key.address);
    const arb = fc.record({
      seq: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      time: fc.integer({ min: 0, max: 2 ** 40 - 1 }),
      usageMilliHours: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      latE6: fc.integer({ min: -90_000_000, max: 90_000_000 }),
      lonE6: fc.integer({ min: -180_000_000, max: 180_000_000 }),
      status: fc.integer({ min: 0, max: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(arb, { minLength: 1, maxLength: 9 }), async (fields) => {
        const readings: Reading[] = fields.map((f) => ({ deviceId: id, ...f }));
        const signatures = await Promise.all(readings.map((r) => signReading(key, r)));
        const leaves = readings.map((r, i) => readingLeaf(r, signatures[i]!));
        assert.equal(await c.read('anchor', 'readingHashOf', [onChain(readings[0]!)]), readingHash(readings[0]!));
        assert.equal(await c.read('anchor', 'leafOf', [onChain(readings[0]!), signatures[0]]), leaves[0]);
        const tree = buildMerkleTree(leaves);
        const anchored = ok(await c.call('anchor', c.operator, 'anchor', [tree.root, readings.length, 0, 0]));
        assert.ok(anchored.logs.length === 1);
        const batchId = await c.read<bigint>('anchor', 'batchCount', []);
        for (let i = 0; i < readings.length; i++) {
          const proof = tree.proof(i);
          assert.ok(verifyMerkleProof(proof, tree.root, leaves[i]!));
          assert.equal(await c.read('anchor', 'isAnchored', [batchId, onChain(readings[i]!), signatures[i], proof]), true, `reading ${i} of ${readings.length}`);
        }
        // A tampered reading (one more milli-hour) is in no batch.
        const tampered = { ...readings[0]!, usageMilliHours: readings[0]!.usageMilliHours === 0n ? 1n : readings[0]!.usageMilliHours - 1n };
        const tamperedSig = await signReading(key, tampered);
        assert.equal(await c.read('anchor', 'isAnchored', [batchId, onChain(tampered), tamperedSig, tree.proof(0)]), false);
      }),
      { numRuns: 12 },
    );
  });

  test('a forged signature, an unknown batch and a reading outside the batch are refused by requireAnchored', async () => {
    const key = privateKeyToAccount(generatePrivateKey());
    const forger = privateKeyToAccount(generatePrivateKey());
    const id = await register(c.maker, 'SN-F', key.address);
    const reading: Reading = { deviceId: id, seq: 1n, time: 1_900_000_000, usageMilliHours: 12_500n, latE6: 31_230_416, lonE6: 121_473_701, status: 0 };
    const good = await signReading(key, reading);
    const forged = await signReading(forger, reading);
    const tree = buildMerkleTree([readingLeaf(reading, good), readingLeaf(reading, forged)]);
    fails(await c.call('anchor', c.maker, 'anchor', [tree.root, 2, 0, 0]), 'NotAnchorer');
    fails(await c.call('anchor', c.operator, 'anchor', [tree.root, 0, 0, 0]), 'BatchEmpty');
    ok(await c.call('anchor', c.operator, 'anchor', [tree.root, 2, 0, 0]));
    const read = (sig: Hex, proof: Hex[], batch = 1n) => c.read('anchor', 'isAnchored', [batch, onChain(reading), sig, proof]);
    assert.equal(await read(good, tree.proof(0)), true);
    // In the tree, but signed by a key that is not the device's: refused all the same.
    assert.equal(await read(forged, tree.proof(1)), false);
    await assert.rejects(c.read('anchor', 'requireAnchored', [1n, onChain(reading), forged, tree.proof(1)]), /ReadingSignatureInvalid/);
    await assert.rejects(c.read('anchor', 'requireAnchored', [2n, onChain(reading), good, tree.proof(0)]), /BatchUnknown/);
    await assert.rejects(c.read('anchor', 'requireAnchored', [1n, { ...onChain(reading), seq: 2n }, await signReading(key, { ...reading, seq: 2n }), tree.proof(0)]), /ReadingNotAnchored/);
    await c.read('anchor', 'requireAnchored', [1n, onChain(reading), good, tree.proof(0)]);
    // The operator names anchorers.
    fails(await c.call('anchor', c.maker, 'setAnchorer', [c.maker.address, true]), 'NotRegistryOperator');
    ok(await c.call('anchor', c.operator, 'setAnchorer', [c.maker.address, true]));
    ok(await c.call('anchor', c.maker, 'anchor', [id32('another root'), 1, 0, 0]));
  });
});
