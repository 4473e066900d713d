/** The collateral module: what other modules may use of it. */
export { collateralModule } from './module.ts';
export { collateralVault, goodsToken } from './contracts.ts';
