import type { ConsolePage } from '../types.ts';
import { BookPage } from './Book/BookPage.tsx';
import { ClaimDetailPage } from './ClaimDetail/ClaimDetailPage.tsx';
import { ClaimsPage } from './Claims/ClaimsPage.tsx';
import { CreditLinesPage } from './CreditLines/CreditLinesPage.tsx';
import { GuaranteesPage } from './Guarantees/GuaranteesPage.tsx';
import { OversightPage } from './Oversight/OversightPage.tsx';
import { PayablesPage } from './Payables/PayablesPage.tsx';
import { TradesPage } from './Trades/TradesPage.tsx';

export const receivablesPages: ConsolePage[] = [
  { path: '/credit-lines', render: () => <CreditLinesPage /> },
  { path: '/trades', render: () => <TradesPage /> },
  { path: '/claims', render: () => <ClaimsPage /> },
  { path: '/claims/:id', render: (p) => <ClaimDetailPage key={p.id} claimId={p.id!} /> },
  { path: '/payables', render: () => <PayablesPage /> },
  { path: '/book', render: () => <BookPage /> },
  { path: '/guarantees', render: () => <GuaranteesPage /> },
  { path: '/oversight', render: () => <OversightPage /> },
];
