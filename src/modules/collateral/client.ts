/** Collateral: goods (`client.goods`), positions and classes (`client.collateral`), auctions (`client.auctions`). */
import type { CommandSender } from '../../sdk/commands.ts';
import { seg, type Transport } from '../../sdk/http.ts';
import type { Accepted, CommandOptions } from '../../sdk/types.ts';
import type { CollateralAlert, CollateralAuction, CollateralClassView, CollateralPosition, CollateralPositionDetail, GoodsView } from './schemas.ts';

export type { CollateralAlert, CollateralAuction, CollateralClassView, CollateralPosition, CollateralPositionDetail, GoodsView } from './schemas.ts';

export interface RegisterGoodsParameters {
  ownerMemberId: string;
  classId: number;
  /** Quantity as a decimal string of whole units of `unit`. */
  quantity: string;
  unit: string;
  description: string;
  location: string;
  /** Warehouse receipt number (backs one registration ever). */
  receipt?: string;
  /** Serial or lot number (one registration per verifier). */
  lot?: string;
  documentsHash?: string;
  /** First valuation, XT minor units. */
  value: string;
}

export interface GoodsApi {
  /** Registers goods for their owner (certified verifier). */
  register(p: RegisterGoodsParameters, o?: CommandOptions): Promise<Accepted<{ goodsId: string }>>;
  /** Values goods again (certified verifier). */
  value(goodsId: string, value: string, o?: CommandOptions): Promise<Accepted>;
  /** Hands goods to another member (owner; never while locked). */
  transfer(goodsId: string, toMemberId: string, o?: CommandOptions): Promise<Accepted>;
  list(): Promise<GoodsView[]>;
  get(goodsId: string): Promise<GoodsView>;
}

export interface CollateralClassParameters {
  classId: number;
  kind: 'inventory' | 'pledge' | 'margin';
  active: boolean;
  ltvBps: number;
  marginBps: number;
  liquidationBps: number;
  penaltyBps: number;
  auctionStartBps: number;
  auctionFloorBps: number;
  curve: 'linear' | 'stepwise';
  auctionDurationSeconds: number;
  auctionStepSeconds: number;
  marginGraceSeconds: number;
  defaultGraceSeconds: number;
}

export interface LockParameters {
  /** One of: goods you own; XT (`xtAmount`, with a margin `classId`); a receivable claim you hold (`claimId`, with a
   * pledge `classId`: your whole holding is escrowed, valued at its face). */
  goodsId?: string;
  xtAmount?: string;
  claimId?: string;
  classId?: number;
  consortiumId: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  lateRateBps?: number;
  maxHops?: number;
  dayCount?: 'ACT/360' | 'ACT/365F';
  firstDraw?: string;
}

export interface CollateralApi {
  setClass(p: CollateralClassParameters, o?: CommandOptions): Promise<Accepted>;
  classes(): Promise<CollateralClassView[]>;
  /** Locks your goods, XT or a receivable claim into a new position, drawing `firstDraw` CTs at once. */
  lock(p: LockParameters, o?: CommandOptions): Promise<Accepted<{ positionId: string; limit: string; claimId: string | null }>>;
  draw(positionId: string, amount: string, o?: CommandOptions): Promise<Accepted<{ claimId: string }>>;
  repay(claimId: string, amount: string, o?: CommandOptions): Promise<Accepted>;
  topUp(positionId: string, amount: string, o?: CommandOptions): Promise<Accepted>;
  /** Adds goods you own (registered, not locked) to your open goods position: coverage rises, the line stays. */
  addGoods(positionId: string, goodsId: string, o?: CommandOptions): Promise<Accepted>;
  /** Collects what a pledged claim's settlement has paid (from its due date on) into the position. */
  collectClaim(positionId: string, o?: CommandOptions): Promise<Accepted>;
  marginCall(positionId: string, o?: CommandOptions): Promise<Accepted>;
  declareDefault(positionId: string, o?: CommandOptions): Promise<Accepted>;
  release(positionId: string, o?: CommandOptions): Promise<Accepted>;
  redeem(claimId: string, p?: { holderMemberId?: string }, o?: CommandOptions): Promise<Accepted>;
  positions(): Promise<CollateralPosition[]>;
  position(positionId: string): Promise<CollateralPositionDetail>;
  alerts(): Promise<CollateralAlert[]>;
}

export interface AuctionsApi {
  list(): Promise<CollateralAuction[]>;
  get(positionId: string): Promise<CollateralAuction>;
  /** Buys the goods at the current price, paying at most `maxPrice`. */
  bid(positionId: string, maxPrice: string, o?: CommandOptions): Promise<Accepted<{ price: string }>>;
  restart(positionId: string, o?: CommandOptions): Promise<Accepted>;
}

export function createGoodsApi(t: Transport, c: CommandSender): GoodsApi {
  return {
    register: (p, o) => c.send<{ goodsId: string }>('/v1/goods', p, o),
    value: (goodsId, value, o) => c.send(`/v1/goods/${seg(goodsId)}/valuations`, { value }, o),
    transfer: (goodsId, toMemberId, o) => c.send(`/v1/goods/${seg(goodsId)}/transfers`, { toMemberId }, o),
    list: async () => (await t.request<{ items: GoodsView[] }>('GET', '/v1/goods')).items,
    get: (goodsId) => t.request('GET', `/v1/goods/${seg(goodsId)}`),
  };
}

export function createCollateralApi(t: Transport, c: CommandSender): CollateralApi {
  const at = (positionId: string, action: string) => `/v1/collateral/positions/${seg(positionId)}/${action}`;
  return {
    setClass: (p, o) => c.send('/v1/collateral/classes', p, o),
    classes: async () => (await t.request<{ items: CollateralClassView[] }>('GET', '/v1/collateral/classes')).items,
    lock: (p, o) => c.send<{ positionId: string; limit: string; claimId: string | null }>('/v1/collateral/positions', p, o),
    draw: (positionId, amount, o) => c.send<{ claimId: string }>(at(positionId, 'draws'), { amount }, o),
    repay: (claimId, amount, o) => c.send(`/v1/collateral/claims/${seg(claimId)}/repayments`, { amount }, o),
    topUp: (positionId, amount, o) => c.send(at(positionId, 'top-ups'), { amount }, o),
    addGoods: (positionId, goodsId, o) => c.send(at(positionId, 'goods'), { goodsId }, o),
    collectClaim: (positionId, o) => c.send(at(positionId, 'collections'), {}, o),
    marginCall: (positionId, o) => c.send(at(positionId, 'margin-calls'), {}, o),
    declareDefault: (positionId, o) => c.send(at(positionId, 'default'), {}, o),
    release: (positionId, o) => c.send(at(positionId, 'release'), {}, o),
    redeem: (claimId, p = {}, o) => c.send(`/v1/collateral/claims/${seg(claimId)}/redemptions`, p, o),
    positions: async () => (await t.request<{ items: CollateralPosition[] }>('GET', '/v1/collateral/positions')).items,
    position: (positionId) => t.request('GET', `/v1/collateral/positions/${seg(positionId)}`),
    alerts: async () => (await t.request<{ items: CollateralAlert[] }>('GET', '/v1/collateral/alerts')).items,
  };
}

export function createAuctionsApi(t: Transport, c: CommandSender): AuctionsApi {
  return {
    list: async () => (await t.request<{ items: CollateralAuction[] }>('GET', '/v1/auctions')).items,
    get: (positionId) => t.request('GET', `/v1/auctions/${seg(positionId)}`),
    bid: (positionId, maxPrice, o) => c.send<{ price: string }>(`/v1/auctions/${seg(positionId)}/bids`, { maxPrice }, o),
    restart: (positionId, o) => c.send(`/v1/auctions/${seg(positionId)}/restart`, {}, o),
  };
}
