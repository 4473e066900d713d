/**
 * Scores members from every module's credit facts (their `creditFacts` sources, given in the context): the facts come
 * from the modules' read models, derived from chain events only, so anyone replaying the chain gets the same score.
 * A score is public to every member: it is what funders price by.
 */
import type { Queryable } from '../../db/database.ts';
import { readModelTime } from '../../indexer/projections.ts';
import type { CreditFactContribution, CreditFacts } from '../../platform/creditFacts.ts';
import { getMemberIdentity, listMembers } from '../identity/index.ts';
import type { CreditFactsView, CreditScore, CreditSummary } from './schemas.ts';
import { addFacts, CREDIT_FORMULA, NO_FACTS, scoreCredit } from './score.ts';

/** What scoring needs of the platform: the database and the modules' sources. */
export interface CreditContext {
  db: Queryable;
  creditFacts: readonly CreditFactContribution[];
}

const view = (f: CreditFacts): CreditFactsView => ({ ...f, volume: f.volume.toString() });

interface Gathered {
  total: CreditFacts;
  sources: { module: string; facts: CreditFacts }[];
}

/** Every source's facts for `addresses` (lower-case), summed per member. */
async function gather(ctx: CreditContext, addresses: readonly string[], asOf: Date): Promise<Map<string, Gathered>> {
  const members = [...new Set(addresses.map((a) => a.toLowerCase()))];
  const out = new Map<string, Gathered>(members.map((a) => [a, { total: NO_FACTS, sources: [] }]));
  if (members.length === 0) return out;
  const parts = await Promise.all(ctx.creditFacts.map(async (c) => ({ module: c.module, facts: await c.facts(ctx.db, { members, asOf }) })));
  for (const part of parts) {
    for (const [address, facts] of part.facts) {
      const g = out.get(address);
      if (!g) continue;
      const own = addFacts(NO_FACTS, facts);
      g.total = addFacts(g.total, own);
      g.sources.push({ module: part.module, facts: own });
    }
  }
  return out;
}

/** The summary of a member without history (a claim whose terms are not indexed yet names no obligor). */
export const NO_CREDIT_SUMMARY: CreditSummary = Object.freeze({ ...scoreSummary(NO_FACTS) });

function scoreSummary(f: CreditFacts): CreditSummary {
  const r = scoreCredit(f);
  return { score: r.score, band: r.band, formula: CREDIT_FORMULA, facts: view(f) };
}

/** The credit summary of each address (shown beside offers and quotes), as of the latest block unless `asOf`. */
export async function creditSummaries(ctx: CreditContext, addresses: readonly string[], asOf?: Date): Promise<Map<string, CreditSummary>> {
  const gathered = await gather(ctx, addresses.filter((a) => !!a), await readModelTime(ctx.db, asOf));
  return new Map([...gathered].map(([address, g]) => [address, scoreSummary(g.total)]));
}

async function scoresOf(ctx: CreditContext, members: { id: string; name: string; address: string }[], asOf?: Date): Promise<CreditScore[]> {
  const at = await readModelTime(ctx.db, asOf);
  const gathered = await gather(ctx, members.map((m) => m.address), at);
  return members.map((m) => {
    const g = gathered.get(m.address.toLowerCase())!;
    const r = scoreCredit(g.total);
    return {
      member: { memberId: m.id, name: m.name, address: m.address },
      score: r.score,
      band: r.band,
      formula: CREDIT_FORMULA,
      asOf: at.toISOString(),
      facts: view(g.total),
      components: r.components,
      sources: g.sources.map((s) => ({ module: s.module, facts: view(s.facts) })),
    };
  });
}

/** One member's score with its facts, each module's part and the formula's terms. */
export async function getCreditScore(ctx: CreditContext, memberId: string, p: { asOf?: Date } = {}): Promise<CreditScore> {
  const m = await getMemberIdentity(ctx.db, memberId);
  return (await scoresOf(ctx, [m], p.asOf))[0]!;
}

/** The scores of the members on the chain (the first 500), best first; members without history last. */
export async function listCreditScores(ctx: CreditContext, p: { asOf?: Date } = {}): Promise<{ items: CreditScore[] }> {
  const { items } = await listMembers(ctx.db, { limit: 500 });
  const members = items.filter((m) => m.status !== 'pending').map((m) => ({ id: m.id, name: m.name, address: m.address.toLowerCase() }));
  const scores = await scoresOf(ctx, members, p.asOf);
  return { items: scores.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.member.name.localeCompare(b.member.name)) };
}
