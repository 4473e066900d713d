/** The modules' parts of the console's dictionaries, composed like their pages (web/src/i18n/ adds the shell's). */
import { composeMessages } from '../i18n/compose.ts';
import { claimsEn } from './claims/messages.en.ts';
import { claimsZhCN } from './claims/messages.zh-CN.ts';
import { currencyEn } from './currency/messages.en.ts';
import { currencyZhCN } from './currency/messages.zh-CN.ts';
import { identityEn } from './identity/messages.en.ts';
import { identityZhCN } from './identity/messages.zh-CN.ts';
import { receivablesEn } from './receivables/messages.en.ts';
import { receivablesZhCN } from './receivables/messages.zh-CN.ts';
import { collateralEn } from './collateral/messages.en.ts';
import { collateralZhCN } from './collateral/messages.zh-CN.ts';
import { creditEn } from './credit/messages.en.ts';
import { creditZhCN } from './credit/messages.zh-CN.ts';
import { investmentEn } from './investment/messages.en.ts';
import { investmentZhCN } from './investment/messages.zh-CN.ts';
import { bankingEn } from './banking/messages.en.ts';
import { bankingZhCN } from './banking/messages.zh-CN.ts';
import { invoicesEn } from './invoices/messages.en.ts';
import { invoicesZhCN } from './invoices/messages.zh-CN.ts';
import { certificatesEn } from './certificates/messages.en.ts';
import { certificatesZhCN } from './certificates/messages.zh-CN.ts';
import { documentsEn } from './documents/messages.en.ts';
import { documentsZhCN } from './documents/messages.zh-CN.ts';
import { reportsEn } from './reports/messages.en.ts';
import { reportsZhCN } from './reports/messages.zh-CN.ts';
import { devicesEn } from './devices/messages.en.ts';
import { devicesZhCN } from './devices/messages.zh-CN.ts';

export const moduleMessagesEn = composeMessages(identityEn, currencyEn, claimsEn, receivablesEn, collateralEn, creditEn, investmentEn, bankingEn, invoicesEn, certificatesEn, documentsEn, reportsEn, devicesEn);

export const moduleMessagesZhCN: Record<keyof typeof moduleMessagesEn, string> = {
  ...identityZhCN,
  ...currencyZhCN,
  ...claimsZhCN,
  ...receivablesZhCN,
  ...collateralZhCN,
  ...creditZhCN,
  ...investmentZhCN,
  ...bankingZhCN,
  ...invoicesZhCN,
  ...certificatesZhCN,
  ...documentsZhCN,
  ...reportsZhCN,
  ...devicesZhCN,
};
