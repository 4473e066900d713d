/**
 * The claim market (ClaimMarket): a funder posts an offer and a holder sells into it, delivery versus payment.
 */
import assert from 'node:assert/strict';
import type { Hex } from 'viem';
import { abi } from '../../setup.ts';
import { daysBetween, salePrice } from '../rules.ts';
import type { Spec } from '../specs.ts';
import { ZERO_ADDRESS, type Model, type OfferM } from '../state.ts';
import { applyTransfer, transferFailure } from './claims.ts';
import { assertOutcome, bump, readLedger, type Fail } from './outcome.ts';
import { at, pickClaim, pickHolder, resolveAmount } from './picks.ts';

export async function sell(m: Model, s: Extract<Spec, { t: 'sell' }>): Promise<void> {
  const f = m.f;
  const c = pickClaim(m, s.claim);
  if (!c) return bump(m, 'sell:skip');
  const seller = pickHolder(m, c, s.holder);
  const amount = resolveAmount(c.holdings.get(seller)?.balance ?? 0n, s.amt);

  let o: OfferM | undefined = s.reuse ? at(m.offers, s.offer) : undefined;
  let offerId: Hex;
  if (o) {
    offerId = o.offerId;
  } else {
    const funder = f.funders[s.funder]!;
    const limit = s.limit === 'zero' ? 0n : s.limit === 'under' ? (amount > 1n ? amount - 1n : 0n) : amount + BigInt(s.expires % 1000);
    const others = m.members.filter((a) => a !== seller);
    const onlyHolder = s.only === 'none' ? ZERO_ADDRESS : s.only === 'seller' ? seller : at(others, s.offer)!;
    const expiresAt = f.chain.now + 1n + BigInt(s.expires);
    offerId = m.fresh('offer');
    const expected: Fail | null =
      limit === 0n
        ? { error: 'OfferTermsInvalid', field: 'limit' }
        : s.rate > 10_000
          ? { error: 'OfferTermsInvalid', field: 'rateBps' }
          : null;
    const r = await f.chain.write(funder, f.addresses.market, abi.market, 'postOffer', [offerId, f.core.address, s.rate, limit, Number(expiresAt), onlyHolder]);
    assertOutcome(m, 'postOffer', r, expected);
    if (expected === null) {
      o = { offerId, funder: funder.address, rateBps: s.rate, remaining: limit, expiresAt, onlyHolder };
      m.offers.push(o);
    }
  }

  const t = f.chain.now + 1n;
  const days = daysBetween(t, c.dueDate);
  const price = o ? salePrice(amount, o.rateBps, days, c.dayCount) : 0n;
  const minPrice = s.minPrice === 'zero' || price < 0n ? 0n : s.minPrice === 'exact' ? price : price + 1n;
  let expected: Fail | null = null;
  if (!o) expected = { error: 'OfferNotFound' };
  else if (t >= o.expiresAt) expected = { error: 'OfferExpired' };
  else if (o.onlyHolder !== ZERO_ADDRESS && o.onlyHolder !== seller) expected = { error: 'OfferNotForYou' };
  else if (amount > o.remaining) expected = { error: 'OfferExhausted' };
  else if (price <= 0n) expected = { error: 'DiscountExceedsFace' }; // the discount is at least the face
  else if (price < minPrice) expected = { error: 'PriceBelowMinimum' };
  else expected = transferFailure(m, c, seller, o.funder, amount, true) ?? (m.xtOf(o.funder) < price ? { error: 'ERC20InsufficientBalance' } : null);

  const funder = o?.funder ?? f.funders[s.funder]!.address;
  const read = readLedger(m);
  const snapshot = () => Promise.all([read.balance(seller, c.id), read.balance(funder, c.id), read.xt(seller), read.xt(funder)]);
  const before = await snapshot();
  const r = await f.chain.write(m.actorOf(seller), f.addresses.market, abi.market, 'sell', [offerId, c.id, amount, minPrice]);
  assertOutcome(m, 'sell', r, expected);
  const after = await snapshot();
  // Property 6, DvP: both legs (claim `amount` one way, XT `price` the other) or neither.
  if (r.ok) {
    const same = seller === funder;
    assert.deepEqual(
      after.map((v, i) => v - before[i]!),
      same ? [0n, 0n, 0n, 0n] : [-amount, amount, price, -price],
      `sale of ${amount} at ${o!.rateBps} bps, ${days} days: expected price ${price}`,
    );
  } else {
    assert.deepEqual(after, before, 'a failed sale moved the claim or XT');
  }
  if (expected === null && o) {
    o.remaining -= amount;
    applyTransfer(m, c, seller, o.funder, amount, true);
    m.moveXt(o.funder, seller, price);
    bump(m, price < amount ? 'sell:discounted' : 'sell:at-face');
  }
}
