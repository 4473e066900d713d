/**
 * An account from outside the platform: a fresh key that the platform never saw, funded on the embedded anvil,
 * sending transactions to the platform's contracts directly with viem, as anyone on the chain could.
 */
import assert from 'node:assert/strict';
import { WaitForTransactionReceiptTimeoutError, createWalletClient, defineChain, encodeFunctionData, http, parseEther, type Abi, type Address, type Hex, type TransactionReceipt } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { DecodedRevert } from '../../src/chain/decodeRevert.ts';
import type { TestPlatform } from './platform.ts';
import { simulateRevert } from './e2e.ts';

export interface OutsideCall {
  to: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
}

export interface Outsider {
  address: Address;
  /**
   * Sends the call as a transaction with a fixed gas limit (no estimate, so a call that reverts is mined all the same)
   * and waits for its receipt. `revert` is the decoded error of the same call simulated from this account just
   * before (null when it succeeds).
   */
  send(call: OutsideCall): Promise<{ receipt: TransactionReceipt; revert: DecodedRevert | null }>;
  /** Sends raw calldata (e.g. a selector the contract no longer has); returns the receipt. */
  sendData(to: Address, data: Hex): Promise<TransactionReceipt>;
}

/** A fresh key funded with 10 ETH through anvil_setBalance. */
export async function fundedOutsider(t: TestPlatform): Promise<Outsider> {
  const account = privateKeyToAccount(generatePrivateKey());
  await t.client.request({ method: 'anvil_setBalance' as never, params: [account.address, `0x${parseEther('10').toString(16)}`] as never });
  const chain = defineChain({
    id: t.chainId,
    name: 'tierchain-test',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [t.rpcUrl] } },
  });
  const wallet = createWalletClient({ account, chain, transport: http(t.rpcUrl) });
  const sendData = async (to: Address, data: Hex) => {
    const hash = await wallet.sendTransaction({ to, data, gas: 1_000_000n });
    return receiptOf(t, hash);
  };
  return {
    address: account.address,
    sendData,
    async send(call) {
      const revert = await simulateRevert(t, { account: account.address, ...call });
      const receipt = await sendData(call.to, encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args as unknown[] }));
      assert.equal(receipt.from.toLowerCase(), account.address.toLowerCase());
      return { receipt, revert };
    },
  };
}

/** How long a transaction may sit in anvil's pool before the outsider mines a block for it. */
const STALL_MS = 10_000;

/**
 * The receipt of an outsider's transaction. Anvil's automine can leave a ready transaction in its pool, unmined until
 * another transaction arrives (foundry-rs/foundry#10122: rare, seen once here, in a CI run where one transaction sent
 * through here by the authorization test had no receipt after 180 s). The platform's transaction manager gets past
 * that by itself: it replaces a transaction the node sits on, and the replacement's arrival mines it. An outsider
 * sends nothing else, so a transaction still in the pool after STALL_MS gets one block mined for it (said on the
 * console), three times at most.
 */
async function receiptOf(t: TestPlatform, hash: Hex): Promise<TransactionReceipt> {
  for (let nudges = 0; ; nudges++) {
    try {
      return await t.client.waitForTransactionReceipt({ hash, pollingInterval: 20, timeout: STALL_MS });
    } catch (error) {
      if (!(error instanceof WaitForTransactionReceiptTimeoutError) || nudges === 3) throw error;
      const pending = await t.client.getTransaction({ hash }).catch(() => null);
      if (!pending) throw new Error(`the outsider's transaction ${hash} is neither mined nor in the node's pool after ${STALL_MS} ms`, { cause: error });
      if (pending.blockNumber !== null) continue;
      console.log(`outsider: transaction ${hash} sat unmined in anvil's pool for ${STALL_MS} ms (automine missed it); mining a block for it`);
      await t.client.request({ method: 'evm_mine' as never, params: [] as never });
    }
  }
}
