/**
 * The collateral API's shapes (TypeBox): goods, collateral classes, positions with their draws and history, auctions
 * with their price curve. What the routes validate and answer, /openapi.json shows, and the SDK and console type with.
 */
import { Address, Bytes32, Instant, MinorUnits, Nullable, Type, Uuid, type Static } from '../../api/schemas.ts';
import { CreditSummary } from '../credit/schemas.ts';

const Amount = Type.String({ ...MinorUnits, pattern: '^[1-9][0-9]{0,38}$', description: 'integer amount in minor units as a decimal string; at least 1, at most 2^128 − 1' });
const AmountOrZero = Type.String({ ...MinorUnits, pattern: '^(0|[1-9][0-9]{0,38})$', description: 'integer amount in minor units as a decimal string (0 allowed)' });
const Bps = Type.Integer({ minimum: 0, maximum: 10_000, description: 'basis points' });
const Text = (description: string, maxLength = 200) => Type.String({ minLength: 1, maxLength, pattern: '\\S', description });
const Identifier = (description: string) => Type.String({ maxLength: 100, pattern: '^[\\x20-\\x7e]*$', description });
export const ClassId = Type.Integer({ minimum: 0, maximum: 65_535, description: 'collateral class number' });
export const GoodsIdParams = Type.Object({ goodsId: Bytes32 }, { additionalProperties: false });
export const PositionIdParams = Type.Object({ positionId: Bytes32 }, { additionalProperties: false });
export const ClaimIdParams = Type.Object({ claimId: Bytes32 }, { additionalProperties: false });

export const RegisterGoodsBody = Type.Object(
  {
    ownerMemberId: Uuid,
    classId: ClassId,
    quantity: Amount,
    unit: Text('unit of the quantity (t, pcs, m³)', 20),
    description: Text('what the goods are'),
    location: Text('where they are kept'),
    receipt: Type.Optional(Identifier('warehouse receipt number (compared trimmed and upper-cased; backs one registration ever)')),
    lot: Type.Optional(Identifier('serial or lot number (one registration per verifier)')),
    documentsHash: Type.Optional(Bytes32),
    value: Amount,
  },
  { additionalProperties: false },
);
export const GoodsBody = Type.Object({ goodsId: Bytes32 }, { additionalProperties: false });
export const ValueBody = Type.Object({ value: Amount }, { additionalProperties: false });
export const GoodsTransferBody = Type.Object({ toMemberId: Uuid }, { additionalProperties: false });
export const AmountBody = Type.Object({ amount: Amount }, { additionalProperties: false });
export const BidBody = Type.Object({ maxPrice: Amount }, { additionalProperties: false });
export const RedeemBody = Type.Object({ holderMemberId: Type.Optional(Uuid) }, { additionalProperties: false });

export const ClassBody = Type.Object(
  {
    classId: ClassId,
    kind: Type.Union([Type.Literal('inventory'), Type.Literal('pledge'), Type.Literal('margin')]),
    active: Type.Boolean(),
    ltvBps: Type.Integer({ minimum: 1, maximum: 10_000 }),
    marginBps: Bps,
    liquidationBps: Bps,
    penaltyBps: Bps,
    auctionStartBps: Type.Integer({ minimum: 1, maximum: 65_535 }),
    auctionFloorBps: Type.Integer({ minimum: 0, maximum: 65_535 }),
    curve: Type.Union([Type.Literal('linear'), Type.Literal('stepwise')]),
    auctionDurationSeconds: Type.Integer({ minimum: 1, maximum: 4_294_967_295 }),
    auctionStepSeconds: Type.Integer({ minimum: 0, maximum: 4_294_967_295 }),
    marginGraceSeconds: Type.Integer({ minimum: 0, maximum: 4_294_967_295 }),
    defaultGraceSeconds: Type.Integer({ minimum: 0, maximum: 4_294_967_295 }),
  },
  { additionalProperties: false },
);

export const LockBody = Type.Object(
  {
    goodsId: Type.Optional(Bytes32),
    claimId: Type.Optional(Bytes32),
    xtAmount: Type.Optional(Amount),
    classId: Type.Optional(ClassId),
    consortiumId: Bytes32,
    dueDate: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'calendar date YYYY-MM-DD' }),
    lateRateBps: Type.Optional(Bps),
    maxHops: Type.Optional(Type.Integer({ minimum: 0, maximum: 255 })),
    dayCount: Type.Optional(Type.Union([Type.Literal('ACT/360'), Type.Literal('ACT/365F')])),
    firstDraw: Type.Optional(AmountOrZero),
  },
  { additionalProperties: false },
);

export const Goods = Type.Object(
  {
    goodsId: Bytes32,
    owner: Address,
    ownerMemberId: Nullable(Type.String()),
    verifier: Address,
    classId: Type.Integer(),
    quantity: MinorUnits,
    unit: Type.String(),
    description: Type.String(),
    location: Type.String(),
    receipt: Type.String(),
    lot: Type.String(),
    value: MinorUnits,
    valuedAt: Instant,
    valuer: Address,
    locked: Type.Boolean(),
    positionId: Nullable(Bytes32),
    registeredAt: Instant,
  },
  { title: 'Goods' },
);
export const GoodsList = Type.Object({ items: Type.Array(Goods) });

export const CollateralClass = Type.Object(
  {
    classId: Type.Integer(), kind: Type.String(), active: Type.Boolean(), ltvBps: Type.Integer(), marginBps: Type.Integer(), liquidationBps: Type.Integer(),
    penaltyBps: Type.Integer(), auctionStartBps: Type.Integer(), auctionFloorBps: Type.Integer(), curve: Type.String(), auctionDurationSeconds: Type.Integer(),
    auctionStepSeconds: Type.Integer(), marginGraceSeconds: Type.Integer(), defaultGraceSeconds: Type.Integer(),
  },
  { title: 'CollateralClass' },
);
export const CollateralClasses = Type.Object({ items: Type.Array(CollateralClass) });

export const Draw = Type.Object(
  {
    claimId: Bytes32, kind: Type.String(), face: MinorUnits, paid: MinorUnits, principalPaid: MinorUnits, interestPaid: MinorUnits, penaltyPaid: MinorUnits,
    distributed: MinorUnits, writtenOff: MinorUnits, closed: Type.Boolean(), drawnAt: Instant,
  },
  { title: 'CollateralDraw' },
);
export const PositionEvent = Type.Object(
  {
    kind: Type.String(), at: Instant, actor: Nullable(Type.String()), amount: Nullable(MinorUnits), debt: Nullable(MinorUnits), value: Nullable(MinorUnits),
    ratioBps: Nullable(Type.String()), detail: Nullable(Type.String()), txHash: Type.String(),
  },
  { title: 'CollateralPositionEvent' },
);
export const Position = Type.Object(
  {
    positionId: Bytes32,
    pledgor: Address,
    pledgorMemberId: Nullable(Type.String()),
    goodsId: Nullable(Bytes32),
    addedGoods: Type.Array(Bytes32, { description: 'goods added to the position after its lock' }),
    claim: Nullable(
      Type.Object(
        { claimId: Bytes32, units: MinorUnits, collected: MinorUnits, paid: Type.Boolean(), released: Type.Boolean() },
        { description: 'the receivable claim pledged as the collateral (valued at its face less what was collected into the margin)' },
      ),
    ),
    classId: Type.Integer(),
    status: Type.String({ description: 'open, defaulted, liquidated or released' }),
    collateralValueAtLock: MinorUnits,
    currentValue: MinorUnits,
    limit: MinorUnits,
    debt: MinorUnits,
    margin: MinorUnits,
    ratioBps: Nullable(Type.String({ description: 'debt / (valuation + margin), basis points' })),
    dueDate: Type.String(),
    lateRateBps: Type.Integer(),
    consortiumId: Bytes32,
    marginCallDeadline: Nullable(Instant),
    openedAt: Instant,
    pledgorCredit: CreditSummary,
    draws: Type.Array(Draw),
  },
  { title: 'CollateralPosition' },
);
export const PositionDetail = Type.Intersect([Position, Type.Object({ history: Type.Array(PositionEvent) })], { title: 'CollateralPositionDetail' });
export const Positions = Type.Object({ items: Type.Array(Position) });

export const CurvePoint = Type.Object({ at: Instant, price: MinorUnits });
export const Auction = Type.Object(
  {
    positionId: Bytes32, goodsId: Bytes32, round: Type.Integer(), startPrice: MinorUnits, floorPrice: MinorUnits, startedAt: Instant, endsAt: Instant,
    curve: Type.String(), stepSeconds: Type.Integer(), winner: Nullable(Address), price: Nullable(MinorUnits), wonAt: Nullable(Instant),
    status: Type.String({ description: 'live, ended (unsold) or won' }),
    curvePoints: Type.Array(CurvePoint, { description: 'the price curve, sampled (every step of a stepwise curve)' }),
  },
  { title: 'CollateralAuction' },
);
export const Auctions = Type.Object({ items: Type.Array(Auction) });

export const Alert = Type.Object(
  {
    kind: Type.String({ description: 'margin_called, defaulted, auction_started, liquidated, or double_pledge_attempt' }),
    positionId: Nullable(Bytes32),
    goodsId: Nullable(Bytes32),
    at: Instant,
    detail: Nullable(Type.String()),
    ratioBps: Nullable(Type.String()),
    code: Nullable(Type.String({ description: 'a double-pledge attempt: the refusal (GoodsReceiptUsed, GoodsLotUsed, GoodsAlreadyPledged, GoodsLocked)' })),
    attemptedBy: Nullable(Type.Object({ memberId: Type.String(), name: Type.String() }, { description: 'a double-pledge attempt: who tried' })),
  },
  { title: 'CollateralAlert' },
);
export const Alerts = Type.Object({ items: Type.Array(Alert) });

export type GoodsView = Static<typeof Goods>;
export type CollateralClassView = Static<typeof CollateralClass>;
export type CollateralPosition = Static<typeof Position>;
export type CollateralPositionDetail = Static<typeof PositionDetail>;
export type CollateralAuction = Static<typeof Auction>;
export type CollateralAlert = Static<typeof Alert>;
