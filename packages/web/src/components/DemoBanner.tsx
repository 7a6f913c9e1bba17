import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth.tsx';

/**
 * A demo database says so on every page: the server's `GET /api/meta` → `demo` is the mode
 * recorded in the database at its creation (never switched on for a real install).
 */
export function DemoBanner() {
  const { t } = useTranslation();
  const { meta } = useAuth();
  if (!meta?.demo) return null;
  return (
    <p role="note" className="demo-banner">
      {t('web.header.demoBanner')}
    </p>
  );
}
