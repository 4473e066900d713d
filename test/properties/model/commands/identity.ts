/**
 * Membership (MemberRegistry): the operator suspends and reinstates a supplier or the guarantor, which decides who
 * may hold, receive, issue and guarantee.
 */
import { abi, id32 } from '../../setup.ts';
import type { Spec } from '../specs.ts';
import type { Model } from '../state.ts';
import { assertOutcome } from './outcome.ts';

export async function suspend(m: Model, s: Extract<Spec, { t: 'suspend' }>): Promise<void> {
  const f = m.f;
  const sup = s.sup < 4 ? f.suppliers[s.sup]! : f.guarantor;
  if (m.suspended.has(sup.address)) {
    const r = await f.chain.write(f.operator, f.addresses.registry, abi.registry, 'reinstate', [sup.address]);
    assertOutcome(m, 'reinstate', r, null);
    m.suspended.delete(sup.address);
  } else {
    const r = await f.chain.write(f.operator, f.addresses.registry, abi.registry, 'suspend', [sup.address, id32('reason')]);
    assertOutcome(m, 'suspend', r, null);
    m.suspended.add(sup.address);
  }
}
