/** The console's composition of the modules' pages (the client-side twin of src/platform/modules.ts). */
import { claimsPages } from './claims/pages.tsx';
import { currencyPages } from './currency/pages.tsx';
import { identityPages } from './identity/pages.tsx';
import { receivablesPages } from './receivables/pages.tsx';
import { collateralPages } from './collateral/pages.tsx';
import { creditPages } from './credit/pages.tsx';
import { investmentPages } from './investment/pages.tsx';
import { bankingPages } from './banking/pages.tsx';
import { invoicesPages } from './invoices/pages.tsx';
import { certificatesPages } from './certificates/pages.tsx';
import { documentsPages } from './documents/pages.tsx';
import { reportsPages } from './reports/pages.tsx';
import { devicesPages } from './devices/pages.tsx';
import type { ConsolePage } from './types.ts';

export const modulePages: ConsolePage[] = [...identityPages, ...currencyPages, ...claimsPages, ...receivablesPages, ...collateralPages, ...creditPages, ...investmentPages, ...bankingPages, ...invoicesPages, ...certificatesPages, ...documentsPages, ...reportsPages, ...devicesPages];
