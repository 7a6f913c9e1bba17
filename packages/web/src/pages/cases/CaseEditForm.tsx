/** Onset, severity, place of care, outcome and note of a case (`case:write`). */
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { casesApi, PLACES_OF_CARE, SEVERITIES, type CaseDetail, type CaseUpdate } from './api.ts';

export function CaseEditForm({ kase, onSaved }: { kase: CaseDetail; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({
    onsetDate: kase.onsetDate ?? '',
    severity: kase.severity ?? '',
    placeOfCare: kase.placeOfCare ?? '',
    outcome: kase.outcome ?? '',
    outcomeDate: kase.outcomeDate ?? '',
    note: kase.note ?? '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState('');
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [key]: e.target.value }));
  };
  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setMessage('');
    // Only what changed: an unchanged `outcome: null` would reopen a closed case.
    const next: CaseUpdate = {
      onsetDate: form.onsetDate || null,
      severity: (form.severity || null) as CaseUpdate['severity'],
      placeOfCare: (form.placeOfCare || null) as CaseUpdate['placeOfCare'],
      outcome: (form.outcome || null) as CaseUpdate['outcome'],
      outcomeDate: form.outcomeDate || null,
      note: form.note.trim() || null,
    };
    const body = Object.fromEntries(
      Object.entries(next).filter(([k, v]) => v !== (kase[k as keyof CaseUpdate] ?? null)),
    ) as CaseUpdate;
    if (Object.keys(body).length === 0) {
      setBusy(false);
      setMessage(t('casesWeb.case.saved'));
      return;
    }
    casesApi.update(kase.id, body).then(
      () => {
        setBusy(false);
        setMessage(t('casesWeb.case.saved'));
        onSaved();
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
      },
    );
  };
  return (
    <section aria-labelledby="case-edit" className="card">
      <h2 id="case-edit">{t('casesWeb.case.edit')}</h2>
      <form className="form" onSubmit={submit} aria-label={t('casesWeb.case.edit')}>
        <label className="field">
          <span>{t('casesWeb.case.onset')}</span>
          <input type="date" value={form.onsetDate} onChange={set('onsetDate')} />
        </label>
        <label className="field">
          <span>{t('casesWeb.case.severity')}</span>
          <select value={form.severity} onChange={set('severity')}>
            <option value="">{t('casesWeb.case.notSet')}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`casesWeb.severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('casesWeb.case.placeOfCare')}</span>
          <select value={form.placeOfCare} onChange={set('placeOfCare')}>
            <option value="">{t('casesWeb.case.notSet')}</option>
            {PLACES_OF_CARE.map((p) => (
              <option key={p} value={p}>
                {t(`casesWeb.placeOfCare.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('casesWeb.case.outcome')}</span>
          <select value={form.outcome} onChange={set('outcome')}>
            <option value="">{t('casesWeb.case.notSet')}</option>
            <option value="recovered">{t('casesWeb.outcome.recovered')}</option>
            <option value="died">{t('casesWeb.outcome.died')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('casesWeb.case.outcomeDate')}</span>
          <input type="date" value={form.outcomeDate} onChange={set('outcomeDate')} />
        </label>
        <label className="field">
          <span>{t('casesWeb.case.note')}</span>
          <textarea rows={2} maxLength={2000} value={form.note} onChange={set('note')} />
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t('casesWeb.case.save')}
        </button>
      </form>
      {error && <ErrorBox error={error} />}
      <p role="status">{message}</p>
    </section>
  );
}
