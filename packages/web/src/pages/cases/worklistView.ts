/**
 * The worklist as the tracer sees it: the filters kept in the address (commune and case go to the
 * server, in SQL; kind of work and "due today" choose among the loaded rows), the sort of each
 * table, the items that arrived since the page was opened, and the CSV export of what is shown.
 */
import { useEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import type { CaseSummary, ContactItem, FollowUpItem, Worklist, WorklistSection } from './api.ts';

/** How a table's rows are ordered. `waiting` is the server's order (the longest waiting first). */
export type WorklistSort = 'waiting' | 'name' | 'exposure' | 'overlap' | 'commune';
export const WORKLIST_SORTS: WorklistSort[] = ['waiting', 'name', 'exposure', 'overlap', 'commune'];
export const WORKLIST_SECTIONS: WorklistSection[] = ['newCases', 'contactsToCall', 'followUpsDue', 'lost'];

/** The filters of the page, as read from its address. */
export interface WorklistFilters {
  section: WorklistSection | 'all';
  dueToday: boolean;
  communeCode: string;
  caseId: string;
  sort: WorklistSort;
}

/** Filters from the address's query (unknown values fall back to "all"). */
export function readFilters(q: URLSearchParams): WorklistFilters {
  const section = q.get('section') ?? '';
  const sort = q.get('sort') ?? '';
  const commune = q.get('commune') ?? '';
  const caseId = q.get('case') ?? '';
  return {
    section: (WORKLIST_SECTIONS as string[]).includes(section) ? (section as WorklistSection) : 'all',
    dueToday: q.get('due') === 'today',
    communeCode: /^\d{5}$/u.test(commune) ? commune : '',
    caseId: /^[0-9a-f-]{36}$/iu.test(caseId) ? caseId : '',
    sort: (WORKLIST_SORTS as string[]).includes(sort) ? (sort as WorklistSort) : 'waiting',
  };
}

/** The filters as the address's query (defaults left out). */
export function writeFilters(f: WorklistFilters): URLSearchParams {
  const q = new URLSearchParams();
  if (f.section !== 'all') q.set('section', f.section);
  if (f.dueToday) q.set('due', 'today');
  if (f.communeCode) q.set('commune', f.communeCode);
  if (f.caseId) q.set('case', f.caseId);
  if (f.sort !== 'waiting') q.set('sort', f.sort);
  return q;
}

/** Whether a section is shown under the filters ("due today" keeps the calls due today). */
export function showsSection(f: WorklistFilters, s: WorklistSection): boolean {
  if (f.dueToday) return s === 'followUpsDue';
  return f.section === 'all' || f.section === s;
}

const collator = (lang: string) => new Intl.Collator(lang === 'en' ? 'en' : 'vi');

/** Contacts ordered for a table: new ones first, then by the chosen key (stable otherwise). */
export function sortContacts<T>(
  rows: readonly T[],
  contactOf: (row: T) => ContactItem,
  sort: WorklistSort,
  fresh: ReadonlySet<string>,
  lang: string,
  key: (row: T) => string,
): T[] {
  const c = collator(lang);
  const by = (a: ContactItem, b: ContactItem): number => {
    switch (sort) {
      case 'name':
        return c.compare(a.fullName, b.fullName);
      case 'exposure':
        return (b.exposureDate ?? '').localeCompare(a.exposureDate ?? '');
      case 'overlap':
        return (b.durationMinutes ?? -1) - (a.durationMinutes ?? -1);
      case 'commune':
        return (a.communeCode ?? '').localeCompare(b.communeCode ?? '');
      case 'waiting':
        return 0;
    }
  };
  return rows
    .map((row, i) => ({ row, i }))
    .sort(
      (a, b) =>
        Number(fresh.has(key(b.row))) - Number(fresh.has(key(a.row))) ||
        by(contactOf(a.row), contactOf(b.row)) ||
        a.i - b.i,
    )
    .map((x) => x.row);
}

/** New cases ordered for their table (new first; names, communes or the server's order). */
export function sortCases(
  rows: readonly CaseSummary[],
  sort: WorklistSort,
  fresh: ReadonlySet<string>,
  lang: string,
): CaseSummary[] {
  const c = collator(lang);
  return rows
    .map((row, i) => ({ row, i }))
    .sort(
      (a, b) =>
        Number(fresh.has(caseKey(b.row))) - Number(fresh.has(caseKey(a.row))) ||
        (sort === 'name' ? c.compare(a.row.fullName, b.row.fullName) : 0) ||
        (sort === 'commune' ? (a.row.communeCode ?? '').localeCompare(b.row.communeCode ?? '') : 0) ||
        a.i - b.i,
    )
    .map((x) => x.row);
}

/** Keys of rows across reloads. */
export const caseKey = (c: CaseSummary) => `case:${c.id}`;
export const contactKey = (c: ContactItem) => `contact:${c.id}`;
export const followUpKey = (f: FollowUpItem) => `followUp:${f.followUpId}`;

function keysOf(w: Pick<Worklist, WorklistSection>): string[] {
  return [
    ...w.newCases.map(caseKey),
    ...w.contactsToCall.map(contactKey),
    ...w.followUpsDue.map(followUpKey),
    ...w.lost.map(contactKey),
  ];
}

/**
 * The rows that arrived since the page was opened (with these filters): a live reload's rows not
 * seen before. Rows of "load more" pages are older ones and are never new; `clear` marks all seen.
 */
export function useFreshRows(
  latest: Worklist | undefined,
  shown: Pick<Worklist, WorklistSection> | undefined,
  scope: string,
): { fresh: ReadonlySet<string>; clear: () => void } {
  const seen = useRef<{ scope: string; keys: Set<string> } | null>(null);
  const [fresh, setFresh] = useState<{ scope: string; keys: ReadonlySet<string> }>({
    scope,
    keys: new Set(),
  });
  useEffect(() => {
    if (latest === undefined) return;
    const keys = keysOf(latest);
    if (seen.current === null || seen.current.scope !== scope) {
      seen.current = { scope, keys: new Set(keys) };
      setFresh({ scope, keys: new Set() });
      return;
    }
    const known = seen.current.keys;
    const arrived = keys.filter((k) => !known.has(k));
    for (const k of arrived) known.add(k);
    if (arrived.length > 0) {
      setFresh((f) => ({ scope, keys: new Set([...(f.scope === scope ? f.keys : []), ...arrived]) }));
    }
  }, [latest, scope]);
  useEffect(() => {
    if (shown === undefined || seen.current === null) return;
    for (const k of keysOf(shown)) seen.current.keys.add(k);
  }, [shown]);
  const present = new Set(shown ? keysOf(shown) : []);
  const keys = fresh.scope === scope ? [...fresh.keys].filter((k) => present.has(k)) : [];
  return {
    fresh: new Set(keys),
    clear: () => {
      setFresh({ scope, keys: new Set() });
    },
  };
}

const cell = (v: string | number | null | undefined): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // A leading =, +, - or @ would be read as a formula by a spreadsheet.
  const safe = /^[=+\-@\t\r]/u.test(s) && !/^[+-]?\d[\d\s]*$/u.test(s) ? `'${s}` : s;
  return /[",\n\r]/u.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** What the tables show, as a CSV (UTF-8 with BOM, headers in the language on screen). */
export function worklistCsv(
  w: Pick<Worklist, WorklistSection>,
  f: WorklistFilters,
  t: TFunction,
  communeName: (code: string | null) => string,
  today: string,
): { csv: string; rows: number } {
  const k = (key: string) => t(`screensWeb.worklist.csv.${key}`);
  const header = [
    'section',
    'name',
    'phone',
    'case',
    'exposure',
    'venue',
    'minutes',
    'date',
    'commune',
    'status',
  ].map(k);
  const section = (s: WorklistSection) => t(`casesWeb.worklist.${s}`, { count: w[s].length });
  const contactLine = (
    s: WorklistSection,
    c: ContactItem,
    date: string | null,
  ): (string | number | null)[] => [
    section(s),
    c.fullName,
    c.phone,
    c.sourceName,
    t(`casesWeb.exposure.${c.exposureType}`),
    c.venueName,
    c.durationMinutes,
    date,
    communeName(c.communeCode),
    t(`casesWeb.contactStatus.${c.status}`),
  ];
  const lines: (string | number | null)[][] = [];
  if (showsSection(f, 'newCases')) {
    for (const c of w.newCases) {
      lines.push([
        section('newCases'),
        c.fullName,
        null,
        null,
        null,
        null,
        null,
        c.sampleDate,
        communeName(c.communeCode),
        t(`casesWeb.classification.${c.classification}`),
      ]);
    }
  }
  if (showsSection(f, 'contactsToCall')) {
    for (const c of w.contactsToCall) lines.push(contactLine('contactsToCall', c, c.exposureDate));
  }
  if (showsSection(f, 'followUpsDue')) {
    for (const d of dueRows(w.followUpsDue, f, today))
      lines.push(contactLine('followUpsDue', d.contact, d.dueDate));
  }
  if (showsSection(f, 'lost')) {
    for (const c of w.lost) lines.push(contactLine('lost', c, c.exposureDate));
  }
  return {
    csv: `\uFEFF${[header, ...lines].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`,
    rows: lines.length,
  };
}

/** The follow-ups under the filters: "due today" keeps those due today (not the overdue ones). */
export function dueRows(rows: readonly FollowUpItem[], f: WorklistFilters, today?: string): FollowUpItem[] {
  return f.dueToday && today ? rows.filter((r) => r.dueDate === today) : [...rows];
}
