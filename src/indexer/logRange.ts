/**
 * How the indexer (and the scale bench's raw read) asks a node for logs: how many blocks per eth_getLogs request, and
 * what it does with an answer too large for one response.
 */
import { HttpRequestError, numberToHex, ResponseBodyTooLargeError, TimeoutError, type Address, type Hex, type PublicClient } from 'viem';

/** A log as eth_getLogs answers it (hex quantities), before any formatting. */
export type RpcLog = { address: string; topics: Hex[]; data: Hex; blockNumber: Hex | null; blockHash: string | null; transactionHash: string | null; logIndex: Hex | null };

/**
 * Events one request aims at: about 45 MB of JSON at ~900 bytes a log, well inside the client's 256 MB limit. Blocks
 * differ by a thousand times in how many logs they hold (a block of 250 transfers: 250 logs; of 250 batch redemptions:
 * 30,000), so a fixed number of blocks per request makes answers of a few kilobytes or of hundreds of megabytes.
 */
export const LOGS_PER_READ = 50_000;

/**
 * Blocks per eth_getLogs request. Two rules, the smaller wins:
 * - density: after each answer, as many blocks as hold about `logsPerRead` logs at that answer's density (at least
 *   one block, at most `max`);
 * - refusal: halved after an answer too large for one response (the node's or the client's cap), and doubled back
 *   towards `max` after 16 answers in a row that fit.
 */
export function logRange(max: bigint, logsPerRead = LOGS_PER_READ): { readonly span: bigint; shrink(): boolean; fitted(blocks: bigint, logs: number): void } {
  let refused = max;
  let dense = max;
  let fits = 0;
  const span = () => (dense < refused ? dense : refused);
  return {
    get span() {
      return span();
    },
    /** After an answer too large: false when a single block is already asked for (nothing smaller to ask). */
    shrink() {
      const was = span();
      if (was <= 1n) return false;
      refused = was / 2n;
      fits = 0;
      return true;
    },
    /** After an answer that fit: `logs` logs over `blocks` blocks. */
    fitted(blocks: bigint, logs: number) {
      if (refused < max && ++fits >= 16) {
        refused = refused * 2n > max ? max : refused * 2n;
        fits = 0;
      }
      if (blocks <= 0n) return;
      const fitting = logs > 0 ? (blocks * BigInt(logsPerRead)) / BigInt(logs) : max;
      dense = fitting < 1n ? 1n : fitting > max ? max : fitting;
    },
  };
}

/**
 * Whether an eth_getLogs failure says the answer is too large: viem's response size limit, or a node's own cap
 * (geth: "query returned more than 10000 results"; Besu and providers: "exceeds max results", "limit exceeded",
 * "response size").
 */
export function tooManyLogs(error: unknown): boolean {
  if (error instanceof ResponseBodyTooLargeError) return true;
  const text = [(error as { message?: string })?.message, (error as { details?: string })?.details].join(' ');
  return /ResponseBodyTooLarge|response body exceeded|more than \d+ results|exceeds? max(imum)? results|limit exceeded|response size|too many (logs|results)|query timeout exceeded/i.test(text);
}

/** Tries after the first for a failure that may pass (the node restarting, a connection dropped), as viem's transports do. */
const LOG_RETRIES = 2;

/** A failure worth asking again for: the connection, a timeout, or the node's internal or unknown error. */
function transient(error: unknown): boolean {
  if (tooManyLogs(error)) return false;
  if (error instanceof HttpRequestError || error instanceof TimeoutError) return true;
  const code = (error as { code?: unknown })?.code;
  return code === -1 || code === -32603 || code === 429;
}

/**
 * eth_getLogs of `addresses` over blocks `from`–`to`, as the node answers it. An answer too large is not asked for again
 * as it is: it would be as large. (viem's transports retry it, twice by default: for blocks of batch redemptions the node
 * built, and the client read, hundreds of megabytes three times over before the range was halved.) A transient failure
 * is asked again, twice, after 150 and 300 ms.
 */
export async function requestLogs(client: PublicClient, addresses: readonly Address[], from: bigint, to: bigint): Promise<RpcLog[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await client.request(
        { method: 'eth_getLogs', params: [{ address: [...addresses], fromBlock: numberToHex(from), toBlock: numberToHex(to) }] },
        { retryCount: 0 },
      )) as RpcLog[];
    } catch (error) {
      if (attempt >= LOG_RETRIES || !transient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 150 * 2 ** attempt));
    }
  }
}
