import {
  createPublicClient,
  formatTransactionReceipt,
  encodeDeployData,
  encodeFunctionData,
  http,
  keccak256,
  parseEther,
  parseGwei,
  toHex,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type RpcTransactionReceipt,
  type TransactionReceipt,
} from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { revertDataOf } from '../../src/chain/decodeRevert.ts';
import { decodeRevert as decodeRevertData } from '../../src/platform/modules.ts';

/**
 * Direct access to the bench's anvil: JSON-RPC (single and batched), funded throw-away accounts with local
 * nonce tracking, one-off measured transactions, and bulk phases (thousands of pre-signed transactions
 * mined together with automine off).
 */

/** Fees every bench transaction offers: far above anvil's base fee, so nothing waits for a cheaper block. */
const FEES = { maxFeePerGas: parseGwei('100'), maxPriorityFeePerGas: parseGwei('1') };
/** Gas limit of bulk transactions (they are not estimated one by one; the limit does not change gasUsed). */
const BULK_GAS = 400_000n;
const RPC_BATCH = 250;

export interface Wallet {
  readonly account: PrivateKeyAccount;
  readonly address: Address;
  /** The next nonce this wallet will sign with (tracked locally). */
  nonce: number;
}

export interface BenchChain {
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly client: PublicClient;
  /** One JSON-RPC call; throws on an error answer. */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** Many JSON-RPC calls in batches of 250; answers in order, `Error` objects for failed calls. */
  rpcBatch(calls: Array<[method: string, params: unknown[]]>): Promise<unknown[]>;
  /** Deterministic accounts (keccak of `label` and the index), each funded with 1000 ETH. */
  wallets(label: string, count: number): Promise<Wallet[]>;
  /** Deploys a contract from `from`; returns its address and the gas of the deployment. */
  deploy(from: Wallet, abi: Abi, bytecode: Hex, args: readonly unknown[]): Promise<{ address: Address; gasUsed: bigint }>;
  /** Sends one call (gas estimated), waits for the receipt and returns it; throws with the decoded error on a revert. */
  call(from: Wallet, to: Address, abi: Abi, functionName: string, args: readonly unknown[]): Promise<TransactionReceipt>;
  /** Signs one call with the wallet's next nonce (no estimate: a fixed generous gas limit). */
  sign(from: Wallet, to: Address, abi: Abi, functionName: string, args: readonly unknown[], gas?: bigint): Promise<Hex>;
  /**
   * Sends pre-signed transactions with automine off, mines until all are in, restores automine and checks
   * every receipt succeeded. `label` names the phase in errors.
   */
  bulk(label: string, signed: Hex[]): Promise<void>;
  /** Waits for the receipt of `hash` (polling). */
  receipt(hash: Hex, timeoutMs?: number): Promise<TransactionReceipt>;
  /** Seconds of the latest block. */
  now(): Promise<number>;
  /** Moves the chain clock forward and mines a block. */
  increaseTime(seconds: number): Promise<void>;
}

export async function connectBenchChain(rpcUrl: string): Promise<BenchChain> {
  const client = createPublicClient({ cacheTime: 0, transport: http(rpcUrl, { timeout: 120_000 }) }) as PublicClient;
  const chainId = await client.getChainId();
  let rpcId = 0;

  const post = async (payload: unknown): Promise<unknown> => {
    const res = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    if (!res.ok) throw new Error(`JSON-RPC HTTP ${res.status}: ${await res.text()}`);
    return res.json();
  };
  type RpcAnswer = { id: number; result?: unknown; error?: { message?: string; data?: unknown } };

  const rpc: BenchChain['rpc'] = async (method, params = []) => {
    const answer = (await post({ jsonrpc: '2.0', id: ++rpcId, method, params })) as RpcAnswer;
    if (answer.error) throw new Error(`${method}: ${answer.error.message ?? JSON.stringify(answer.error)}`);
    return answer.result as never;
  };

  const rpcBatch: BenchChain['rpcBatch'] = async (calls) => {
    const out: unknown[] = [];
    for (let i = 0; i < calls.length; i += RPC_BATCH) {
      const chunk = calls.slice(i, i + RPC_BATCH).map(([method, params]) => ({ jsonrpc: '2.0', id: ++rpcId, method, params }));
      const answers = (await post(chunk)) as RpcAnswer[];
      const byId = new Map(answers.map((a) => [a.id, a]));
      for (const c of chunk) {
        const a = byId.get(c.id);
        out.push(!a ? new Error(`${c.method}: no answer`) : a.error ? new Error(`${c.method}: ${a.error.message}`) : a.result);
      }
    }
    return out;
  };

  const wallets: BenchChain['wallets'] = async (label, count) => {
    const list: Wallet[] = [];
    for (let i = 0; i < count; i++) {
      const account = privateKeyToAccount(keccak256(toHex(`tierchain-bench:${label}:${i}`)));
      list.push({ account, address: account.address, nonce: 0 });
    }
    const answers = await rpcBatch(list.map((w) => ['anvil_setBalance', [w.address, toHex(parseEther('1000'))]]));
    const failed = answers.find((a) => a instanceof Error);
    if (failed) throw failed;
    const nonces = await rpcBatch(list.map((w) => ['eth_getTransactionCount', [w.address, 'pending']]));
    nonces.forEach((n, i) => {
      if (n instanceof Error) throw n;
      list[i]!.nonce = Number(n);
    });
    return list;
  };

  const signRaw = (from: Wallet, to: Address | undefined, data: Hex, gas: bigint) =>
    from.account.signTransaction({ type: 'eip1559', chainId, nonce: from.nonce++, to, data, gas, ...FEES });

  const sendAndWait = async (from: Wallet, to: Address | undefined, data: Hex, what: string): Promise<TransactionReceipt> => {
    let gas: bigint;
    try {
      gas = await client.estimateGas({ account: from.address, to, data });
    } catch (error) {
      const revert = revertDataOf(error);
      const decoded = revert ? decodeRevertData(revert) : null;
      throw new Error(`${what} would revert: ${decoded ? `${decoded.name} ${JSON.stringify(decoded.args, bigintJson)}` : (error as Error).message.split('\n')[0]}`);
    }
    const hash = await client.sendRawTransaction({ serializedTransaction: await signRaw(from, to, data, (gas * 3n) / 2n) });
    const receipt = await receiptOf(hash);
    if (receipt.status !== 'success') throw new Error(`${what} reverted (tx ${hash})`);
    return receipt;
  };

  /**
   * Polls for a receipt with plain eth_getTransactionReceipt. (viem's waitForTransactionReceipt looks again only
   * when the block number changes; anvil can report a new block before its receipts are served — see
   * foundry-rs/foundry#10944 — and then, on a chain that mines on demand, it waits forever. It did, here.)
   */
  const receiptOf = async (hash: Hex, timeoutMs = 120_000): Promise<TransactionReceipt> => {
    const deadline = Date.now() + timeoutMs;
    for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
      const raw = await rpc<RpcTransactionReceipt | null>('eth_getTransactionReceipt', [hash]);
      if (raw) return formatTransactionReceipt(raw);
      if (Date.now() > deadline) {
        const tx = await rpc('eth_getTransactionByHash', [hash]).catch((e) => e);
        const pool = await rpc('txpool_status', []).catch(() => '?');
        throw new Error(`no receipt for ${hash} after ${timeoutMs / 1000} s (transaction: ${JSON.stringify(tx)?.slice(0, 200)}; pool ${JSON.stringify(pool)})`);
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  };

  const bulk: BenchChain['bulk'] = async (label, signed) => {
    if (signed.length === 0) return;
    await rpc('evm_setAutomine', [false]);
    let hashes: Hex[];
    try {
      const answers = await rpcBatch(signed.map((raw) => ['eth_sendRawTransaction', [raw]]));
      const refused = answers.findIndex((a) => a instanceof Error);
      if (refused >= 0) throw new Error(`${label}: transaction ${refused} of ${signed.length} refused: ${(answers[refused] as Error).message}`);
      hashes = answers as Hex[];
      // One evm_mine takes every pending transaction that fits the block gas limit; repeat until all of this
      // phase's are in (by their receipts: the pool may hold other, unrelated transactions).
      let waiting = hashes;
      for (let round = 0; waiting.length > 0; round++) {
        await rpc('evm_mine', []);
        const receipts = await rpcBatch(waiting.map((h) => ['eth_getTransactionReceipt', [h]]));
        waiting = waiting.filter((_, i) => !receipts[i] || receipts[i] instanceof Error);
        if (round > 1000) throw new Error(`${label}: ${waiting.length} transactions still pending after ${round} blocks`);
      }
    } finally {
      await rpc('evm_setAutomine', [true]);
    }
    const receipts = (await rpcBatch(hashes.map((h) => ['eth_getTransactionReceipt', [h]]))) as Array<{ status: Hex } | null | Error>;
    const bad = receipts.findIndex((r) => !r || r instanceof Error || r.status !== '0x1');
    if (bad >= 0) {
      const failedCount = receipts.filter((r) => !r || r instanceof Error || r.status !== '0x1').length;
      throw new Error(`${label}: ${failedCount} of ${signed.length} transactions failed (first: ${hashes[bad]})`);
    }
  };

  return {
    rpcUrl,
    chainId,
    client,
    rpc,
    rpcBatch,
    wallets,
    async deploy(from, abi, bytecode, args) {
      const receipt = await sendAndWait(from, undefined, encodeDeployData({ abi, bytecode, args: args as unknown[] }), 'deployment');
      return { address: receipt.contractAddress!, gasUsed: receipt.gasUsed };
    },
    call: (from, to, abi, functionName, args) =>
      sendAndWait(from, to, encodeFunctionData({ abi, functionName, args: args as unknown[] }), functionName),
    sign: (from, to, abi, functionName, args, gas = BULK_GAS) =>
      signRaw(from, to, encodeFunctionData({ abi, functionName, args: args as unknown[] }), gas),
    bulk,
    receipt: receiptOf,
    async now() {
      const block = await client.getBlock({ blockTag: 'latest' });
      return Number(block.timestamp);
    },
    async increaseTime(seconds) {
      await rpc('evm_increaseTime', [seconds]);
      await rpc('evm_mine', []);
    },
  };
}

export const bigintJson = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);
