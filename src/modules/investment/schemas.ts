/** The investment API's shapes (TypeBox): listings and pools' epochs. */
import { Address, Bytes32, Instant, MinorUnits, Type, type Static } from '../../api/schemas.ts';

const Positive = Type.String({ ...MinorUnits, pattern: '^[1-9][0-9]{0,76}$', description: 'integer amount in minor units as a decimal string; at least 1' });
const ClaimId = Type.String({ pattern: '^[0-9]{1,78}$', description: 'claim id (decimal)' });

export const ListingStatus = Type.Union([Type.Literal('open'), Type.Literal('funded'), Type.Literal('failed'), Type.Literal('settled')]);
export const Listing = Type.Object(
  {
    listingId: Bytes32,
    holder: Address,
    claimId: Type.String(),
    units: MinorUnits,
    price: MinorUnits,
    deadline: Instant,
    targetYieldBps: Type.Integer(),
    investmentId: Type.String({ description: 'the listing\'s investment claim id on the ledger' }),
    status: ListingStatus,
    raised: MinorUnits,
    collected: MinorUnits,
    distributed: MinorUnits,
    listedAt: Instant,
  },
  { title: 'Listing' },
);
export const Listings = Type.Object({ items: Type.Array(Listing) });
export const ListingParams = Type.Object({ listingId: Bytes32 }, { additionalProperties: false });
export const CreateListingBody = Type.Object(
  {
    listingId: Bytes32,
    claimId: ClaimId,
    units: Positive,
    price: Positive,
    deadline: Type.String({ format: 'date-time', description: 'funding deadline, before the claim\'s due date' }),
  },
  { additionalProperties: false },
);
export const FundListingBody = Type.Object({ amount: Positive }, { additionalProperties: false });
export const PayoutBody = Type.Object({ investor: Type.Optional(Address) }, { additionalProperties: false });

export const TrancheEpoch = Type.Object(
  {
    epoch: Type.Integer(),
    tranche: Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C')]),
    previous: MinorUnits,
    target: MinorUnits,
    value: MinorUnits,
    valueAfter: MinorUnits,
    supplyAfter: MinorUnits,
    closedAt: Instant,
  },
  { title: 'TrancheEpoch' },
);
export const PoolParams = Type.Object({ poolId: Bytes32 }, { additionalProperties: false });
export const PoolEpochs = Type.Object({ poolId: Bytes32, items: Type.Array(TrancheEpoch) }, { title: 'PoolEpochs' });

export type ListingView = Static<typeof Listing>;
export type TrancheEpochView = Static<typeof TrancheEpoch>;
export type PoolEpochsView = Static<typeof PoolEpochs>;
