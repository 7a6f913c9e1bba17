import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api.ts';

const ENVELOPE = new Set(['body', 'query', 'params']);

/**
 * A request field's path (`body.contacts.0.phone`) as users name it ("Phone number (item 1)"), or
 * null when the field has no name in the catalogue (then the path is shown as sent).
 */
export function fieldLabel(t: TFunction, path: string): string | null {
  const parts = path.split('.').filter((p) => p !== '' && !ENVELOPE.has(p));
  const name = [...parts].reverse().find((p) => !/^\d+$/u.test(p));
  const label = name ? t(`fields.names.${name}`, { defaultValue: '' }) : '';
  if (!label) return null;
  const index = parts.find((p) => /^\d+$/u.test(p));
  return index === undefined ? label : t('fields.item', { label, n: Number(index) + 1 });
}

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
          {error.details.map((d) => {
            const label = d.path ? fieldLabel(t, d.path) : null;
            return (
              <li key={`${d.path}:${d.message}`}>
                {label ? <strong>{label}:</strong> : d.path && <code>{d.path}</code>} {d.message}
              </li>
            );
          })}
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
