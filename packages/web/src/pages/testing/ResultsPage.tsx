/**
 * Fast result entry for a queue of hundreds, keyboard only: scan the tube (the scanner ends with
 * Enter, focus moves to the outcome), type P / N / I — optionally followed by the Ct, e.g. `p24.5`
 * — and Enter. The entry is sent in the background and the box is ready for the next tube at
 * once; the last entries show whether each was saved.
 */
import { barcodeProblem, isRole, normalizeBarcode, parseOutcome, roleAllows } from '@epilink/core';
import type { TestOutcome } from '@epilink/core';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { usePageTitle } from '../../hooks.ts';
import { testingApi } from './api.ts';
import type { SpecimenPerson } from './api.ts';
import { TestingTabs } from './TestingTabs.tsx';
import { PersonLine, useSpecimenPerson } from './SpecimenPerson.tsx';

interface Entry {
  key: number;
  barcode: string;
  outcome: TestOutcome;
  ct: number | null;
  state: 'pending' | 'saved' | 'unchanged' | 'error';
  message: string | null;
  /** The case the result created or updated (null when none). */
  caseId: string | null;
  /** Whose result it was, as the server saved it. */
  person: SpecimenPerson | null;
}

/** Read the outcome box: a letter or word, optionally followed by the Ct (`p 24,5`). */
export function readOutcome(
  text: string,
  ctText: string,
): { outcome: TestOutcome; ct: number | null } | null {
  const m = /^\s*([a-zA-Z+\-\u00C0-\u1EF9 ]+?)\s*(\d+(?:[.,]\d+)?)?\s*$/u.exec(text);
  if (!m) return null;
  const outcome = parseOutcome(m[1]!);
  if (!outcome) return null;
  const raw = (m[2] ?? ctText).trim().replace(',', '.');
  if (raw === '') return { outcome, ct: null };
  const ct = Number(raw);
  return Number.isFinite(ct) ? { outcome, ct } : null;
}

const MAX_SHOWN = 25;

export function ResultsPage() {
  const { t } = useTranslation();
  const k = (key: string, p?: Record<string, string | number>) => t(`testing.results.${key}`, p);
  usePageTitle(k('title'));
  const { user } = useAuth();
  const readsCases = Boolean(user && isRole(user.role) && roleAllows(user.role, 'case:read'));
  const [barcode, setBarcode] = useState('');
  const [outcome, setOutcome] = useState('');
  const [ct, setCt] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [count, setCount] = useState(0);
  const nextKey = useRef(0);
  const barcodeRef = useRef<HTMLInputElement>(null);
  const outcomeRef = useRef<HTMLInputElement>(null);
  const scanned = useSpecimenPerson();

  const update = (key: number, patch: Partial<Entry>) => {
    setEntries((list) => list.map((e) => (e.key === key ? { ...e, ...patch } : e)));
  };

  const submit = (e?: SubmitEvent<HTMLFormElement>) => {
    e?.preventDefault();
    const code = normalizeBarcode(barcode);
    const bad = barcodeProblem(code, 'specimen');
    if (bad) {
      setProblem(t('testing.errors.barcodeInvalid', { reason: t(`testing.barcode.${bad}`) }));
      barcodeRef.current?.focus();
      return;
    }
    const read = readOutcome(outcome, ct);
    if (!read) {
      setProblem(k('badOutcome'));
      outcomeRef.current?.focus();
      return;
    }
    const key = ++nextKey.current;
    setEntries((list) =>
      [
        { key, barcode: code, ...read, state: 'pending' as const, message: null, caseId: null, person: null },
        ...list,
      ].slice(0, MAX_SHOWN),
    );
    setProblem(null);
    setBarcode('');
    setOutcome('');
    setCt('');
    scanned.clear();
    barcodeRef.current?.focus();
    testingApi.enterResult({ barcode: code, outcome: read.outcome, ct: read.ct }).then(
      (r) => {
        if (!r.unchanged) setCount((c) => c + 1);
        update(key, { state: r.unchanged ? 'unchanged' : 'saved', caseId: r.caseId, person: r.person });
      },
      (err: unknown) => {
        update(key, { state: 'error', message: err instanceof ApiError ? err.message : String(err) });
      },
    );
  };

  return (
    <>
      <h1>{k('title')}</h1>
      <TestingTabs />
      <p className="muted small" id="results-help">
        {k('help')}
      </p>
      <form className="form card" onSubmit={submit} aria-label={k('title')} aria-describedby="results-help">
        <div className="field">
          <label htmlFor="r-barcode">{k('barcode')}</label>
          <input
            id="r-barcode"
            ref={barcodeRef}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            value={barcode}
            onChange={(e) => {
              setBarcode(e.target.value);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                if (barcode.trim()) {
                  scanned.lookUp(barcode);
                  outcomeRef.current?.focus();
                }
              }
            }}
            onBlur={() => {
              scanned.lookUp(barcode);
            }}
          />
        </div>
        {scanned.view}
        <div className="field">
          <label htmlFor="r-outcome">{k('outcome')}</label>
          <input
            id="r-outcome"
            ref={outcomeRef}
            autoComplete="off"
            value={outcome}
            onChange={(e) => {
              setOutcome(e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="r-ct">{k('ct')}</label>
          <input
            id="r-ct"
            inputMode="decimal"
            autoComplete="off"
            value={ct}
            onChange={(e) => {
              setCt(e.target.value);
            }}
          />
        </div>
        <button className="button" type="submit">
          {k('save')}
        </button>
        <div aria-live="assertive">{problem && <p className="notice notice--error">{problem}</p>}</div>
      </form>
      <p aria-live="polite">{k('count', { n: count })}</p>
      <section aria-labelledby="last-title">
        <h2 id="last-title">{k('last')}</h2>
        <ol className="list" data-testid="last-entries">
          {entries.map((e) => (
            <li key={e.key} data-state={e.state}>
              <span className="mono">{e.barcode}</span>
              {e.person && (
                <>
                  {' · '}
                  <PersonLine person={e.person} />
                </>
              )}{' '}
              · {t(`testing.outcome.${e.outcome}`)}
              {e.ct !== null && ` · Ct ${e.ct}`} · {e.state === 'pending' && '…'}
              {(e.state === 'saved' || e.state === 'unchanged') && (
                <span className="badge">
                  {k('saved')}
                  {e.caseId !== null && ' · '}
                  {e.caseId !== null &&
                    (readsCases ? <Link to={`/cases/${e.caseId}`}>{k('caseLinked')}</Link> : k('caseLinked'))}
                </span>
              )}
              {e.state === 'error' && <span className="notice notice--error">{e.message}</span>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
