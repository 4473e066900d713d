/** `tierchain credit scores` and `tierchain credit score <memberId>`. */
import type { Resource } from '../../cli/ops/context.ts';
import { table, xt as amount } from '../../cli/ops/format.ts';
import { instantValue, optionalFlag } from '../../cli/ops/values.ts';
import type { CreditScore } from './schemas.ts';

const asOfFlag = (f: Record<string, string | boolean | undefined>) => {
  const asOf = optionalFlag(f, 'as-of');
  return asOf === undefined ? undefined : instantValue('--as-of', asOf);
};

const row = (s: CreditScore) => [
  s.member.name,
  s.score === null ? '—' : String(s.score),
  s.band,
  `${s.facts.paidOnTime}/${s.facts.obligations}`,
  String(s.facts.daysOverdue),
  String(s.facts.defaults),
  String(s.facts.liquidations),
  amount(s.facts.volume),
];
const HEAD = ['member', 'score', 'band', 'on time', 'days overdue', 'defaults', 'liquidations', 'volume XT'];

export const credit: Resource = {
  scores: {
    options: { 'as-of': { type: 'string' } },
    async run(ctx, _a, f) {
      const r = await ctx.client.credit.scores({ asOf: asOfFlag(f) });
      ctx.print(r, () => table(HEAD, r.items.map(row), [false, true, false, true, true, true, true, true]));
    },
  },
  score: {
    args: ['memberId'],
    options: { 'as-of': { type: 'string' } },
    async run(ctx, a, f) {
      const s = await ctx.client.credit.score(a.memberId!, { asOf: asOfFlag(f) });
      ctx.print(s, () =>
        [
          table(HEAD, [row(s)], [false, true, false, true, true, true, true, true]),
          table(['term', 'points'], Object.entries(s.components).map(([k, v]) => [k, String(v)]), [false, true]),
          `${s.formula}, as of ${s.asOf}\n`,
        ].join(''),
      );
    },
  },
};

export const creditCli = { credit };
