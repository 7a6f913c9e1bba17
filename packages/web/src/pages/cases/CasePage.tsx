/**
 * One case (`/cases/:id`): classification, onset, infectious window, severity, place of care,
 * outcome; its contacts with confirm/dismiss; the interview form. Live: a change to this case or
 * its contacts reloads it.
 */
import { useCallback, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { addDays, localDay, roleAllows, isRole } from '@epilink/core';
import { useAuth } from '../../auth.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { policyRuleTitle } from '../../policyRuleTitle.ts';
import { diseaseName } from '../../diseaseName.ts';
import { useApi, usePageTitle } from '../../hooks.ts';
import { casesApi, type CaseDetail } from './api.ts';
import { CaseContacts } from './CaseContacts.tsx';
import { CaseEditForm } from './CaseEditForm.tsx';
import { CasesTabs } from './CasesTabs.tsx';
import { InterviewForm } from './InterviewForm.tsx';
import { useLiveEvents, type LiveEvent } from './useLiveEvents.ts';
import './cases.css';
import { PersonDeclarations } from '../declarations/PersonDeclarations.tsx';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation();
  const empty = children === null || children === undefined || children === '';
  return (
    <>
      <dt>{label}</dt>
      <dd>{empty ? t('web.app.none') : children}</dd>
    </>
  );
}

/** The check-in overlap search with the case's person and infectious window filled in (#19 item 4). */
function traceLink(kase: CaseDetail & { fullName: string }, from: string): string {
  const q = new URLSearchParams({
    person: kase.personId,
    name: kase.fullName,
    from: localDay(new Date(from)),
    to: addDays(localDay(kase.infectiousTo ? new Date(kase.infectiousTo) : new Date()), 1),
  });
  return `/checkins/trace?${q.toString()}`;
}

function CaseFacts({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const window = kase.infectiousFrom
    ? kase.infectiousTo
      ? t('casesWeb.case.windowValue', {
          from: formatDateTime(kase.infectiousFrom, lang),
          to: formatDateTime(kase.infectiousTo, lang),
        })
      : t('casesWeb.case.windowOpen', { from: formatDateTime(kase.infectiousFrom, lang) })
    : null;
  return (
    <section aria-labelledby="case-facts" className="card">
      <h2 id="case-facts">{t('casesWeb.case.facts')}</h2>
      {(kase.missingRules ?? []).length > 0 && (
        <p role="alert" className="warning">
          {t('casesWeb.case.missingRules', {
            keys: (kase.missingRules ?? []).map((k) => policyRuleTitle(t, k)).join(', '),
          })}
        </p>
      )}
      <dl className="facts">
        <Fact label={t('casesWeb.case.disease')}>{diseaseName(kase.diseaseCode, lang)}</Fact>
        <Fact label={t('casesWeb.case.classification')}>
          <span data-testid="case-classification">{t(`casesWeb.classification.${kase.classification}`)}</span>
        </Fact>
        <Fact label={t('casesWeb.case.status')}>{t(`casesWeb.caseStatus.${kase.status}`)}</Fact>
        <Fact label={t('casesWeb.case.onset')}>{formatDate(kase.onsetDate, lang)}</Fact>
        <Fact label={t('casesWeb.case.sample')}>{formatDate(kase.sampleDate, lang)}</Fact>
        <Fact label={t('casesWeb.case.window')}>{window}</Fact>
        <Fact label={t('casesWeb.case.symptomatic')}>
          {kase.symptomatic === null ? null : t(kase.symptomatic ? 'casesWeb.case.yes' : 'casesWeb.case.no')}
        </Fact>
        <Fact label={t('casesWeb.case.severity')}>
          {kase.severity && t(`casesWeb.severity.${kase.severity}`)}
        </Fact>
        <Fact label={t('casesWeb.case.placeOfCare')}>
          {kase.placeOfCare && t(`casesWeb.placeOfCare.${kase.placeOfCare}`)}
        </Fact>
        <Fact label={t('casesWeb.case.outcome')}>
          {kase.outcome &&
            `${t(`casesWeb.outcome.${kase.outcome}`)}${kase.outcomeDate ? ` (${formatDate(kase.outcomeDate, lang) ?? ''})` : ''}`}
        </Fact>
        <Fact label={t('casesWeb.case.note')}>{kase.note}</Fact>
      </dl>
      <p>
        <Link to={`/people/${kase.personId}`}>{t('casesWeb.case.person')}</Link>
      </p>
      {kase.infectiousFrom && (
        <p>
          <Link to={traceLink(kase, kase.infectiousFrom)}>{t('screensWeb.trace.fromCase')}</Link>
        </p>
      )}
    </section>
  );
}

export function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { user } = useAuth();
  const role = user && isRole(user.role) ? user.role : null;
  const load = useCallback(() => casesApi.get(id), [id]);
  const { latest, error, loading, reload } = useApi(load);
  const current = latest?.case.id === id ? latest : undefined;
  usePageTitle(current ? t('casesWeb.case.title', { name: current.person.fullName }) : undefined);
  const concerns = useCallback(
    (e: LiveEvent) => {
      if (e.data.caseId === id || e.data.id === id) return true;
      if (current === undefined) return false;
      // A contact of this case, or a status change of anyone on the page.
      const person = e.data.personId;
      return (
        current.contacts.some((c) => c.id === e.data.id || c.personId === person) ||
        current.case.personId === person
      );
    },
    [id, current],
  );
  useLiveEvents(concerns, reload);
  return (
    <>
      <CasesTabs />
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !current && <Loading />}
      {current && (
        <>
          <h1>{t('casesWeb.case.title', { name: current.person.fullName })}</h1>
          <div className="grid-2">
            <CaseFacts kase={current.case} />
            {role && roleAllows(role, 'case:write') && (
              <CaseEditForm key={current.case.id} kase={current.case} onSaved={reload} />
            )}
          </div>
          <CaseContacts
            caseId={current.case.id}
            first={current.contacts}
            next={current.contactsNextCursor}
            onChanged={reload}
          />
          {role && roleAllows(role, 'case:trace') && <InterviewForm kase={current.case} onSaved={reload} />}
          <PersonDeclarations personId={current.case.personId} />
        </>
      )}
    </>
  );
}
