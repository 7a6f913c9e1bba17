/**
 * Staff enter a paper declaration (`/declarations/new`) at a checkpoint or a station: choose the
 * declaration, find the person in the registry (or type a person not in it: record linkage places
 * them), fill the same questionnaire form the citizen sees, and save. The submission id is made
 * here too, so a double click or a retry stores one declaration.
 */
import type { ErrorDetail } from '@epilink/core';
import { responseIssues } from '@epilink/core/declarations/response';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type PersonSummary } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { DECLARATION_KINDS, declarationsApi, type DeclarationAnswer, type DeclarationKind } from './api.ts';
import { CommunePicker } from './CommunePicker.tsx';
import { useQuestionnaire } from './DeclareFormPage.tsx';
import { blankLevel, toResponse, type DraftLevel } from './draft.ts';
import { newSubmissionId } from './offline.ts';
import {
  EMPTY_PERSON,
  PersonFields,
  personIssues,
  personPayload,
  type PersonDraft,
} from './PersonFields.tsx';
import { QuestionnaireForm } from './QuestionnaireForm.tsx';
import { TriageFacts } from './TriageFacts.tsx';

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e));
}

/** Find a registered person by name, ID or phone; `onChoose` with the one picked. */
function PersonFinder({ onChoose }: { onChoose: (p: PersonSummary) => void }) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<PersonSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const search = () => {
    setError(null);
    api.searchPersons(q.trim(), 10).then(
      (r) => {
        setFound(r.items);
      },
      (e: unknown) => {
        setError(asApiError(e));
      },
    );
  };
  return (
    <div className="form">
      <div className="field">
        <label htmlFor="staff-declare-search">{t('declarationsWeb.staff.searchPerson')}</label>
        <span className="qform__repeat">
          <input
            id="staff-declare-search"
            type="search"
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
          <button
            type="button"
            className="button button--secondary"
            onClick={search}
            disabled={q.trim().length < 2}
          >
            {t('declarationsWeb.staff.search')}
          </button>
        </span>
      </div>
      {error && <ErrorBox error={error} />}
      {found && (
        <ul className="plain-list">
          {found.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="button button--secondary"
                aria-label={t('declarationsWeb.staff.choosePerson', { name: p.fullName })}
                onClick={() => {
                  onChoose(p);
                }}
              >
                {p.fullName} · {formatDate(p.dateOfBirth, i18n.language) ?? '—'} · {p.commune?.name ?? ''}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function StaffForm({ kind }: { kind: DeclarationKind }) {
  const { t, i18n } = useTranslation();
  const { version, error } = useQuestionnaire(kind);
  const [chosen, setChosen] = useState<PersonSummary | null>(null);
  const [person, setPerson] = useState<PersonDraft>(EMPTY_PERSON);
  const [communeCode, setCommuneCode] = useState('');
  const [draft, setDraft] = useState<DraftLevel | null>(null);
  const [issues, setIssues] = useState<ErrorDetail[]>([]);
  const [submissionId, setSubmissionId] = useState(newSubmissionId);
  const [busy, setBusy] = useState(false);
  const [sendError, setSendError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<(DeclarationAnswer & { personName: string }) | null>(null);
  if (error) return <ErrorBox error={error} />;
  if (!version) return <Loading />;
  const q = version.resource;
  const current = draft ?? blankLevel(q.item);

  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const response = toResponse(q, current, i18n.language);
    const commune = communeCode || chosen?.commune?.code || '';
    const found = [
      ...(commune === ''
        ? [{ path: 'communeCode', messageKey: 'declarationsWeb.citizen.missing', params: {} }]
        : []),
      ...(chosen ? [] : personIssues(person)),
      ...responseIssues(q, response),
    ];
    setIssues(found);
    setSendError(null);
    if (found.length > 0) return;
    setBusy(true);
    declarationsApi
      .staffSubmit({
        submissionId,
        questionnaireId: version.id,
        communeCode: commune,
        response,
        paper: true,
        ...(chosen ? { personId: chosen.id } : { person: personPayload(person) }),
      })
      .then(
        (r) => {
          setBusy(false);
          setSaved({ ...r, personName: chosen?.fullName ?? person.fullName.trim() });
          // The next paper form is another declaration.
          setSubmissionId(newSubmissionId());
          setDraft(null);
          setChosen(null);
          setPerson(EMPTY_PERSON);
          setCommuneCode('');
          setIssues([]);
        },
        (err: unknown) => {
          setBusy(false);
          setSendError(asApiError(err));
        },
      );
  };

  return (
    <form className="form" noValidate onSubmit={submit} aria-label={t(`declarationsWeb.kinds.${kind}`)}>
      {saved && (
        <div className="notice notice--success" role="status">
          <p>{t('declarationsWeb.staff.saved', { name: saved.personName })}</p>
          <TriageFacts action={saved.action} reasons={saved.reasons} flagStatus={saved.flagStatus} />
        </div>
      )}
      <fieldset className="qform">
        <legend>{t('declarationsWeb.staff.person')}</legend>
        {chosen ? (
          <p>
            {t('declarationsWeb.staff.chosen', { name: chosen.fullName })}{' '}
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setChosen(null);
              }}
            >
              {t('declarationsWeb.staff.change')}
            </button>
          </p>
        ) : (
          <>
            <PersonFinder onChoose={setChosen} />
            <p className="muted">{t('declarationsWeb.staff.orNew')}</p>
            <PersonFields value={person} onChange={setPerson} issues={issues} />
          </>
        )}
        <CommunePicker
          id="staff-declare-commune"
          value={communeCode || chosen?.commune?.code || ''}
          onChange={setCommuneCode}
          error={
            issues.some((i) => i.path === 'communeCode') ? t('declarationsWeb.citizen.missing') : undefined
          }
        />
      </fieldset>
      <QuestionnaireForm questionnaire={q} draft={current} onChange={setDraft} issues={issues} />
      {issues.length > 0 && (
        <p className="notice notice--error" role="alert">
          {t('declarationsWeb.form.fixErrors', { count: issues.length })}
        </p>
      )}
      {sendError && <ErrorBox error={sendError} />}
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('declarationsWeb.citizen.sending') : t('declarationsWeb.citizen.send')}
      </button>
    </form>
  );
}

/** The staff's paper-form entry page. */
export function StaffDeclarePage() {
  const { t } = useTranslation();
  usePageTitle(t('declarationsWeb.staff.declareTitle'));
  const [kind, setKind] = useState<DeclarationKind>('health');
  return (
    <section aria-labelledby="staff-declare-title">
      <h1 id="staff-declare-title">{t('declarationsWeb.staff.declareTitle')}</h1>
      <p className="muted">{t('declarationsWeb.staff.declareIntro')}</p>
      <div className="field">
        <label htmlFor="staff-declare-kind">{t('declarationsWeb.review.kind')}</label>
        <select
          id="staff-declare-kind"
          value={kind}
          onChange={(e) => {
            setKind(DECLARATION_KINDS.find((k) => k === e.target.value) ?? 'health');
          }}
        >
          {DECLARATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`declarationsWeb.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <StaffForm key={kind} kind={kind} />
    </section>
  );
}
