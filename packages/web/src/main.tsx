import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import './i18n.ts';
import './styles.css';
import { App } from './App.tsx';
import { AuthProvider } from './auth.tsx';

// A page loaded before a new version was deployed asks for code chunks that no longer exist:
// load the new version instead of showing a broken page (once per minute at most).
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem('epilink:reloadedAt') ?? 0);
  if (Date.now() - last < 60_000) return;
  event.preventDefault();
  sessionStorage.setItem('epilink:reloadedAt', String(Date.now()));
  window.location.reload();
});

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <AuthProvider>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </AuthProvider>
  </StrictMode>,
);
