/**
 * The devices module's part of a member's credit history (docs/adr/021-credit-score.md): a manufacturer's security
 * deposit, as the registry holds it now (the read model of DepositPosted / Withdrawn / Slashed), counts as volume, so
 * that posting one raises its credit (seed 004). A deposit slashed on a finding against the manufacturer counts as a
 * default.
 */
import type { CreditFactSource, CreditFacts } from '../../platform/creditFacts.ts';

export const devicesCreditFacts: CreditFactSource = async (db, p) => {
  const out = new Map<string, Partial<CreditFacts>>();
  if (p.members.length === 0) return out;
  const { rows } = await db.query<{ manufacturer: string; total: string; slashed: string }>(
    'SELECT manufacturer, total::text AS total, slashed::text AS slashed FROM device_deposits WHERE manufacturer = ANY($1)',
    [p.members.map((m) => m.toLowerCase())],
  );
  for (const r of rows) out.set(r.manufacturer, { volume: BigInt(r.total), defaults: BigInt(r.slashed) > 0n ? 1 : 0 });
  return out;
};
