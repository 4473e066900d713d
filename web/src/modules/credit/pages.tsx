import type { ConsolePage } from '../types.ts';
import { CreditPage } from './CreditPage.tsx';

export const creditPages: ConsolePage[] = [{ path: '/credit', render: () => <CreditPage /> }];
