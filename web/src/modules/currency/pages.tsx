import type { ConsolePage } from '../types.ts';
import { XtPage } from './Xt/XtPage.tsx';

export const currencyPages: ConsolePage[] = [{ path: '/xt', render: () => <XtPage /> }];
