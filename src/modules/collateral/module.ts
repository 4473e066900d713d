import { defineModule } from '../../platform/module.ts';
import { collateralContracts, collateralExplanations } from './contracts.ts';

/**
 * Collateral finance: goods tokenised once by a certified verifier, locked in the vault behind inventory, pledge and
 * margin CTs on the shared claim ledger, margin calls, and liquidation by a descending-price auction.
 */
export const collateralModule = defineModule({
  name: 'collateral',
  summary: 'goods tokens, the collateral vault, inventory / pledge / margin CTs, margin calls and liquidation auctions',
  uses: ['identity', 'currency', 'claims'],
  contracts: collateralContracts,
  revertExplanations: collateralExplanations,
});
