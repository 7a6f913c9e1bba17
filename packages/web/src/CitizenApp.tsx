import { useEffect } from 'react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { citizenRoutes } from './citizenRoutes.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';

/** The path this page was loaded at (the server picked citizen.html for it). */
const LOADED_AT = typeof window === 'undefined' ? '' : window.location.pathname;

/**
 * A link from a citizen page to a page of the officials' app (the sign-in page, the public
 * map): load that app. The page the server sent this entry for is never reloaded (no loop when
 * a path is unknown to both).
 */
function OtherApp() {
  const { pathname, search } = useLocation();
  const unknown = pathname === LOADED_AT;
  useEffect(() => {
    if (!unknown) window.location.assign(pathname + search);
  }, [pathname, search, unknown]);
  return unknown ? <NotFoundPage /> : null;
}

/** The light citizen entry's routes (citizen.html): the citizen pages and the verifier only. */
export function CitizenApp() {
  return (
    <Routes>
      {citizenRoutes()}
      <Route path="*" element={<OtherApp />} />
    </Routes>
  );
}
