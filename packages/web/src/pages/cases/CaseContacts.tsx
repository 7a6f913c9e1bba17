/** The contacts of a case with the tracer's decision (confirm / dismiss) on each proposed one. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { casesApi, type ContactItem } from './api.ts';
import { useDegreeLabel } from './labels.ts';

/** Confirm / dismiss buttons of one contact; `onDone` after the server answered. */
export function DecideButtons({
  contact,
  onDone,
}: {
  contact: ContactItem;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const decide = (decision: 'confirm' | 'dismiss') => {
    setBusy(true);
    setError(null);
    casesApi.decide(contact.id, decision).then(
      () => {
        setBusy(false);
        onDone(t('casesWeb.case.decided', { name: contact.fullName }));
      },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      },
    );
  };
  return (
    <div className="row-actions">
      {contact.status !== 'confirmed' && (
        <button
          type="button"
          className="button"
          disabled={busy}
          aria-label={t('casesWeb.case.confirmContact', { name: contact.fullName })}
          onClick={() => {
            decide('confirm');
          }}
        >
          {t('casesWeb.case.confirm')}
        </button>
      )}
      {contact.status !== 'dismissed' && (
        <button
          type="button"
          className="button button--secondary"
          disabled={busy}
          aria-label={t('casesWeb.case.dismissContact', { name: contact.fullName })}
          onClick={() => {
            decide('dismiss');
          }}
        >
          {t('casesWeb.case.dismiss')}
        </button>
      )}
      {error && <ErrorBox error={error} />}
    </div>
  );
}

export function CaseContacts({
  caseId,
  first,
  next,
  onChanged,
}: {
  caseId: string;
  /** The case page's first page of contacts and its cursor; "Load more" continues it. */
  first: ContactItem[];
  next: string | null;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  // Further pages belong to the first page they followed: a reload of the case starts over.
  const [extra, setExtra] = useState<{ after: ContactItem[]; rows: ContactItem[]; next: string | null }>();
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const own = extra?.after === first ? extra : undefined;
  const contacts = own ? [...first, ...own.rows] : first;
  const cursor = own ? own.next : next;
  const more = () => {
    if (!cursor) return;
    setMoreError(null);
    casesApi.contacts(caseId, cursor).then(
      (page) => {
        setExtra({ after: first, rows: [...(own?.rows ?? []), ...page.items], next: page.nextCursor });
      },
      (e: unknown) => {
        setMoreError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      },
    );
  };
  const degreeLabel = useDegreeLabel();
  const [message, setMessage] = useState('');
  return (
    <section aria-labelledby="case-contacts" className="card">
      <h2 id="case-contacts">{t('casesWeb.case.contacts', { count: contacts.length })}</h2>
      <p role="status" className="small">
        {message}
      </p>
      {contacts.length === 0 ? (
        <p className="muted">{t('casesWeb.case.noContacts')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table table--cards">
            <thead>
              <tr>
                <th scope="col">{t('casesWeb.case.contact')}</th>
                <th scope="col">{t('casesWeb.case.exposure')}</th>
                <th scope="col">{t('casesWeb.case.origin')}</th>
                <th scope="col">{t('casesWeb.case.contactStatus')}</th>
                <th scope="col">{t('casesWeb.case.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {contacts.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/people/${c.personId}`}>{c.fullName}</Link>
                    <div className="muted small">
                      {t('casesWeb.case.source')}: {c.sourceName ?? t('casesWeb.case.outside')}
                    </div>
                  </th>
                  <td data-label={t('casesWeb.case.exposure')}>
                    {t(`casesWeb.exposure.${c.exposureType}`)}
                    <div className="muted small">{formatDate(c.exposureDate, i18n.language)}</div>
                  </td>
                  <td data-label={t('casesWeb.case.origin')}>
                    {t(`casesWeb.origin.${c.source}`)}
                    {c.venueName && <div className="muted small">{c.venueName}</div>}
                    {c.durationMinutes !== null && (
                      <div className="muted small">
                        {t('casesWeb.case.overlapMinutes', { count: c.durationMinutes })}
                      </div>
                    )}
                  </td>
                  <td data-label={t('casesWeb.case.contactStatus')}>
                    {t(`casesWeb.contactStatus.${c.status}`)}
                    <div className="muted small">{degreeLabel(c)}</div>
                  </td>
                  <td>
                    <DecideButtons
                      contact={c}
                      onDone={(m) => {
                        setMessage(m);
                        onChanged();
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {moreError && <ErrorBox error={moreError} />}
      {cursor && (
        <p className="actions">
          <button type="button" className="button button--secondary" onClick={more}>
            {t('web.app.loadMore')}
          </button>
        </p>
      )}
    </section>
  );
}
