import type { ConsolePage } from '../types.ts';
import { AuctionsPage } from './AuctionsPage.tsx';
import { CollateralPage } from './CollateralPage.tsx';

export const collateralPages: ConsolePage[] = [
  { path: '/collateral', render: () => <CollateralPage /> },
  { path: '/auctions', render: () => <AuctionsPage /> },
];
