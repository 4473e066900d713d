/** The modules' menu entries (kept apart from their pages, so the menu can be computed without loading them). */
import { claimsNavigation } from './claims/navigation.ts';
import { currencyNavigation } from './currency/navigation.ts';
import { identityNavigation } from './identity/navigation.ts';
import { receivablesNavigation } from './receivables/navigation.ts';
import { collateralNavigation } from './collateral/navigation.ts';
import { creditNavigation } from './credit/navigation.ts';
import { investmentNavigation } from './investment/navigation.ts';
import { bankingNavigation } from './banking/navigation.ts';
import { invoicesNavigation } from './invoices/navigation.ts';
import { certificatesNavigation } from './certificates/navigation.ts';
import { documentsNavigation } from './documents/navigation.ts';
import { reportsNavigation } from './reports/navigation.ts';
import { devicesNavigation } from './devices/navigation.ts';
import type { NavEntry } from './types.ts';

export const moduleNavigation: NavEntry[] = [...identityNavigation, ...currencyNavigation, ...claimsNavigation, ...receivablesNavigation, ...collateralNavigation, ...creditNavigation, ...investmentNavigation, ...bankingNavigation, ...invoicesNavigation, ...certificatesNavigation, ...documentsNavigation, ...reportsNavigation, ...devicesNavigation];
