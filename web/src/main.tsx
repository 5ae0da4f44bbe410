import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource/inter/latin-400.css';
import '@fontsource/inter/latin-600.css';
import '@fontsource/vazirmatn/arabic-400.css';
import '@fontsource/vazirmatn/arabic-700.css';
import './ui/styles.css';
import { App } from './App';
import { applyDocumentLanguage, I18nProvider, initialLanguage, loadMessages } from './i18n/i18n';
import { SessionProvider } from './session';

// The language is settled before the first paint, so a Persian reader never sees the page flip.
const language = initialLanguage();
const messages = await loadMessages(language);
applyDocumentLanguage(language);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider language={language} messages={messages}>
      <SessionProvider>
        <App />
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
