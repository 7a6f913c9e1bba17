/**
 * Rows of the tracer worklist's tables: a contact to call (phone to tap, source case, venue and
 * minutes of overlap; decide, assign, note) and a follow-up to record. Rarer actions fold away so
 * a row stays one line on a desk and a few on a phone.
 */
import { useState, type ReactNode } from 'react';
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

/** The "new" mark of a row that arrived while the page was open. */
export function NewBadge({ fresh }: { fresh: boolean }) {
  const { t } = useTranslation();
  return fresh ? <span className="badge badge--new">{t('screensWeb.worklist.newBadge')}</span> : null;
}

/** A person's name (to their page), the new mark and the phone number as a `tel:` link. */
function PersonCell({ contact, fresh }: { contact: ContactItem; fresh: boolean }) {
  const { t } = useTranslation();
  const name = contact.fullName;
  return (
    <th scope="row">
      <Link to={`/people/${contact.personId}`}>{name}</Link> <NewBadge fresh={fresh} />
      <div className="small">
        {contact.phone ? (
          <a
            href={`tel:${contact.phone.replace(/[^\d+]/gu, '')}`}
            aria-label={t('screensWeb.worklist.call', { name, phone: contact.phone })}
          >
            {contact.phone}
          </a>
        ) : (
          <span className="muted">{t('screensWeb.worklist.noPhone')}</span>
        )}
      </div>
    </th>
  );
}

/** Exposure: kind, venue and minutes of overlap for a venue contact, and the day. */
export function ExposureCell({ contact }: { contact: ContactItem }) {
  const { t, i18n } = useTranslation();
  const minutes =
    contact.durationMinutes !== null
      ? t('screensWeb.worklist.minutes', { count: contact.durationMinutes })
      : null;
  return (
    <td data-label={t('screensWeb.worklist.col.exposure')}>
      {t(`casesWeb.exposure.${contact.exposureType}`)}
      {contact.venueName && <div className="small">{contact.venueName}</div>}
      <div className="muted small">
        {[minutes, formatDate(contact.exposureDate, i18n.language)].filter(Boolean).join(' · ')}
      </div>
    </td>
  );
}

function CaseCell({ contact }: { contact: ContactItem }) {
  const { t } = useTranslation();
  return (
    <td data-label={t('screensWeb.worklist.col.case')}>
      <Link to={`/cases/${contact.caseId}`}>{contact.sourceName ?? t('casesWeb.case.outside')}</Link>
      <div className="muted small">{t(`casesWeb.origin.${contact.source}`)}</div>
    </td>
  );
}

/** Rarely used actions of a row, folded. */
export function MoreActions({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <details className="row-more">
      <summary>{t('screensWeb.worklist.more')}</summary>
      {children}
    </details>
  );
}

/** A contact to call (or one lost to follow-up): decision, assignment, status and note. */
export function ContactRow({
  contact,
  userId,
  tracers,
  fresh,
  communeName,
  onDone,
}: {
  contact: ContactItem;
  userId: string | null;
  tracers: Tracer[];
  fresh: boolean;
  communeName: string;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const degreeLabel = useDegreeLabel();
  const [note, setNote] = useState(contact.note ?? '');
  const { busy, error, run } = useAction(onDone);
  const name = contact.fullName;
  const done = t('casesWeb.worklist.done', { name });
  return (
    <tr aria-label={name} className={fresh ? 'row--new' : undefined}>
      <PersonCell contact={contact} fresh={fresh} />
      <CaseCell contact={contact} />
      <ExposureCell contact={contact} />
      <td data-label={t('screensWeb.worklist.col.commune')}>{communeName}</td>
      <td data-label={t('screensWeb.worklist.col.status')}>
        {degreeLabel(contact)}
        <div className="muted small">
          {contact.followUpStatus === 'lost'
            ? t('casesWeb.followUpStatus.lost')
            : t(`casesWeb.contactStatus.${contact.status}`)}
        </div>
      </td>
      <td>
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
        </div>
        <MoreActions>
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
            className="form"
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
        </MoreActions>
        {error && <ErrorBox error={error} />}
      </td>
    </tr>
  );
}

const OUTCOMES: FollowUpOutcome[] = ['well', 'symptoms', 'unreachable'];

/** A follow-up due (today, or overdue by a day or two): record the call's result. */
export function FollowUpRow({
  item,
  today,
  fresh,
  communeName,
  onDone,
}: {
  item: FollowUpItem;
  today: string;
  fresh: boolean;
  communeName: string;
  onDone: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [outcome, setOutcome] = useState<FollowUpOutcome>('well');
  const { busy, error, run } = useAction(onDone);
  const name = item.contact.fullName;
  return (
    <tr aria-label={name} className={fresh ? 'row--new' : undefined}>
      <PersonCell contact={item.contact} fresh={fresh} />
      <CaseCell contact={item.contact} />
      <ExposureCell contact={item.contact} />
      <td data-label={t('screensWeb.worklist.col.commune')}>{communeName}</td>
      <td data-label={t('screensWeb.worklist.col.due')}>
        {formatDate(item.dueDate, i18n.language)}
        {item.dueDate < today && (
          <div>
            <span className="badge badge--late">{t('screensWeb.worklist.overdue')}</span>
          </div>
        )}
      </td>
      <td>
        <form
          className="form row-actions"
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
      </td>
    </tr>
  );
}
