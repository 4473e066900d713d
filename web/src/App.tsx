import type { ReactElement } from 'react';
import { useRoute, match } from './router/router.ts';
import { Layout } from './components/Layout.tsx';
import { HomePage } from './pages/Home/HomePage.tsx';
import { StatusPage } from './pages/Status/StatusPage.tsx';
import { NotFoundPage } from './pages/NotFound/NotFoundPage.tsx';
import { modulePages } from './modules/pages.ts';
import type { ConsolePage } from './modules/types.ts';

/** The shell's pages, then every module's (web/src/modules/<name>/pages.tsx). */
const pages: ConsolePage[] = [
  { path: '/', render: () => <HomePage /> },
  { path: '/status', render: () => <StatusPage /> },
  ...modulePages,
];

export function App() {
  const { path } = useRoute();
  let page: ReactElement = <NotFoundPage />;
  for (const { path: pattern, render } of pages) {
    const params = match(pattern, path);
    if (params) {
      page = render(params);
      break;
    }
  }
  return <Layout>{page}</Layout>;
}
