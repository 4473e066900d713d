/**
 * An enterprise's legal identity cannot be squatted (docs/adr/011-registration-by-certifier.md). The hash of the
 * public registration number and name is no secret: before, any account could register it to its own address
 * first, and the operator's onboarding then failed for good. Now only a certifier registers, on the enterprise's
 * behalf. Whole platform on PGlite; the squatter is a fresh key funded on anvil that calls the registry directly.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFunctionData, parseAbi, zeroAddress, type Abi, type Address, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { at, suite } from '../../../test/support/contracts.ts';
import { legalIdentityHash } from './index.ts';
import { onboard, startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { assertError, newKey, simulateRevert } from '../../../test/support/e2e.ts';
import { assertRevertsOnChain, bypassApi } from '../../../test/support/receivables.ts';
import { fundedOutsider, type Outsider } from '../../../test/support/outsider.ts';

const registryAbi = suite.MemberRegistry.abi as Abi;
const ZERO32 = `0x${'0'.repeat(64)}` as Hex;
const MemberStatus = { None: 0, Certified: 2 } as const;

describe('identity squatting', () => {
  let t: TestPlatform;
  let squatter: Outsider;
  const acme = { name: 'Acme Brake Systems Co', registrationNumber: '91310000ACME01' };
  const acmeId = legalIdentityHash(acme.registrationNumber, acme.name);

  const registry = () => at(t.deployment, 'MemberRegistry');
  const holderOf = (legalIdHash: Hex) =>
    t.client.readContract({ address: registry(), abi: suite.MemberRegistry.abi, functionName: 'identityHolder', args: [legalIdHash] });
  const memberOf = (address: string) =>
    t.client.readContract({ address: registry(), abi: suite.MemberRegistry.abi, functionName: 'memberOf', args: [address as Address] });
  const count = async (sql: string) => Number((await t.db.query<{ n: string }>(sql)).rows[0]!.n);

  before(async () => {
    t = await startTestPlatform();
    squatter = await fundedOutsider(t);
  });

  after(async () => {
    await t?.close();
  });

  test('an outside account cannot register an enterprise\'s legal identity, to itself or to any address', async () => {
    for (const member of [squatter.address, privateKeyToAccount(generatePrivateKey()).address]) {
      const { receipt, revert } = await squatter.send({ to: registry(), abi: registryAbi, functionName: 'register', args: [member, acmeId, ZERO32] });
      assert.equal(receipt.status, 'reverted', `register(${member}) by an outsider was mined as a success`);
      assert.equal(revert?.name, 'NotCertifier');
      assert.equal(String(revert?.args.caller).toLowerCase(), squatter.address.toLowerCase());
    }
    // The self-registration entry point of before is gone: its selector reverts.
    const legacy = encodeFunctionData({ abi: parseAbi(['function register(bytes32 legalIdHash, bytes32 documentsHash)']), args: [acmeId, ZERO32] });
    assert.equal((await squatter.sendData(registry(), legacy)).status, 'reverted');

    assert.equal(await holderOf(acmeId), zeroAddress);
    assert.equal((await memberOf(squatter.address)).status, MemberStatus.None);
  });

  test('a certified member that is not a certifier cannot register one either', async () => {
    const supplier = await onboard(t, { name: 'Squatting Supplier', roles: ['supplier'] });
    await assertRevertsOnChain(t, 'NotCertifier', {
      signer: supplier.address,
      contract: 'MemberRegistry',
      functionName: 'register',
      args: [supplier.address, acmeId, ZERO32],
    });
    assert.equal(await holderOf(acmeId), zeroAddress);
  });

  test('the operator then onboards the enterprise as usual, and the identity is bound to its address for good', async () => {
    const acmeMember = await onboard(t, { ...acme, roles: ['supplier'] });
    const register = acmeMember.commands.find((c) => c.kind === 'member.register');
    assert.equal(register?.signer, t.operator.address.toLowerCase());
    assert.equal((await holderOf(acmeId)).toLowerCase(), acmeMember.address);
    const onChain = await memberOf(acmeMember.address);
    assert.equal(onChain.status, MemberStatus.Certified);
    assert.equal(onChain.legalIdHash, acmeId);
    const view = await t.api('GET', `/v1/members/${acmeMember.id}`);
    assert.equal(view.body.status, 'certified');

    // Still refused to the outsider; and even a certifier cannot bind the identity to a second address.
    const again = await squatter.send({ to: registry(), abi: registryAbi, functionName: 'register', args: [squatter.address, acmeId, ZERO32] });
    assert.equal(again.receipt.status, 'reverted');
    assert.equal(again.revert?.name, 'NotCertifier');
    const byOperator = await simulateRevert(t, {
      account: t.operator.address,
      to: registry(),
      abi: registryAbi,
      functionName: 'register',
      args: [squatter.address, acmeId, ZERO32],
    });
    assert.equal(byOperator?.name, 'LegalIdentityTaken');
    assert.equal(String(byOperator?.args.holder).toLowerCase(), acmeMember.address);
  });

  test('an identity a certifier bound outside the platform is refused at onboarding (409 LegalIdentityTaken), before anything is created', async () => {
    const verifier = await onboard(t, { name: 'Field Verifier', roles: ['verifier'] });
    const other = { name: 'Registered Elsewhere Ltd', registrationNumber: 'ELSEWHERE-1' };
    const otherId = legalIdentityHash(other.registrationNumber, other.name);
    const elsewhere = privateKeyToAccount(generatePrivateKey()).address;
    // The verifier's key registers it straight on-chain, bypassing the API: allowed, it is a certifier.
    const registered = await bypassApi(t, { signer: verifier.address, contract: 'MemberRegistry', functionName: 'register', args: [elsewhere, otherId, ZERO32] });
    assert.equal(registered.status, 'confirmed', JSON.stringify(registered.error));

    const [members, keys] = [await count('SELECT count(*) AS n FROM members'), await count('SELECT count(*) AS n FROM signer_keys')];
    const r = await t.api('POST', '/v1/members', { body: { ...other, roles: ['supplier'] }, idempotencyKey: newKey('elsewhere') });
    assertError(r, 409, 'LegalIdentityTaken');
    assert.equal(r.body.error.details.holder, elsewhere.toLowerCase());
    assert.equal(r.body.error.details.legalIdHash, otherId);
    assert.equal(await count('SELECT count(*) AS n FROM members'), members);
    assert.equal(await count('SELECT count(*) AS n FROM signer_keys'), keys);
  });
});
