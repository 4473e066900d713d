/**
 * What the receivables use cases read from the Receivables contract before they enqueue anything, and the ids
 * they compute exactly as the contract does, so that an id can be answered at once and a rule violation is a clear
 * 4xx instead of a failed command. The contract still decides: a race shows up as a failed command.
 */
import { encodeAbiParameters, encodePacked, keccak256, type Address, type Hex } from 'viem';
import { chainRead } from '../../chain/reads.ts';
import type { ModuleContext } from '../../platform/context.ts';
import { receivables } from './contracts.ts';
import { receivablesAbi } from './generated/index.ts';

/**
 * A trade's background (IReceivables.Trade): what `submitTrade` / `issuePayable` take and what `confirmTrade` /
 * `rejectTrade` take back. The contract stores only a commitment to it ({@link tradeCommitment}); every field is
 * in TradeSubmitted and in the `trades` read model (docs/adr/008-trade-commitment.md).
 */
export interface TradeBackground {
  supplier: Address;
  obligor: Address;
  amount: bigint;
  dueDate: number;
  lateRateBps: number;
  maxHops: number;
  dayCount: number;
  consortiumId: Hex;
  invoiceKey: Hex;
  documentsHash: Hex;
}

/** What Receivables stores per trade (IReceivables.TradeRecord); status 0 none, 1 submitted, 2 confirmed, 3 rejected. */
export interface TradeRecordOnChain {
  status: number;
  hash: Hex;
}
export const tradeStatuses = ['none', 'submitted', 'confirmed', 'rejected'] as const;

/**
 * The invoice key of a trade: keccak256(abi.encodePacked(supplier address, invoice number)), the invoice
 * number as its UTF-8 bytes after trimming surrounding white space. The same supplier and number always give
 * the same key, so the Receivables contract refuses a second claim on one invoice.
 */
export const invoiceKeyOf = (supplier: Address, invoiceNumber: string): Hex =>
  keccak256(encodePacked(['address', 'string'], [supplier, invoiceNumber.trim()]));

/**
 * The key of an order behind an advance (purchase-order or channel financing): the invoice key of `order:<number>`
 * under the order's recipient, so an order and an invoice never share a key, and one order backs one set of CTs.
 */
export const orderKeyOf = (recipient: Address, orderNumber: string): Hex => invoiceKeyOf(recipient, `order:${orderNumber.trim()}`);

/** Receivables.claimIdFor: keccak256(abi.encode(obligor, invoiceKey)). */
export const claimIdFor = (obligor: Address, invoiceKey: Hex): bigint =>
  BigInt(keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [obligor, invoiceKey])));

/** Receivables.creditLine: the obligor's limit and what is used. */
export const creditLineOf = (ctx: ModuleContext, obligor: string) =>
  chainRead(ctx, ctx.client.readContract({ ...receivables(ctx), functionName: 'creditLine', args: [obligor as Address] }));

/** Receivables.settlement: the root's settlement state on-chain. */
export const settlementOf = (ctx: ModuleContext, root: bigint) => chainRead(ctx, ctx.client.readContract({ ...receivables(ctx), functionName: 'settlement', args: [root] }));

/** Receivables.owed: principal outstanding and late interest accrued on `root` as of the latest block. */
export async function owedOf(ctx: ModuleContext, root: bigint): Promise<{ principal: bigint; interest: bigint }> {
  const [principal, interest] = await chainRead(ctx, ctx.client.readContract({ ...receivables(ctx), functionName: 'owed', args: [root] }));
  return { principal, interest };
}

/** Guarantee statuses, as IReceivables.GuaranteeStatus numbers them. */
export const guaranteeStatuses = ['none', 'proposed', 'active'] as const;
export type GuaranteeStatusName = (typeof guaranteeStatuses)[number];

/** The guarantee on `obligor`'s credit line (Receivables.guarantee); guarantor null when there is none. */
export async function guaranteeOf(ctx: ModuleContext, obligor: string): Promise<{ guarantor: Address | null; status: GuaranteeStatusName }> {
  const g = await chainRead(ctx, ctx.client.readContract({ ...receivables(ctx), functionName: 'guarantee', args: [obligor as Address] }));
  const status = guaranteeStatuses[g.status] ?? 'none';
  return { guarantor: status === 'none' ? null : (g.guarantor.toLowerCase() as Address), status };
}

/** Who granted `obligor`'s credit line (Receivables.creditProvider); null when nobody has set it. */
export async function creditProviderOf(ctx: ModuleContext, obligor: string): Promise<Address | null> {
  const provider = await chainRead(ctx, ctx.client.readContract({ ...receivables(ctx), functionName: 'creditProvider', args: [obligor as Address] }));
  return BigInt(provider) === 0n ? null : (provider.toLowerCase() as Address);
}

/** Receivables.redeemable: what a redemption would pay `holder` now. */
export const redeemableBy = (ctx: ModuleContext, id: bigint, holder: string) =>
  chainRead(ctx, ctx.client.readContract({ ...receivables(ctx), functionName: 'redeemable', args: [id, holder as Address] }));

/** The invoice key already backs a claim or a pending trade. */
export const invoiceUsed = (ctx: ModuleContext, invoiceKey: Hex) => chainRead(ctx, ctx.client.readContract({ ...receivables(ctx), functionName: 'invoiceUsed', args: [invoiceKey] }));

/** Receivables.advance: the order behind an advance (kind 0 purchase order, 1 channel); `issued` false when none. */
export const readAdvance = (ctx: ModuleContext, root: bigint) => chainRead(ctx, ctx.client.readContract({ ...receivables(ctx), functionName: 'advance', args: [root] }));

/** The documents hash already backs a claim or a pending trade. */
export const documentUsed = (ctx: ModuleContext, documentsHash: Hex) =>
  chainRead(ctx, ctx.client.readContract({ ...receivables(ctx), functionName: 'documentUsed', args: [documentsHash] }));

/** The trade's status and commitment on-chain; null when no trade has this id. */
export async function readTrade(ctx: ModuleContext, tradeId: Hex): Promise<TradeRecordOnChain | null> {
  const t = await chainRead(ctx, ctx.client.readContract({ ...receivables(ctx), functionName: 'trade', args: [tradeId] }));
  if (t.status === 0) return null;
  return { status: t.status, hash: t.hash.toLowerCase() as Hex };
}

const tradeParameter = (() => {
  const submit = receivablesAbi.find((item) => item.type === 'function' && item.name === 'submitTrade');
  const param = submit && 'inputs' in submit ? submit.inputs[1] : undefined;
  if (!param || param.type !== 'tuple') throw new Error('Receivables.submitTrade has no Trade parameter');
  return param;
})();

/**
 * The commitment Receivables keeps for a trade: keccak256(abi.encode(trade)) with its lowest byte cleared (the
 * contract keeps the status there). `readTrade(…).hash` equals it for the trade as submitted.
 */
export function tradeCommitment(t: TradeBackground): Hex {
  const hash = BigInt(keccak256(encodeAbiParameters([tradeParameter], [t as never])));
  return `0x${(hash & ~0xffn).toString(16).padStart(64, '0')}` as Hex;
}
