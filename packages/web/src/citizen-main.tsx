import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import './i18n.ts';
import './styles.css';
import { CitizenApp } from './CitizenApp.tsx';
import { AuthProvider } from './auth.tsx';

// The citizen entry (citizen.html): the same reload-once rule as main.tsx when a new version
// removed the code chunks this page asks for.
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem('epilink:reloadedAt') ?? 0);
  if (Date.now() - last < 60_000) return;
  event.preventDefault();
  sessionStorage.setItem('epilink:reloadedAt', String(Date.now()));
  window.location.reload();
});

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from citizen.html');

createRoot(root).render(
  <StrictMode>
    <AuthProvider>
      <BrowserRouter>
        <CitizenApp />
      </BrowserRouter>
    </AuthProvider>
  </StrictMode>,
);
