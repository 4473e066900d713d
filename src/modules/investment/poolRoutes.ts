import type { FastifyInstance } from 'fastify';
import type { Address, Hex } from 'viem';
import type { ModuleContext } from '../../platform/context.ts';
import { requirePrincipal, type Principal } from '../../api/auth.ts';
import { sendCsv, toCsv, xtDecimal } from '../../api/csv.ts';
import { ForbiddenError } from '../../common/errors.ts';
import { seesEverything } from '../identity/index.ts';
import { poolStatement } from './statements.ts';
import { Accepted, NoBody, parsePagination, type Static } from '../../api/schemas.ts';
import { absentBodyIsEmpty, acceptCommand } from '../../api/commandResponse.ts';
import * as pools from './poolCommands.ts';
import { tranchedPools } from './contracts.ts';
import { getPool, listPools, poolExposures, poolProposals } from './queries.ts';
import {
  AmountBody, ClaimOrderBody, CreatePoolBody, DepositRequestBody, Pool, PoolExposures, PoolList, PoolListQuery, PoolParams, Proposals, PoolStatement, ProposalBody, ProposalParams, PurchaseBody, RedeemRequestBody,
  StatementExportQuery, StatementQuery, VoteBody,
} from './schemas.ts';

/** Whose statement `by` may read: its own; the operator and the regulator anyone's. */
function statementOf(by: Principal, investor: string | undefined): string {
  const who = (investor ?? by.memberAddress).toLowerCase();
  if (who !== by.memberAddress.toLowerCase() && !seesEverything(by)) {
    throw new ForbiddenError("an investor's statement is its own (and the operator's and the regulator's)", { field: 'investor' });
  }
  return who;
}

const tags = ['investment'];

/** Tranched pools (sponsor, investors, sellers) and the holders' governance. */
export function poolRoutes(ctx: ModuleContext) {
  return (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof CreatePoolBody> }>(
      '/v1/pools',
      { config: { idempotent: true }, schema: { tags, summary: 'Create a tranched pool (the caller, a certified investor, is its sponsor)', body: CreatePoolBody, response: { 202: Accepted() } } },
      (request, reply) =>
        acceptCommand(ctx, request, reply, (tx, by) => {
          const b = request.body;
          return pools.createPool(ctx, tx, by, {
            poolId: b.poolId as Hex,
            consortiumId: b.consortiumId as Hex,
            maturity: new Date(b.maturity),
            minEpochDays: b.minEpochDays,
            dayCount: b.dayCount === 'ACT/365F' ? 1 : 0,
            targetYieldBps: b.targetYieldBps,
            quorumBps: b.quorumBps,
            thresholdBps: b.thresholdBps,
            votingDays: b.votingDays,
            minSubordinationBps: b.minSubordinationBps ?? 0,
            minCoverBps: b.minCoverBps ?? 0,
            policy: { ...b.policy, limitPerObligor: BigInt(b.policy.limitPerObligor) },
            eligibleObligorIds: b.eligibleObligorIds,
          });
        }),
    );

    app.get<{ Querystring: Static<typeof PoolListQuery> }>(
      '/v1/pools',
      { schema: { tags, summary: 'Tranched pools, newest first', querystring: PoolListQuery, response: { 200: PoolList } } },
      async (request) => {
        requirePrincipal(request);
        return { items: await listPools(ctx.db, parsePagination(request.query).limit) };
      },
    );

    app.get<{ Params: Static<typeof PoolParams> }>(
      '/v1/pools/:poolId',
      { schema: { tags, summary: 'A pool: terms, cover, NAV and each tranche after the last close with its realised yield', params: PoolParams, response: { 200: Pool } } },
      async (request) => {
        requirePrincipal(request);
        return getPool(ctx.db, request.params.poolId);
      },
    );

    app.get<{ Params: Static<typeof PoolParams> }>(
      '/v1/pools/:poolId/exposures',
      { schema: { tags, summary: "A pool's exposures by obligor (face bought, paid, collected, outstanding, written off) and by obligor and supply-chain tier", params: PoolParams, response: { 200: PoolExposures } } },
      async (request) => {
        requirePrincipal(request);
        return poolExposures(ctx.db, request.params.poolId, tranchedPools(ctx).address);
      },
    );

    app.get<{ Params: Static<typeof PoolParams> }>(
      '/v1/pools/:poolId/proposals',
      { schema: { tags, summary: "The holders' proposals on a pool with their tallies, newest first", params: PoolParams, response: { 200: Proposals } } },
      async (request) => {
        requirePrincipal(request);
        return { items: await poolProposals(ctx.db, request.params.poolId) };
      },
    );

    app.get<{ Params: Static<typeof PoolParams>; Querystring: Static<typeof StatementQuery> }>(
      '/v1/pools/:poolId/statement',
      {
        schema: {
          tags, summary: "What an investor's position earned, per epoch and to date (default: yours)", params: PoolParams, querystring: StatementQuery, response: { 200: PoolStatement },
        },
      },
      async (request) => {
        const by = requirePrincipal(request);
        return poolStatement(ctx.db, request.params.poolId, statementOf(by, request.query.investor));
      },
    );

    app.get<{ Querystring: Static<typeof StatementExportQuery> }>(
      '/v1/exports/pool-statement.csv',
      { schema: { tags: [...tags, 'exports'], summary: "An investor's pool statement as CSV (the lines of /v1/pools/{poolId}/statement, exact amounts)", querystring: StatementExportQuery, produces: ['text/csv'] } },
      async (request, reply) => {
        const by = requirePrincipal(request);
        const s = await poolStatement(ctx.db, request.query.poolId, statementOf(by, request.query.investor));
        return sendCsv(
          reply,
          'pool-statement.csv',
          toCsv(
            ['pool', 'investor', 'epoch', 'closed_at', 'tranche', 'shares_held', 'earned_minor', 'earned_xt', 'deposited_minor', 'deposit_returned_minor', 'shares_issued',
              'redeem_requested', 'shares_redeemed', 'redemption_paid_minor', 'shares_after', 'value_after_minor', 'value_after_xt'],
            s.lines.map((l) => [s.poolId, s.investor, l.epoch, l.closedAt, l.tranche, l.sharesHeld, l.earned, xtDecimal(l.earned), l.deposited, l.depositReturned, l.sharesIssued,
              l.redeemRequested, l.sharesRedeemed, l.redemptionPaid, l.sharesAfter, l.valueAfter, xtDecimal(l.valueAfter)]),
          ),
        );
      },
    );

    type Handle = Parameters<typeof acceptCommand>[3];
    const poolCommand = <B>(path: string, summary: string, body: unknown, run: (tx: Parameters<Handle>[0], by: Parameters<Handle>[1], poolId: Hex, b: B) => ReturnType<Handle>) =>
      app.post(
        `/v1/pools/:poolId/${path}`,
        { config: { idempotent: true }, preValidation: absentBodyIsEmpty, schema: { tags, summary, params: PoolParams, body: body as never, response: { 202: Accepted() } } },
        (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => run(tx, by, (request.params as Static<typeof PoolParams>).poolId as Hex, request.body as B)),
      );

    poolCommand<Static<typeof AmountBody>>('cover', "Post first-loss cover (the pool's sponsor)", AmountBody, (tx, by, poolId, b) => pools.postCover(ctx, tx, by, { poolId, amount: BigInt(b.amount) }));
    poolCommand<Static<typeof AmountBody>>('cover/withdrawals', "Withdraw unused first-loss cover (the pool's sponsor; at most what the committed share leaves free)", AmountBody, (tx, by, poolId, b) =>
      pools.withdrawCover(ctx, tx, by, { poolId, amount: BigInt(b.amount) }),
    );
    poolCommand<Static<typeof DepositRequestBody>>('deposits', 'Request a deposit into a tranche (executed at the next epoch close)', DepositRequestBody, (tx, by, poolId, b) =>
      pools.requestDeposit(ctx, tx, by, { poolId, tranche: b.tranche, amount: BigInt(b.amount) }),
    );
    poolCommand<Static<typeof RedeemRequestBody>>('redemptions', "Request a redemption of a tranche's shares (executed at the next epoch close)", RedeemRequestBody, (tx, by, poolId, b) =>
      pools.requestRedeem(ctx, tx, by, { poolId, tranche: b.tranche, shares: BigInt(b.shares) }),
    );
    poolCommand<Static<typeof ClaimOrderBody>>('claims', 'Deliver an executed order: shares minted, XT paid', ClaimOrderBody, (tx, by, poolId, b) =>
      pools.claimOrder(ctx, tx, by, { poolId, tranche: b.tranche, investor: b.investor as Address | undefined }),
    );
    poolCommand<Static<typeof PurchaseBody>>('purchases', "Sell claim units to the pool at its policy's price (checked against its policy)", PurchaseBody, (tx, by, poolId, b) =>
      pools.sellToPool(ctx, tx, by, { poolId, claimId: BigInt(b.claimId), face: BigInt(b.face), minPrice: BigInt(b.minPrice ?? '0') }),
    );
    poolCommand<Record<string, never>>('epochs', 'Close the epoch: collect, value, run the waterfall, execute the requests', NoBody, (tx, by, poolId) => pools.closeEpoch(ctx, tx, by, { poolId }));
    poolCommand<Static<typeof ProposalBody>>('proposals', "Propose a valuation, write-off, policy or eligibility change to the pool's holders", ProposalBody, async (tx, by, poolId, b) => {
      const r = await pools.propose(ctx, tx, by, {
        poolId, action: b.action, assetIndex: b.assetIndex ?? 0, value: BigInt(b.value ?? '0'), obligorMemberId: b.obligorMemberId,
        policy: b.policy ? { ...b.policy, limitPerObligor: BigInt(b.policy.limitPerObligor) } : undefined,
      });
      return { commandIds: r.commandIds, body: { proposalId: r.expectedProposalId } };
    });

    app.post<{ Params: Static<typeof ProposalParams>; Body: Static<typeof VoteBody> }>(
      '/v1/proposals/:proposalId/votes',
      { config: { idempotent: true }, schema: { tags, summary: 'Vote on a proposal with your holdings at its snapshot', params: ProposalParams, body: VoteBody, response: { 202: Accepted() } } },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => pools.vote(ctx, tx, by, { proposalId: BigInt(request.params.proposalId), support: request.body.support })),
    );
    app.post<{ Params: Static<typeof ProposalParams> }>(
      '/v1/proposals/:proposalId/execute',
      { config: { idempotent: true }, preValidation: absentBodyIsEmpty, schema: { tags, summary: 'Execute a passed proposal on-chain', params: ProposalParams, body: NoBody, response: { 202: Accepted() } } },
      (request, reply) => acceptCommand(ctx, request, reply, (tx, by) => pools.execute(ctx, tx, by, { proposalId: BigInt(request.params.proposalId) })),
    );
  };
}
