import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from './i18n/I18nProvider.tsx';
import { Router } from './router/Router.tsx';
import { SessionProvider } from './session/SessionProvider.tsx';
import { App } from './App.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <Router>
        <SessionProvider>
          <App />
        </SessionProvider>
      </Router>
    </I18nProvider>
  </StrictMode>,
);
