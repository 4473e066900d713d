/**
 * Helpers of the receivables end-to-end tests: a consortium with its members, XT deposits, the chain's clock,
 * claim balances read from the chain, and commands sent straight to the outbox (bypassing the API's checks).
 */
import assert from 'node:assert/strict';
import type { Address } from 'viem';
import { at, suite, target, type ContractName } from './contracts.ts';
import { contractCall, enqueueCommands } from '../../src/ledger/commands.ts';
import type { TestPlatform } from './platform.ts';
import { postConfirmed } from './e2e.ts';

export interface Member {
  id: string;
  address: string;
  apiKey: string;
}

export const DAY = 86_400;

/** The core creates a consortium, invites `members`, and each accepts; returns the consortium id. */
export async function formConsortium(t: TestPlatform, core: Member, members: Member[], name = 'Receivables chain'): Promise<`0x${string}`> {
  const created = await postConfirmed(t, '/v1/consortia', { key: core.apiKey, body: { name } });
  const consortiumId = created.body.consortiumId;
  for (const m of members) await postConfirmed(t, `/v1/consortia/${consortiumId}/invitations`, { key: core.apiKey, body: { memberId: m.id } });
  await Promise.all(members.map((m) => postConfirmed(t, `/v1/consortia/${consortiumId}/accept`, { key: m.apiKey })));
  return consortiumId;
}

let references = 0;
/** The bank gateway credits `amount` XT to `to`. */
export async function depositXt(t: TestPlatform, bank: Member, to: Member, amount: bigint): Promise<void> {
  await postConfirmed(t, '/v1/xt/deposits', { key: bank.apiKey, body: { memberId: to.id, amount: amount.toString(), reference: `DEP-${Date.now()}-${references++}` } });
}

export async function chainTime(t: TestPlatform): Promise<number> {
  return Number((await t.client.getBlock({ blockTag: 'latest' })).timestamp);
}

/** Moves the embedded chain's clock to `seconds` (anvil only) and mines a block there. */
export async function setChainTime(t: TestPlatform, seconds: number): Promise<void> {
  await t.client.request({ method: 'evm_setNextBlockTimestamp' as never, params: [seconds] as never });
  await t.client.request({ method: 'evm_mine' as never, params: [] as never });
  await t.indexer.sync();
}

/** `YYYY-MM-DD` of a UTC instant in seconds. */
export const isoDate = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 10);
/** UTC midnight (seconds) of a `YYYY-MM-DD` date. */
export const midnight = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 1000;

export async function claimBalance(t: TestPlatform, holder: Member | string, id: string): Promise<bigint> {
  const address = typeof holder === 'string' ? holder : holder.address;
  return t.client.readContract({ address: at(t.deployment, 'ClaimLedger'), abi: suite.ClaimLedger.abi, functionName: 'balanceOf', args: [address as Address, BigInt(id)] });
}

export async function xtBalance(t: TestPlatform, holder: Member | string): Promise<bigint> {
  const address = typeof holder === 'string' ? holder : holder.address;
  return t.client.readContract({ address: at(t.deployment, 'SettlementToken'), abi: suite.SettlementToken.abi, functionName: 'balanceOf', args: [address as Address] });
}

/**
 * Stores a contract call in the outbox directly, skipping every check of the API, and returns the command once
 * it is final: what the contract itself does with a request the API would have refused.
 */
export async function bypassApi(t: TestPlatform, p: { signer: string; contract: ContractName; functionName: string; args: readonly unknown[] }) {
  const [id] = await t.db.transaction((tx) =>
    enqueueCommands(tx, [
      contractCall({
        kind: `test.${p.functionName}`,
        signer: p.signer as Address,
        target: target(t.deployment, p.contract),
        functionName: p.functionName,
        args: p.args,
      }),
    ]),
  );
  void t.txManager.tick();
  const [command] = await t.settle([{ id: id! }]);
  return command;
}

/** Asserts the bypassing command failed on-chain with the Solidity error `name`; returns the decoded error. */
export async function assertRevertsOnChain(t: TestPlatform, name: string, p: Parameters<typeof bypassApi>[1]) {
  const command = await bypassApi(t, p);
  assert.equal(command.status, 'failed', `${p.functionName} should have failed on-chain with ${name}: ${JSON.stringify(command)}`);
  assert.equal(command.error?.code, name, JSON.stringify(command.error));
  return command.error as { code: string; name: string; message: string; args: Record<string, unknown> };
}
