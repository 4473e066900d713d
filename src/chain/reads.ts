import { BaseError, TimeoutError, type PublicClient } from 'viem';
import { ChainUnavailableError, RuleViolationError } from '../common/errors.ts';
import { revertDataOf, type RevertDecoder } from './decodeRevert.ts';

/** What a pre-check reads the chain with. */
export interface ChainReader {
  client: PublicClient;
  decodeRevert: RevertDecoder;
}

/**
 * A view call or a block read for a pre-check. The node being unreachable, or not answering within the API's chain-read
 * timeout (the platform's read client gives up then), is a 503 `chain_unavailable` the caller may retry; a view
 * that reverts (ClaimMarket.quote when the discount would reach the face) is a 422 named after the decoded error
 * (`DiscountExceedsFace` → `discount_exceeds_face`).
 */
export async function chainRead<T>(reader: Pick<ChainReader, 'decodeRevert'>, read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    const data = revertDataOf(error);
    if (data) {
      const reason = reader.decodeRevert(data);
      const code = reason.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
      throw new RuleViolationError(code, reason.message, { error: reason.name, args: reason.args });
    }
    const timedOut = error instanceof BaseError && error.walk((e) => e instanceof TimeoutError) !== null;
    throw new ChainUnavailableError(
      timedOut
        ? 'the chain node did not answer the checks of this request in time; nothing was done: retry shortly'
        : 'the chain node could not be reached for the checks of this request; nothing was done: retry shortly',
      error,
    );
  }
}

/** The chain's clock: the latest block's timestamp, which the next transaction sees or passes. */
export async function chainNow(reader: ChainReader): Promise<number> {
  const block = await chainRead(reader, reader.client.getBlock({ blockTag: 'latest' }));
  return Number(block.timestamp);
}

/**
 * The reader's chain reads pinned to the latest block: every view a pre-check makes then sees one state. Without it,
 * reads issued together may straddle a block mined meanwhile (automining chains mine one per transaction), and a
 * check combining them (e.g. a recipient's balance from after a transfer with its hop count from before) could
 * refuse a valid request. `chainNow` of the pinned reader is that block's time.
 */
export async function pinnedToLatestBlock<C extends ChainReader>(reader: C): Promise<C> {
  const block = await chainRead(reader, reader.client.getBlock({ blockTag: 'latest' }));
  const base = reader.client;
  const client = Object.create(base) as PublicClient;
  client.readContract = ((args: Parameters<typeof base.readContract>[0]) =>
    base.readContract({ ...args, blockTag: undefined, blockNumber: block.number } as typeof args)) as typeof base.readContract;
  client.getBlock = ((args?: Parameters<typeof base.getBlock>[0]) =>
    !args || args.blockTag === 'latest' ? Promise.resolve(block) : base.getBlock(args)) as typeof base.getBlock;
  return { ...reader, client };
}
