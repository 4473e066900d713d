import type { ReactElement } from 'react';
import { useRoute, match } from './router/router.ts';
import { Layout } from './components/Layout.tsx';
import { HomePage } from './pages/Home/HomePage.tsx';
import { MembersPage } from './pages/Members/MembersPage.tsx';
import { CreditLinesPage } from './pages/CreditLines/CreditLinesPage.tsx';
import { StatusPage } from './pages/Status/StatusPage.tsx';
import { ConsortiaPage } from './pages/Consortia/ConsortiaPage.tsx';
import { TradesPage } from './pages/Trades/TradesPage.tsx';
import { ClaimsPage } from './pages/Claims/ClaimsPage.tsx';
import { ClaimDetailPage } from './pages/ClaimDetail/ClaimDetailPage.tsx';
import { PayablesPage } from './pages/Payables/PayablesPage.tsx';
import { MarketPage } from './pages/Market/MarketPage.tsx';
import { BookPage } from './pages/Book/BookPage.tsx';
import { GuaranteesPage } from './pages/Guarantees/GuaranteesPage.tsx';
import { OversightPage } from './pages/Oversight/OversightPage.tsx';
import { XtPage } from './pages/Xt/XtPage.tsx';
import { NotFoundPage } from './pages/NotFound/NotFoundPage.tsx';

const routes: Array<[string, (params: Record<string, string>) => ReactElement]> = [
  ['/', () => <HomePage />],
  ['/members', () => <MembersPage />],
  ['/credit-lines', () => <CreditLinesPage />],
  ['/status', () => <StatusPage />],
  ['/consortia', () => <ConsortiaPage />],
  ['/trades', () => <TradesPage />],
  ['/claims', () => <ClaimsPage />],
  ['/claims/:id', (p) => <ClaimDetailPage key={p.id} claimId={p.id!} />],
  ['/payables', () => <PayablesPage />],
  ['/market', () => <MarketPage />],
  ['/book', () => <BookPage />],
  ['/guarantees', () => <GuaranteesPage />],
  ['/oversight', () => <OversightPage />],
  ['/xt', () => <XtPage />],
];

export function App() {
  const { path } = useRoute();
  let page: ReactElement = <NotFoundPage />;
  for (const [pattern, render] of routes) {
    const params = match(pattern, path);
    if (params) {
      page = render(params);
      break;
    }
  }
  return <Layout>{page}</Layout>;
}
