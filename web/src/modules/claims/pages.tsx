import type { ConsolePage } from '../types.ts';
import { MarketPage } from './Market/MarketPage.tsx';

export const claimsPages: ConsolePage[] = [{ path: '/market', render: () => <MarketPage /> }];
