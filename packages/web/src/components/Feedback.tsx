import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api.ts';

/** A polite "loading" line for screen readers and eyes. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('web.app.loading')}
    </p>
  );
}

/** An error from the API, with its field details and an optional retry button. */
export function ErrorBox({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice--error" role="alert">
      <p>{error.message}</p>
      {error.details.length > 0 && (
        <ul>
          {error.details.map((d) => (
            <li key={`${d.path}:${d.message}`}>
              {d.path && <code>{d.path}</code>} {d.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t('web.app.retry')}
        </button>
      )}
    </div>
  );
}
