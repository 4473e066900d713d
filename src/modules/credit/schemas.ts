/** Credit scores' wire shapes (TypeBox): the routes, /openapi.json, the SDK and the console. */
import { Instant, MinorUnits, Nullable, Type, Uuid, type Static } from '../../api/schemas.ts';

export const CreditBand = Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C'), Type.Literal('D'), Type.Literal('none')], {
  description: 'A ≥ 750, B ≥ 600, C ≥ 450, D below; none: no on-chain history',
});

export const CreditFactsView = Type.Object(
  {
    obligations: Type.Integer({ minimum: 0, description: 'obligations that came due or were paid in full' }),
    paidOnTime: Type.Integer({ minimum: 0, description: 'of those, paid in full on or before the due date' }),
    daysOverdue: Type.Integer({ minimum: 0, description: 'Σ whole days late (to the completing payment, or to asOf while unpaid)' }),
    defaults: Type.Integer({ minimum: 0 }),
    liquidations: Type.Integer({ minimum: 0 }),
    volume: MinorUnits,
    ratings: Type.Integer({ minimum: 0, description: 'service ratings received' }),
    ratingPoints: Type.Integer({ minimum: 0, description: 'their sum (1 to 5 each)' }),
  },
  { title: 'CreditFacts' },
);

export const CreditComponentsView = Type.Object(
  {
    base: Type.Integer(),
    punctuality: Type.Integer(),
    overdue: Type.Integer(),
    defaults: Type.Integer(),
    liquidations: Type.Integer(),
    volume: Type.Integer(),
    ratings: Type.Integer(),
  },
  { title: 'CreditComponents', description: 'the terms of the formula; their sum clamped to 0..1000 is the score' },
);

/** What is shown beside an offer or a quote: the obligor's score and the facts behind it. */
export const CreditSummary = Type.Object(
  {
    score: Nullable(Type.Integer({ minimum: 0, maximum: 1000 })),
    band: CreditBand,
    formula: Type.String({ description: 'the formula version (docs/adr/021-credit-score.md)' }),
    facts: CreditFactsView,
  },
  { title: 'CreditSummary', description: "the obligor's credit score from on-chain history alone" },
);

export const CreditScore = Type.Object(
  {
    member: Type.Object({ memberId: Type.String(), name: Type.String(), address: Type.String() }),
    score: Nullable(Type.Integer({ minimum: 0, maximum: 1000 })),
    band: CreditBand,
    formula: Type.String(),
    asOf: Instant,
    facts: CreditFactsView,
    components: CreditComponentsView,
    sources: Type.Array(Type.Object({ module: Type.String(), facts: CreditFactsView }), { description: "each module's part of the facts" }),
  },
  { title: 'CreditScore' },
);
export const CreditScores = Type.Object({ items: Type.Array(CreditScore) });

export const CreditScoreParams = Type.Object({ memberId: Uuid }, { additionalProperties: false });
export const CreditScoreQuery = Type.Object(
  { asOf: Type.Optional(Type.String({ format: 'date-time', description: 'an ISO 8601 instant up to which days overdue are counted (default: the latest block)' })) },
  { additionalProperties: false },
);

export type CreditBand = Static<typeof CreditBand>;
export type CreditFactsView = Static<typeof CreditFactsView>;
export type CreditSummary = Static<typeof CreditSummary>;
export type CreditScore = Static<typeof CreditScore>;
export type CreditScores = Static<typeof CreditScores>;
