/**
 * The clock: mine a block at a claim's due date, an offer's expiry (give or take a second) or some time later, where
 * the rules change.
 */
import type { Spec } from '../specs.ts';
import type { Model } from '../state.ts';
import { bump } from './outcome.ts';
import { at } from './picks.ts';

export async function advance(m: Model, s: Extract<Spec, { t: 'time' }>): Promise<void> {
  const chain = m.f.chain;
  let target: bigint;
  if (s.target === 'random' || (s.target === 'expiry' && m.offers.length === 0) || m.order.length === 0) {
    target = chain.now + BigInt(s.secs);
  } else {
    const edge =
      s.target === 'due'
        ? m.claims.get(at(m.order, s.pick)!)!.dueDate
        : s.target === 'all'
          ? m.order.reduce((latest, id) => (m.claims.get(id)!.dueDate > latest ? m.claims.get(id)!.dueDate : latest), 0n)
          : at(m.offers, s.pick)!.expiresAt;
    // The next transaction then runs at edge + offset (the block mined here is one second earlier).
    target = edge + BigInt(s.offset) - 1n;
  }
  await chain.mineAt(target);
  bump(m, 'time:advanced');
}
