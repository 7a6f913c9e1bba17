/**
 * A citizen fills a declaration (`/declare/:kind`): the questionnaire in force for that kind,
 * rendered by {@link QuestionnaireForm}. Signed in with their phone, they declare for themselves or
 * a household member in their care; otherwise they give the
 * name and phone of the person declared (the server links it by record linkage, and a phone sign-in
 * links it later). Sending puts the declaration in this device's queue with a new submission id and
 * sends it at once; with no network it stays queued and goes when the network returns.
 */
import type { ErrorDetail } from '@epilink/core';
import { responseIssues } from '@epilink/core/declarations/response';
import { useEffect, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api, type MyPerson } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { usePageTitle } from '../../hooks.ts';
import {
  DECLARATION_KINDS,
  declarationsApi,
  type DeclarationKind,
  type DeclarationSubmission,
  type QuestionnaireVersion,
} from './api.ts';
import { useOutbox } from './DeclareShell.tsx';
import { blankLevel, choiceKeyOf, toResponse, withAnswers, type DraftLevel } from './draft.ts';
import { DccEvidence, type DccFill } from './DccEvidence.tsx';
import { enqueue, newSubmissionId } from './offline.ts';
import { CommunePicker } from './CommunePicker.tsx';
import { QuestionnaireForm } from './QuestionnaireForm.tsx';
import {
  EMPTY_PERSON,
  PersonFields,
  personIssues,
  personPayload,
  type PersonDraft,
} from './PersonFields.tsx';

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e));
}

/** Whether a kind from the address is one of the three declarations. */
export function isKind(k: string | undefined): k is DeclarationKind {
  return DECLARATION_KINDS.some((x) => x === k);
}

/** The questionnaire in force of a kind (from the list the service worker also keeps). */
export function useQuestionnaire(kind: DeclarationKind) {
  const [version, setVersion] = useState<QuestionnaireVersion | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    declarationsApi.inForce().then(
      (r) => {
        if (!live) return;
        const found = r.items.find((v) => v.kind === kind) ?? null;
        if (found) setVersion(found);
        else setError(new ApiError(404, 'NOT_FOUND', ''));
      },
      (e: unknown) => {
        if (live) setError(asApiError(e));
      },
    );
    return () => {
      live = false;
    };
  }, [kind]);
  return { version, error };
}

/**
 * The citizen's persons when signed in, null when not (the client asks the server only when the
 * citizen session's readable hint is there), undefined while asking.
 */
function useMyPersons(): MyPerson[] | null | undefined {
  const [persons, setPersons] = useState<MyPerson[] | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    api.myPersons().then(
      (r) => {
        if (live) setPersons(r.items);
      },
      () => {
        if (live) setPersons(null);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return persons;
}

/** The declaration form of one kind. */
export function DeclareFormPage() {
  const { kind = '' } = useParams();
  const { t } = useTranslation();
  if (!isKind(kind)) return <ErrorBox error={new ApiError(404, 'NOT_FOUND', t('errors.notFound'))} />;
  return <DeclareForm key={kind} kind={kind} />;
}

function DeclareForm({ kind }: { kind: DeclarationKind }) {
  const { t, i18n } = useTranslation();
  const outbox = useOutbox();
  usePageTitle(t(`declarationsWeb.kinds.${kind}`));
  const { version, error } = useQuestionnaire(kind);
  const persons = useMyPersons();
  const [forWhom, setForWhom] = useState('');
  const [person, setPerson] = useState<PersonDraft>(EMPTY_PERSON);
  const [communeCode, setCommuneCode] = useState('');
  const [forOther, setForOther] = useState(false);
  const [draft, setDraft] = useState<DraftLevel | null>(null);
  const [issues, setIssues] = useState<ErrorDetail[]>([]);
  const [sendError, setSendError] = useState<ApiError | null>(null);
  const [queuedId, setQueuedId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const { awaitSubmission } = outbox;
  useEffect(
    () => () => {
      awaitSubmission(null);
    },
    [awaitSubmission],
  );

  if (error)
    return (
      <ErrorBox error={error.message === '' ? new ApiError(404, error.code, t('errors.notFound')) : error} />
    );
  if (!version || persons === undefined) return <Loading />;
  const q = version.resource;
  const current = draft ?? blankLevel(q.item);
  const signedIn = persons !== null && persons.length > 0;
  const chosen = forWhom || persons?.[0]?.id || '';

  const fromCertificate = (f: DccFill) => {
    const lang = i18n.language;
    let next = withAnswers(q, current, 'evidence.dcc', [{ raw: f.hc1 }]);
    const vaccination = f.vaccination && choiceKeyOf(q, 'evidence.vaccination', f.vaccination, lang);
    if (vaccination) next = withAnswers(q, next, 'evidence.vaccination', [{ raw: vaccination }]);
    const test = f.test && choiceKeyOf(q, 'evidence.test', f.test.code, lang);
    if (test && f.test) {
      next = withAnswers(q, next, 'evidence.test', [{ raw: test }]);
      next = withAnswers(q, next, 'evidence.testDate', [{ raw: f.test.day }]);
    }
    setDraft(next);
  };

  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const response = toResponse(q, current, i18n.language);
    const found = [
      ...(communeCode === ''
        ? [{ path: 'communeCode', messageKey: 'declarationsWeb.citizen.missing', params: {} }]
        : []),
      ...(signedIn ? [] : personIssues(person)),
      ...responseIssues(q, response),
    ];
    setIssues(found);
    setSendError(null);
    if (found.length > 0) return;
    const submissionId = newSubmissionId();
    const base = { submissionId, questionnaireId: version.id, communeCode, response };
    const body: DeclarationSubmission = signedIn
      ? { ...base, personId: chosen }
      : { ...base, person: personPayload(person), ...(forOther ? { forOther: true } : {}) };
    const label = signedIn ? (persons.find((p) => p.id === chosen)?.fullName ?? '') : person.fullName.trim();
    enqueue({
      submissionId,
      path: declarationsApi.submitPath(signedIn),
      body,
      queuedAt: new Date().toISOString(),
      label,
    });
    setBusy(true);
    outbox.awaitSubmission(submissionId, (err) => {
      setQueuedId(null);
      setSendError(err);
    });
    void outbox.sendNow().then((outcomes) => {
      setBusy(false);
      if (!outcomes.some((o) => o.submissionId === submissionId)) setQueuedId(submissionId);
    });
  };

  return (
    <section aria-labelledby="declare-title">
      <h1 id="declare-title">{t(`declarationsWeb.kinds.${kind}`)}</h1>
      <p>
        <Link to="/declare">{t('declarationsWeb.citizen.back')}</Link>
      </p>
      {queuedId ? (
        <p className="notice notice--success" role="status">
          {t('declarationsWeb.citizen.queued')}
        </p>
      ) : (
        <>
          {kind === 'entry' && <DccEvidence onFill={fromCertificate} />}
          <form className="form" noValidate onSubmit={submit} aria-labelledby="declare-title">
            {signedIn ? (
              <div className="field">
                <label htmlFor="declare-for">{t('declarationsWeb.citizen.forWhom')}</label>
                <select
                  id="declare-for"
                  value={chosen}
                  onChange={(e) => {
                    setForWhom(e.target.value);
                  }}
                >
                  {persons.map((p) => (
                    <option key={p.id} value={p.id}>
                      {t(
                        p.relation === 'self'
                          ? 'declarationsWeb.citizen.self'
                          : 'declarationsWeb.citizen.ward',
                        {
                          name: p.fullName,
                        },
                      )}
                    </option>
                  ))}
                </select>
              </div>
            ) : (
              <>
                <PersonFields value={person} onChange={setPerson} issues={issues} />
                <label className="radio">
                  <input
                    type="checkbox"
                    checked={forOther}
                    onChange={(e) => {
                      setForOther(e.target.checked);
                    }}
                  />
                  {t('declarationsWeb.citizen.forOther')}
                </label>
              </>
            )}
            <CommunePicker
              id="declare-commune"
              value={communeCode}
              onChange={setCommuneCode}
              error={
                issues.some((i) => i.path === 'communeCode')
                  ? t('declarationsWeb.citizen.missing')
                  : undefined
              }
            />
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
        </>
      )}
    </section>
  );
}
