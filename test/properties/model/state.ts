/**
 * The model's state: what the claims suite holds (claims and their trees, trades, offers, XT, the credit line and its
 * guarantee, suspensions) and who the fixture's actors are. The commands change it only after the chain agreed.
 */
import type { Address, Hex } from 'viem';
import { abi, id32, type Actor, type Fixture } from '../setup.ts';

export const ZERO32 = `0x${'0'.repeat(64)}` as Hex;
export const ZERO_ADDRESS = `0x${'0'.repeat(40)}` as Address;
export const U16 = 65_535;
export const U8 = 255;

export interface HoldingM {
  balance: bigint;
  hops: number;
  /** Receivables.received: XT received on the current units (reset when they are burned at full payment). */
  received: bigint;
  /** Every payout ever made to this holding. */
  paidOut: bigint;
  /** Units burned at redemption. */
  burned: bigint;
  /** True once modify carried the parent holding's hop count into this (child) holding. */
  carried: boolean;
}

export interface ClaimM {
  id: bigint;
  root: bigint;
  parent: bigint;
  obligor: Address;
  dueDate: bigint;
  lateRateBps: number;
  maxHops: number;
  dayCount: number;
  kind: number;
  consortiumId: Hex;
  documentsHash: Hex;
  holdings: Map<Address, HoldingM>;
  minted: bigint;
  burned: bigint;
}

export interface RootM {
  face: bigint;
  /** Every XT paid in: principal and late interest. */
  paid: bigint;
  distributed: bigint;
  ids: bigint[];
  /** The late-interest part of `paid`. */
  interestPaid: bigint;
  /** Accrued and unpaid at the last checkpoint, the checkpoint's day after the due date, the floor's carry. */
  interestDue: bigint;
  accruedDays: bigint;
  carry: bigint;
  /** The root's terms that govern late interest. */
  dueDate: bigint;
  lateRateBps: number;
  dayCount: number;
  guarantor: Address;
}

export interface GuaranteeM {
  guarantor: Address;
  status: 'None' | 'Proposed' | 'Active';
}

export interface TradeM {
  tradeId: Hex;
  supplier: Address;
  amount: bigint;
  dueDate: bigint;
  lateRateBps: number;
  maxHops: number;
  dayCount: number;
  invoiceKey: Hex;
  documentsHash: Hex;
  status: 'Submitted' | 'Confirmed' | 'Rejected';
}

export interface OfferM {
  offerId: Hex;
  funder: Address;
  rateBps: number;
  remaining: bigint;
  expiresAt: bigint;
  onlyHolder: Address;
}

/** Outcome counts over all runs of a test, e.g. `modify:ModifyWidensTerms` → 7. */
export type Stats = Map<string, number>;

export class Model {
  claims = new Map<bigint, ClaimM>();
  order: bigint[] = [];
  roots = new Map<bigint, RootM>();
  trades = new Map<Hex, TradeM>();
  tradeOrder: Hex[] = [];
  offers: OfferM[] = [];
  xt = new Map<Address, bigint>();
  xtSupply = 0n;
  depositRefs: Hex[] = [];
  withdrawRefs: Hex[] = [];
  invoiceUsed = new Map<Hex, boolean>();
  docUsed = new Map<Hex, boolean>();
  credit: { limit: bigint; used: bigint; lowered: boolean; provider: Address | null } = { limit: 0n, used: 0n, lowered: false, provider: null };
  guarantee: GuaranteeM = { guarantor: ZERO_ADDRESS, status: 'None' };
  suspended = new Set<Address>();
  counter = 0;

  constructor(
    readonly f: Fixture,
    readonly stats: Stats,
  ) {}

  fresh(label: string): Hex {
    this.counter += 1;
    return id32(`${label}:${this.counter}`);
  }

  xtOf(a: Address): bigint {
    return this.xt.get(a) ?? 0n;
  }

  moveXt(from: Address, to: Address, amount: bigint): void {
    this.xt.set(from, this.xtOf(from) - amount);
    this.xt.set(to, this.xtOf(to) + amount);
  }

  holding(c: ClaimM, a: Address): HoldingM {
    let h = c.holdings.get(a);
    if (!h) {
      h = { balance: 0n, hops: 0, received: 0n, paidOut: 0n, burned: 0n, carried: false };
      c.holdings.set(a, h);
    }
    return h;
  }

  supply(c: ClaimM): bigint {
    return c.minted - c.burned;
  }

  // Identity: who is what. Only suppliers are ever suspended.
  get members(): Address[] {
    const f = this.f;
    return [f.core.address, ...f.suppliers.map((s) => s.address), ...f.funders.map((x) => x.address)];
  }

  get nonMembers(): Address[] {
    const f = this.f;
    return [f.outsider.address, f.gateway.address, f.operator.address, ...f.strangers];
  }

  get actors(): Actor[] {
    const f = this.f;
    return [f.core, ...f.suppliers, ...f.funders, f.gateway, f.outsider, f.operator, f.guarantor];
  }

  actorOf(a: Address): Actor {
    const found = this.actors.find((x) => x.address === a);
    if (!found) throw new Error(`no key for ${a}`);
    return found;
  }

  isSystem(a: Address): boolean {
    return a === this.f.addresses.receivables || a === this.f.addresses.market;
  }

  /** Certified (registered, certified, not suspended). */
  isActive(a: Address): boolean {
    return this.actors.some((x) => x.address === a) && !this.suspended.has(a);
  }

  canHold(a: Address): boolean {
    return this.isActive(a) || this.isSystem(a);
  }

  isMember(a: Address): boolean {
    return this.members.includes(a) && !this.suspended.has(a);
  }

  /** Every address whose XT balance the invariants compare. */
  get xtAddresses(): Address[] {
    const f = this.f;
    return [...this.actors.map((a) => a.address), ...f.strangers, f.addresses.receivables, f.addresses.market, f.addresses.ledger];
  }

  static async initial(f: Fixture, stats: Stats): Promise<Model> {
    const m = new Model(f, stats);
    // The fixture's XT and credit line, read once (the fixture itself is checked by the invariants).
    for (const a of m.xtAddresses) {
      const b = await f.client.readContract({ address: f.addresses.xt, abi: abi.xt, functionName: 'balanceOf', args: [a] });
      if (b !== 0n) m.xt.set(a, b);
    }
    m.xtSupply = await f.client.readContract({ address: f.addresses.xt, abi: abi.xt, functionName: 'totalSupply' });
    const line = await f.client.readContract({ address: f.addresses.receivables, abi: abi.receivables, functionName: 'creditLine', args: [f.core.address] });
    m.credit = { limit: line.limit, used: line.used, lowered: false, provider: f.operator.address };
    m.depositRefs = [...f.depositRefs];
    return m;
  }
}
