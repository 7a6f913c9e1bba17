/** Rows of the tracer worklist: a contact to call (decide, assign, note) and a follow-up to record. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { casesApi, type ContactItem, type FollowUpItem, type FollowUpOutcome, type Tracer } from './api.ts';
import { AssignSelect } from './AssignSelect.tsx';
import { DecideButtons } from './CaseContacts.tsx';
import { useDegreeLabel } from './labels.ts';

function useAction(onDone: (message: string) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = (p: Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    p.then(
      () => {
        setBusy(false);
        onDone(message);
      },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      },
    );
  };
  return { busy, error, run };
}

/** A contact to call (or one lost to follow-up): decision, assignment, status and note. */
export function ContactRow({
  contact,
  userId,
  tracers,
  onDone,
}: {
  contact: ContactItem;
  userId: string | null;
  tracers: Tracer[];
  onDone: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const degreeLabel = useDegreeLabel();
  const [note, setNote] = useState(contact.note ?? '');
  const { busy, error, run } = useAction(onDone);
  const name = contact.fullName;
  const done = t('casesWeb.worklist.done', { name });
  return (
    <li className="card" aria-label={name}>
      <h3>
        <Link to={`/people/${contact.personId}`}>{name}</Link>{' '}
        <span className="muted small">
          {degreeLabel(contact)} · {t(`casesWeb.contactStatus.${contact.status}`)}
        </span>
      </h3>
      <p className="small">
        {t('casesWeb.case.source')}:{' '}
        <Link to={`/cases/${contact.caseId}`}>{contact.sourceName ?? t('casesWeb.case.outside')}</Link> ·{' '}
        {t(`casesWeb.exposure.${contact.exposureType}`)} · {formatDate(contact.exposureDate, i18n.language)} ·{' '}
        {t(`casesWeb.origin.${contact.source}`)}
      </p>
      <div className="row-actions">
        {contact.status !== 'confirmed' && <DecideButtons contact={contact} onDone={onDone} />}
        {userId && contact.assignedTracerId !== userId && (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => {
              run(casesApi.updateContact(contact.id, { assignedTracerId: userId }), done);
            }}
          >
            {t('casesWeb.worklist.assignToMe')}
          </button>
        )}
        {contact.status === 'confirmed' && contact.followUpStatus !== 'lost' && (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => {
              run(casesApi.updateContact(contact.id, { followUpStatus: 'lost' }), done);
            }}
          >
            {t('casesWeb.worklist.markLost')}
          </button>
        )}
      </div>
      <AssignSelect
        name={name}
        value={contact.assignedTracerId}
        tracers={tracers}
        disabled={busy}
        onAssign={(tracerId) => {
          run(casesApi.updateContact(contact.id, { assignedTracerId: tracerId }), done);
        }}
      />
      <form
        className="form cases-filters"
        onSubmit={(e) => {
          e.preventDefault();
          run(casesApi.updateContact(contact.id, { note: note.trim() || null }), done);
        }}
      >
        <label className="field">
          <span>{t('casesWeb.worklist.note', { name })}</span>
          <input
            maxLength={2000}
            value={note}
            onChange={(e) => {
              setNote(e.target.value);
            }}
          />
        </label>
        <button type="submit" className="button button--secondary" disabled={busy}>
          {t('casesWeb.worklist.saveNote')}
        </button>
      </form>
      {error && <ErrorBox error={error} />}
    </li>
  );
}

const OUTCOMES: FollowUpOutcome[] = ['well', 'symptoms', 'unreachable'];

/** A follow-up due today: record the call's result. */
export function FollowUpRow({ item, onDone }: { item: FollowUpItem; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const [outcome, setOutcome] = useState<FollowUpOutcome>('well');
  const { busy, error, run } = useAction(onDone);
  const name = item.contact.fullName;
  return (
    <li className="card" aria-label={name}>
      <h3>
        <Link to={`/people/${item.contact.personId}`}>{name}</Link>{' '}
        <span className="muted small">
          {t('casesWeb.worklist.due')}: {formatDate(item.dueDate, i18n.language)}
        </span>
      </h3>
      <form
        className="form cases-filters"
        onSubmit={(e) => {
          e.preventDefault();
          run(casesApi.recordFollowUp(item.contact.id, { outcome }), t('casesWeb.worklist.done', { name }));
        }}
      >
        <label className="field">
          <span>{t('casesWeb.worklist.outcome', { name })}</span>
          <select
            value={outcome}
            onChange={(e) => {
              setOutcome(e.target.value as FollowUpOutcome);
            }}
          >
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`casesWeb.followUpOutcome.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t('casesWeb.worklist.record')}
        </button>
      </form>
      {error && <ErrorBox error={error} />}
    </li>
  );
}
