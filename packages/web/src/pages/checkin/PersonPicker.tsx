/**
 * Pick the person whose check-ins are traced by name, ID number or phone (#19 item 4), instead of
 * pasting a 36-character record id: the registry search of the caller's jurisdiction, each match
 * with date of birth and masked ID so namesakes are told apart.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type PersonSummary } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';

export function PersonPicker({
  chosen,
  onChoose,
}: {
  chosen: { id: string; name: string } | null;
  onChoose: (p: { id: string; name: string }) => void;
}) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PersonSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const search = () => {
    if (q.trim().length < 2) return;
    setError(null);
    api.searchPersons(q.trim(), 10).then(
      (r) => {
        setFound(r.items);
      },
      (e: unknown) => {
        setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      },
    );
  };
  return (
    <fieldset className="field">
      <legend>{t('screensWeb.trace.find')}</legend>
      {chosen && (
        <p role="status">
          <strong>{t('screensWeb.trace.chosen', { name: chosen.name })}</strong>
        </p>
      )}
      <div className="row-actions">
        <input
          aria-label={t('screensWeb.trace.find')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              search();
            }
          }}
        />
        <button type="button" className="button button--secondary" onClick={search}>
          {t('screensWeb.trace.search')}
        </button>
      </div>
      {error && <ErrorBox error={error} />}
      {found?.length === 0 && <p className="muted">{t('screensWeb.trace.none')}</p>}
      {found && found.length > 0 && (
        <ul className="plain-list">
          {found.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="button button--secondary"
                aria-label={t('screensWeb.trace.choose', { name: p.fullName })}
                onClick={() => {
                  onChoose({ id: p.id, name: p.fullName });
                  setFound(null);
                }}
              >
                {p.fullName}
              </button>{' '}
              <span className="muted small">
                {[formatDate(p.dateOfBirth, i18n.language), p.idNumberMasked, p.commune?.name]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
