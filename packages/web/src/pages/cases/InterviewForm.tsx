/** The case interview: notes and the contacts the case names (each becomes a proposed contact). */
import { today } from '@epilink/core';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../format.ts';
import { casesApi, EXPOSURE_TYPES, type CaseDetail, type ExposureType, type NamedContact } from './api.ts';

const emptyRow = (): NamedContact => ({
  fullName: '',
  phone: '',
  exposureType: 'proximity',
  exposureDate: today(),
});

export function InterviewForm({ kase, onSaved }: { kase: CaseDetail; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const [notes, setNotes] = useState('');
  const [rows, setRows] = useState<NamedContact[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState('');
  const edit = (i: number, patch: Partial<NamedContact>) => {
    setRows((rs) => rs.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  };
  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const contacts = rows
      .filter((r) => r.fullName.trim() !== '')
      .map((r) => ({
        ...r,
        fullName: r.fullName.trim(),
        phone: r.phone?.trim() || null,
        exposureDate: r.exposureDate || null,
      }));
    casesApi.interview(kase.id, { answers: notes.trim() ? { notes: notes.trim() } : {}, contacts }).then(
      (res) => {
        setBusy(false);
        setRows([]);
        setNotes('');
        setMessage(t('casesWeb.interview.saved', { count: res.proposed }));
        onSaved();
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
      },
    );
  };
  return (
    <section aria-labelledby="case-interview" className="card">
      <h2 id="case-interview">{t('casesWeb.interview.title')}</h2>
      {kase.interviewDoneAt && (
        <p className="muted small">
          {t('casesWeb.interview.done', { at: formatDateTime(kase.interviewDoneAt, i18n.language) })}
        </p>
      )}
      <form className="form" onSubmit={submit} aria-label={t('casesWeb.interview.title')}>
        <label className="field">
          <span>{t('casesWeb.interview.notes')}</span>
          <textarea
            rows={3}
            maxLength={4000}
            value={notes}
            onChange={(e) => {
              setNotes(e.target.value);
            }}
          />
        </label>
        <h3>{t('casesWeb.interview.named')}</h3>
        {rows.map((r, i) => (
          <fieldset key={i} className="interview-row">
            <legend>{t('casesWeb.interview.row', { n: i + 1 })}</legend>
            <label className="field">
              <span>{t('casesWeb.interview.fullName')}</span>
              <input
                required
                maxLength={200}
                value={r.fullName}
                onChange={(e) => {
                  edit(i, { fullName: e.target.value });
                }}
              />
            </label>
            <label className="field">
              <span>{t('casesWeb.interview.phone')}</span>
              <input
                type="tel"
                maxLength={20}
                value={r.phone ?? ''}
                onChange={(e) => {
                  edit(i, { phone: e.target.value });
                }}
              />
            </label>
            <label className="field">
              <span>{t('casesWeb.interview.exposureType')}</span>
              <select
                value={r.exposureType}
                onChange={(e) => {
                  edit(i, { exposureType: e.target.value as ExposureType });
                }}
              >
                {EXPOSURE_TYPES.map((x) => (
                  <option key={x} value={x}>
                    {t(`casesWeb.exposure.${x}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('casesWeb.interview.exposureDate')}</span>
              <input
                type="date"
                required
                value={r.exposureDate ?? ''}
                onChange={(e) => {
                  edit(i, { exposureDate: e.target.value });
                }}
              />
            </label>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setRows((rs) => rs.filter((_, k) => k !== i));
              }}
            >
              {t('casesWeb.interview.remove', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <div className="actions">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setRows((rs) => [...rs, emptyRow()]);
            }}
          >
            {t('casesWeb.interview.add')}
          </button>
          <button type="submit" className="button" disabled={busy}>
            {t('casesWeb.interview.submit')}
          </button>
        </div>
      </form>
      {error && <ErrorBox error={error} />}
      <p role="status">{message}</p>
    </section>
  );
}
