/**
 * The tracer worklist (`/cases/worklist`): new cases to interview, contacts to call, follow-ups
 * due, people lost to follow-up — in my jurisdiction, or only what is assigned to me — as compact
 * tables, filtered by kind of work, "due today", commune and case (the address keeps the filters,
 * so the case page links to its own worklist), sorted, exported as CSV. Live: any tracing event
 * reloads it, and what arrived since the page was opened is counted at the top and highlighted.
 */
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { useApi, usePageTitle } from '../../hooks.ts';
import { casesApi } from './api.ts';
import type { Worklist, WorklistSection } from './api.ts';
import { useWorklistMore } from './worklistMore.ts';
import { AlarmTasks } from '../analytics/alarms/AlarmTasks.tsx';
import { CasesTabs } from './CasesTabs.tsx';
import { ContactRow, FollowUpRow } from './WorklistRows.tsx';
import { CaseRow, SectionTable, type Column } from './WorklistTables.tsx';
import { isTracingEvent, useLiveEvents } from './useLiveEvents.ts';
import { useUnitNames } from './unitNames.ts';
import {
  caseKey,
  contactKey,
  dueRows,
  followUpKey,
  readFilters,
  showsSection,
  sortCases,
  sortContacts,
  useFreshRows,
  worklistCsv,
  writeFilters,
  WORKLIST_SECTIONS,
  WORKLIST_SORTS,
  type WorklistFilters,
} from './worklistView.ts';
import './cases.css';

const loadTracers = () => casesApi.tracers();

/** The communes and cases of the loaded rows, as filter options. */
function optionsOf(list: Pick<Worklist, WorklistSection> | undefined) {
  const communes = new Set<string>();
  const cases = new Map<string, string>();
  for (const c of list?.newCases ?? []) {
    if (c.communeCode) communes.add(c.communeCode);
    cases.set(c.id, c.fullName);
  }
  const contacts = list
    ? [...list.contactsToCall, ...list.lost, ...list.followUpsDue.map((f) => f.contact)]
    : [];
  for (const k of contacts) {
    if (k.communeCode) communes.add(k.communeCode);
    if (k.sourceName && !cases.has(k.caseId)) cases.set(k.caseId, k.sourceName);
  }
  return { communes, cases };
}

function download(csv: string, name: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

export function WorklistPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  usePageTitle(t('casesWeb.worklist.title'));
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const setFilter = (change: Partial<WorklistFilters>) => {
    setParams(writeFilters({ ...filters, ...change }), { replace: true });
  };
  const [mine, setMine] = useState(false);
  const [message, setMessage] = useState('');
  const { communeCode, caseId } = useMemo(() => readFilters(params), [params]);
  const load = useCallback(
    () => casesApi.worklist(mine, undefined, { communeCode, caseId }),
    [mine, communeCode, caseId],
  );
  const { data, latest, error, loading, reload } = useApi(load);
  const pages = useWorklistMore(
    latest,
    useCallback(
      (more: { section: WorklistSection; cursor: string }) =>
        casesApi.worklist(mine, more, { communeCode, caseId }),
      [mine, communeCode, caseId],
    ),
  );
  const list = pages.list;
  const { fresh, clear } = useFreshRows(data, list, `${String(mine)}|${communeCode}|${caseId}`);
  const options = optionsOf(list);
  const communeName = useUnitNames([...options.communes]);
  const team = useApi(loadTracers);
  const tracers = team.latest?.items ?? [];
  useLiveEvents(isTracingEvent, reload);
  const done = (m: string) => {
    setMessage(m);
    reload();
  };
  const userId = user?.id ?? null;
  const today = latest?.date ?? '';
  const c = (key: string) => t(`screensWeb.worklist.col.${key}`);
  const contactColumns: Column[] = [
    { label: c('person'), sort: 'name' },
    { label: c('case') },
    { label: c('exposure'), sort: filters.sort === 'overlap' ? 'overlap' : 'exposure' },
    { label: c('commune'), sort: 'commune' },
    { label: c('status') },
    { label: c('actions') },
  ];
  const sortRows = <T,>(
    rows: readonly T[],
    of: (r: T) => Parameters<typeof contactKey>[0],
    key: (r: T) => string,
  ) => sortContacts(rows, of, filters.sort, fresh, lang, key);
  const self = <T,>(r: T) => r;
  return (
    <>
      <h1>{t('casesWeb.worklist.title')}</h1>
      <CasesTabs />
      <form
        className="form worklist-filters"
        aria-label={t('screensWeb.worklist.filters')}
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label className="field">
          <span>{t('screensWeb.worklist.section')}</span>
          <select
            value={filters.section}
            onChange={(e) => {
              setFilter({ section: e.target.value as WorklistFilters['section'] });
            }}
          >
            <option value="all">{t('screensWeb.worklist.all')}</option>
            {WORKLIST_SECTIONS.map((s) => (
              <option key={s} value={s}>
                {t(`casesWeb.worklist.${s}`, { count: list?.[s].length ?? 0 })}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('screensWeb.worklist.commune')}</span>
          <select
            value={communeCode}
            onChange={(e) => {
              setFilter({ communeCode: e.target.value });
            }}
          >
            <option value="">{t('screensWeb.worklist.allCommunes')}</option>
            {[
              ...options.communes,
              ...(communeCode && !options.communes.has(communeCode) ? [communeCode] : []),
            ]
              .map((code) => ({ code, name: communeName(code) }))
              .sort((a, b) => a.name.localeCompare(b.name, lang))
              .map((u) => (
                <option key={u.code} value={u.code}>
                  {u.name}
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          <span>{t('screensWeb.worklist.case')}</span>
          <select
            value={caseId}
            onChange={(e) => {
              setFilter({ caseId: e.target.value });
            }}
          >
            <option value="">{t('screensWeb.worklist.allCases')}</option>
            {[...options.cases].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
            {caseId && !options.cases.has(caseId) && <option value={caseId}>{caseId.slice(0, 8)}</option>}
          </select>
        </label>
        <label className="field">
          <span>{t('screensWeb.worklist.sort')}</span>
          <select
            value={filters.sort}
            onChange={(e) => {
              setFilter({ sort: e.target.value as WorklistFilters['sort'] });
            }}
          >
            {WORKLIST_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`screensWeb.worklist.sortBy.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="radio">
          <input
            type="checkbox"
            checked={filters.dueToday}
            onChange={(e) => {
              setFilter({ dueToday: e.target.checked });
            }}
          />
          <span>{t('screensWeb.worklist.dueToday')}</span>
        </label>
        <label className="radio">
          <input
            type="checkbox"
            checked={mine}
            onChange={(e) => {
              setMine(e.target.checked);
            }}
          />
          <span>{t('casesWeb.worklist.mine')}</span>
        </label>
        <button
          type="button"
          className="button button--secondary"
          disabled={!list}
          onClick={() => {
            if (!list) return;
            const out = worklistCsv(list, filters, t, communeName, today);
            download(out.csv, `worklist-${today}.csv`);
            setMessage(t('screensWeb.worklist.exported', { count: out.rows }));
          }}
        >
          {t('screensWeb.worklist.export')}
        </button>
      </form>
      {fresh.size > 0 && (
        <p className="worklist-fresh" data-testid="worklist-fresh">
          <strong>{t('screensWeb.worklist.fresh', { count: fresh.size })}</strong>{' '}
          <button type="button" className="button button--secondary" onClick={clear}>
            {t('screensWeb.worklist.seen')}
          </button>
        </p>
      )}
      <p role="status" className="small">
        {message}
      </p>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !latest && <Loading />}
      {pages.error && <ErrorBox error={pages.error} />}
      <AlarmTasks />
      {list && (
        <>
          {showsSection(filters, 'newCases') && (
            <SectionTable
              id="wl-new-cases"
              title={t('casesWeb.worklist.newCases', { count: list.newCases.length })}
              columns={[
                { label: c('person'), sort: 'name' },
                { label: c('status') },
                { label: c('sample') },
                { label: c('commune'), sort: 'commune' },
                { label: c('contacts') },
                { label: c('actions') },
              ]}
              sort={filters.sort}
              count={list.newCases.length}
              more={pages.more('newCases')}
            >
              {sortCases(list.newCases, filters.sort, fresh, lang).map((item) => (
                <CaseRow
                  key={item.id}
                  item={item}
                  userId={userId}
                  tracers={tracers}
                  fresh={fresh.has(caseKey(item))}
                  communeName={communeName(item.communeCode)}
                  onDone={done}
                  onFailed={reload}
                />
              ))}
            </SectionTable>
          )}
          {showsSection(filters, 'contactsToCall') && (
            <SectionTable
              id="wl-contacts"
              title={t('casesWeb.worklist.contactsToCall', { count: list.contactsToCall.length })}
              columns={contactColumns}
              sort={filters.sort}
              count={list.contactsToCall.length}
              more={pages.more('contactsToCall')}
            >
              {sortRows(list.contactsToCall, self, contactKey).map((k) => (
                <ContactRow
                  key={k.id}
                  contact={k}
                  userId={userId}
                  tracers={tracers}
                  fresh={fresh.has(contactKey(k))}
                  communeName={communeName(k.communeCode)}
                  onDone={done}
                />
              ))}
            </SectionTable>
          )}
          {showsSection(filters, 'followUpsDue') && (
            <SectionTable
              id="wl-followups"
              title={t('casesWeb.worklist.followUpsDue', {
                count: dueRows(list.followUpsDue, filters, today).length,
              })}
              columns={[...contactColumns.slice(0, 4), { label: c('due') }, { label: c('actions') }]}
              sort={filters.sort}
              count={dueRows(list.followUpsDue, filters, today).length}
              more={pages.more('followUpsDue')}
            >
              {sortRows(dueRows(list.followUpsDue, filters, today), (f) => f.contact, followUpKey).map(
                (f) => (
                  <FollowUpRow
                    key={f.followUpId}
                    item={f}
                    today={today}
                    fresh={fresh.has(followUpKey(f))}
                    communeName={communeName(f.contact.communeCode)}
                    onDone={done}
                  />
                ),
              )}
            </SectionTable>
          )}
          {showsSection(filters, 'lost') && (
            <SectionTable
              id="wl-lost"
              title={t('casesWeb.worklist.lost', { count: list.lost.length })}
              columns={contactColumns}
              sort={filters.sort}
              count={list.lost.length}
              more={pages.more('lost')}
            >
              {sortRows(list.lost, self, contactKey).map((k) => (
                <ContactRow
                  key={k.id}
                  contact={k}
                  userId={userId}
                  tracers={tracers}
                  fresh={fresh.has(contactKey(k))}
                  communeName={communeName(k.communeCode)}
                  onDone={done}
                />
              ))}
            </SectionTable>
          )}
        </>
      )}
    </>
  );
}
