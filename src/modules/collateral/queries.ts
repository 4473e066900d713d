/**
 * Reads of the collateral read models. Who sees what: the owner its goods, the pledgor its positions; the operator,
 * the regulator, verifiers and funders (who value the collateral and buy the CTs it backs) see every item.
 */
import type { Queryable } from '../../db/database.ts';
import { ForbiddenError, NotFoundError } from '../../common/errors.ts';
import { membersByAddress, membersById, type Principal } from '../identity/index.ts';
import { NO_CREDIT_SUMMARY, creditSummaries, type CreditContext } from '../credit/index.ts';
import { goodsValueOf } from './projections.ts';
import type { CollateralAlert, CollateralAuction, CollateralClassView, CollateralPosition, CollateralPositionDetail, GoodsView } from './schemas.ts';

const seesAll = (by: Principal) => by.isOperator || ['regulator', 'verifier', 'funder'].some((r) => by.memberRoles.includes(r));
const iso = (d: Date | null) => (d ? d.toISOString() : null);

type GoodsRow = {
  id: string; owner: string; verifier: string; class_id: number; quantity: string; unit: string; description: string; location: string; receipt: string; lot: string;
  value: string; valued_at: Date; valuer: string; locked: boolean; registered_at: Date; position_id: string | null;
};

export async function listGoods(db: Queryable, by: Principal, p: { ownerOnly?: boolean } = {}): Promise<GoodsView[]> {
  const all = seesAll(by) && !p.ownerOnly;
  const { rows } = await db.query<GoodsRow>(
    `SELECT g.id, g.owner, g.verifier, g.class_id, g.quantity::text AS quantity, COALESCE(t.unit, g.unit) AS unit, COALESCE(t.description, g.description) AS description,
            COALESCE(t.location, g.location) AS location, COALESCE(t.receipt, g.receipt) AS receipt, COALESCE(t.lot, g.lot) AS lot, g.value::text AS value,
            g.valued_at, g.valuer, g.locked, g.registered_at,
            (SELECT p.id FROM collateral_positions p WHERE (p.goods_id = g.id OR p.id IN (SELECT a.position_id FROM collateral_added_goods a WHERE a.goods_id = g.id))
                AND p.status IN ('open', 'defaulted') LIMIT 1) AS position_id
       FROM goods g LEFT JOIN goods_texts t ON t.goods_id = g.id
      ${all ? '' : 'WHERE g.owner = $1'} ORDER BY g.registered_block DESC, g.id`,
    all ? [] : [by.memberAddress],
  );
  const members = await membersByAddress(db, rows.map((r) => r.owner));
  return rows.map((r) => ({
    goodsId: r.id, owner: r.owner, ownerMemberId: members.get(r.owner)?.id ?? null, verifier: r.verifier, classId: r.class_id, quantity: r.quantity, unit: r.unit,
    description: r.description, location: r.location, receipt: r.receipt, lot: r.lot, value: r.value, valuedAt: r.valued_at.toISOString(), valuer: r.valuer,
    locked: r.locked, positionId: r.position_id, registeredAt: r.registered_at.toISOString(),
  }));
}

export async function getGoods(db: Queryable, by: Principal, goodsId: string): Promise<GoodsView> {
  const g = (await listGoods(db, { ...by, isOperator: true })).find((x) => x.goodsId === goodsId.toLowerCase());
  if (!g) throw new NotFoundError('goods', goodsId);
  if (!seesAll(by) && g.owner !== by.memberAddress) throw new ForbiddenError('you can see only your own goods');
  return g;
}

export async function listClasses(db: Queryable): Promise<CollateralClassView[]> {
  const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM collateral_classes ORDER BY class_id');
  return rows.map((r) => ({
    classId: Number(r.class_id), kind: String(r.kind), active: Boolean(r.active), ltvBps: Number(r.ltv_bps), marginBps: Number(r.margin_bps), liquidationBps: Number(r.liquidation_bps),
    penaltyBps: Number(r.penalty_bps), auctionStartBps: Number(r.auction_start_bps), auctionFloorBps: Number(r.auction_floor_bps), curve: String(r.curve),
    auctionDurationSeconds: Number(r.auction_duration), auctionStepSeconds: Number(r.auction_step), marginGraceSeconds: Number(r.margin_grace), defaultGraceSeconds: Number(r.default_grace),
  }));
}

export async function listPositions(ctx: CreditContext, by: Principal, p: { positionId?: string } = {}): Promise<CollateralPosition[]> {
  const db = ctx.db;
  const where: string[] = [];
  const params: unknown[] = [];
  if (!seesAll(by)) where.push(`p.pledgor = $${params.push(by.memberAddress)}`);
  if (p.positionId) where.push(`p.id = $${params.push(p.positionId.toLowerCase())}`);
  const { rows } = await db.query<Record<string, any>>(
    `SELECT p.*, to_char(p.due_date, 'YYYY-MM-DD') AS due, p.collateral_value::text AS cv, p.credit_limit::text AS cl, p.debt::text AS dt, p.margin::text AS mg,
            ${goodsValueOf('p')} AS goods_value, c.claim_id, c.units::text AS claim_units, c.collected::text AS claim_collected, c.paid AS claim_paid,
            c.released AS claim_released,
            (SELECT array_agg(a.goods_id ORDER BY a.block_number, a.log_index) FROM collateral_added_goods a WHERE a.position_id = p.id) AS added_goods
       FROM collateral_positions p LEFT JOIN collateral_pledged_claims c ON c.position_id = p.id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.opened_at DESC, p.id`,
    params,
  );
  const { rows: draws } = await db.query<Record<string, any>>(
    `SELECT d.*, d.face::text AS f, d.paid::text AS pd, d.principal_paid::text AS pp, d.interest_paid::text AS ip, d.penalty_paid::text AS np,
            d.distributed::text AS ds, d.written_off::text AS wo
       FROM collateral_draws d WHERE d.position_id = ANY($1) ORDER BY d.idx`,
    [rows.map((r) => r.id)],
  );
  const members = await membersByAddress(db, rows.map((r) => r.pledgor));
  const credit = await creditSummaries(ctx, rows.map((r) => r.pledgor));
  return rows.map((r) => {
    // A pledged claim counts at its face less what was collected (which sits in the margin), as the vault counts it.
    const claimLeft = r.claim_id && !r.claim_paid && !r.claim_released ? BigInt(r.claim_units) - BigInt(r.claim_collected) : 0n;
    const value = BigInt(r.goods_value ?? '0') + BigInt(r.mg) + (claimLeft > 0n ? claimLeft : 0n);
    return {
      positionId: r.id, pledgor: r.pledgor, pledgorMemberId: members.get(r.pledgor)?.id ?? null, goodsId: r.goods_id, classId: r.class_id, status: r.status,
      addedGoods: (r.added_goods as string[] | null) ?? [],
      claim: r.claim_id
        ? { claimId: r.claim_id, units: r.claim_units, collected: r.claim_collected, paid: Boolean(r.claim_paid), released: Boolean(r.claim_released) }
        : null,
      collateralValueAtLock: r.cv, currentValue: value.toString(), limit: r.cl, debt: r.dt, margin: r.mg,
      ratioBps: value === 0n ? null : ((BigInt(r.dt) * 10_000n) / value).toString(),
      dueDate: r.due, lateRateBps: r.late_rate_bps, consortiumId: r.consortium_id,
      marginCallDeadline: iso(r.margin_call_deadline), openedAt: (r.opened_at as Date).toISOString(),
      pledgorCredit: credit.get(r.pledgor) ?? NO_CREDIT_SUMMARY,
      draws: draws.filter((d) => d.position_id === r.id).map((d) => ({
        claimId: d.id, kind: d.kind, face: d.f, paid: d.pd, principalPaid: d.pp, interestPaid: d.ip, penaltyPaid: d.np, distributed: d.ds, writtenOff: d.wo,
        closed: d.closed, drawnAt: (d.drawn_at as Date).toISOString(),
      })),
    };
  });
}

export async function getPosition(ctx: CreditContext, by: Principal, positionId: string): Promise<CollateralPositionDetail> {
  const db = ctx.db;
  const [p] = await listPositions(ctx, { ...by, isOperator: true }, { positionId });
  if (!p) throw new NotFoundError('position', positionId);
  if (!seesAll(by) && p.pledgor !== by.memberAddress) throw new ForbiddenError('you can see only your own positions');
  const { rows } = await db.query<Record<string, any>>(
    `SELECT kind, block_time, actor, amount::text AS amount, debt::text AS debt, value::text AS value, ratio_bps::text AS ratio_bps, detail, tx_hash
       FROM collateral_events WHERE position_id = $1 ORDER BY block_number, log_index`,
    [p.positionId],
  );
  return {
    ...p,
    history: rows.map((r) => ({ kind: r.kind, at: (r.block_time as Date).toISOString(), actor: r.actor, amount: r.amount, debt: r.debt, value: r.value, ratioBps: r.ratio_bps, detail: r.detail, txHash: r.tx_hash })),
  };
}

/** The price of a round at `t` (seconds), as AuctionCurve.priceAt computes it. */
export function auctionPriceAt(a: { startPrice: bigint; floorPrice: bigint; startedAt: number; duration: number; step: number; curve: string }, t: number): bigint {
  if (t >= a.startedAt + a.duration) return 0n;
  let elapsed = Math.max(0, t - a.startedAt);
  if (a.curve === 'stepwise' && a.step) elapsed -= elapsed % a.step;
  return a.startPrice - ((a.startPrice - a.floorPrice) * BigInt(elapsed)) / BigInt(a.duration);
}

export async function listAuctions(db: Queryable, p: { positionId?: string } = {}): Promise<CollateralAuction[]> {
  const { rows } = await db.query<Record<string, any>>(
    `SELECT a.*, a.start_price::text AS sp, a.floor_price::text AS fp, a.price::text AS pr FROM collateral_auctions a
      ${p.positionId ? 'WHERE a.position_id = $1' : ''} ORDER BY a.started_at DESC, a.round DESC`,
    p.positionId ? [p.positionId.toLowerCase()] : [],
  );
  const now = Date.now() / 1000;
  return rows.map((r) => {
    const startedAt = Math.floor((r.started_at as Date).getTime() / 1000);
    const curve = { startPrice: BigInt(r.sp), floorPrice: BigInt(r.fp), startedAt, duration: r.duration, step: r.step, curve: r.curve };
    const samples = r.curve === 'stepwise' && r.step ? Math.min(200, Math.ceil(r.duration / r.step)) : 20;
    const points = Array.from({ length: samples + 1 }, (_, i) => {
      const t = startedAt + Math.min(r.duration - 1, Math.floor((r.duration * i) / samples));
      return { at: new Date(t * 1000).toISOString(), price: auctionPriceAt(curve, t).toString() };
    });
    return {
      positionId: r.position_id, goodsId: r.goods_id, round: r.round, startPrice: r.sp, floorPrice: r.fp, startedAt: new Date(startedAt * 1000).toISOString(),
      endsAt: new Date((startedAt + r.duration) * 1000).toISOString(), curve: r.curve, stepSeconds: r.step, winner: r.winner, price: r.pr, wonAt: iso(r.won_at),
      status: r.winner ? 'won' : now >= startedAt + r.duration ? 'ended' : 'live',
      curvePoints: points,
    };
  });
}

/**
 * What the regulator watches, newest first: margin calls, defaults, auctions and liquidations (chain events), and the
 * double-pledge attempts the API refused before they reached the chain (who tried, which goods, which refusal).
 */
export async function listAlerts(db: Queryable, by: Principal): Promise<CollateralAlert[]> {
  if (!by.isOperator && !by.memberRoles.includes('regulator')) throw new ForbiddenError('only the operator and the regulator see collateral alerts');
  const [events, attempts] = await Promise.all([
    db.query<Record<string, any>>(
      `SELECT kind, position_id, goods_id, block_time, detail, ratio_bps::text AS ratio_bps FROM collateral_events
        WHERE kind IN ('margin_called', 'defaulted', 'liquidated', 'auction_started') ORDER BY block_number DESC, log_index DESC LIMIT 500`,
    ),
    db.query<{ code: string; goods_id: string | null; member_id: string; receipt: string | null; lot: string | null; message: string; at: Date }>(
      `SELECT code, goods_id, member_id, receipt, lot, message, at FROM double_pledge_attempts ORDER BY at DESC, id DESC LIMIT 500`,
    ),
  ]);
  const names = await membersById(db, attempts.rows.map((a) => a.member_id));
  const alerts: CollateralAlert[] = [
    ...events.rows.map((r) => ({ kind: r.kind, positionId: r.position_id, goodsId: r.goods_id, at: (r.block_time as Date).toISOString(), detail: r.detail, ratioBps: r.ratio_bps, code: null, attemptedBy: null })),
    ...attempts.rows.map((a) => ({
      kind: 'double_pledge_attempt',
      positionId: null,
      goodsId: a.goods_id,
      at: a.at.toISOString(),
      detail: [a.receipt ? `receipt ${a.receipt}` : null, a.lot ? `lot ${a.lot}` : null, a.message].filter(Boolean).join(' · '),
      ratioBps: null,
      code: a.code,
      attemptedBy: { memberId: a.member_id, name: names.get(a.member_id)?.name ?? '' },
    })),
  ];
  // A stable sort keeps each source's own order among equal instants.
  return alerts.sort((x, y) => Date.parse(y.at) - Date.parse(x.at)).slice(0, 500);
}
