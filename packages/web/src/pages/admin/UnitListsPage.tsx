/**
 * Loading the next unit list (`/admin/unit-lists`, province administrators): choose the list (JSON)
 * and its change table (CSV), see what they hold, confirm; the server refuses a list that
 * contradicts the one in force with every problem named (shown translated), else loads it and
 * re-homes at once when its first day has come.
 */
import { Fragment, useId, useState, type ChangeEvent, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { formatCount } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { asApiError } from './AccountForm.tsx';
import { PreviewProblem, previewChanges, previewList, unitsApi } from './unitsApi.ts';
import type { ChangesPreview, ListPreview, LoadedList } from './unitsApi.ts';

const k = (key: string) => `unitsAdmin.lists.${key}`;

/** A chosen file: its text and preview, or the problem found reading it. */
interface Chosen<P> {
  text: string;
  preview: P | null;
  problem: string | null;
}

function Preview({ list, changes }: { list: ListPreview; changes: ChangesPreview | null }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatCount(v, i18n.language);
  const rows: [string, number][] = [
    ['provinces', list.provinces],
    ['districts', list.districts],
    ['communes', list.communes],
  ];
  const changeRows: [string, number][] = changes
    ? [
        ['changeRows', changes.rows],
        ['whole', changes.whole],
        ['part', changes.part],
        ['unmapped', changes.unmapped],
        ['divided', changes.divided],
      ]
    : [];
  return (
    <section aria-labelledby="unit-list-preview" className="card">
      <h2 id="unit-list-preview">{t(k('previewTitle'))}</h2>
      <dl className="facts" data-testid="unit-list-preview">
        {[...rows, ...changeRows].map(([key, v]) => (
          <Fragment key={key}>
            <dt>{t(k(key))}</dt>
            <dd>{n(v)}</dd>
          </Fragment>
        ))}
      </dl>
      {!changes && <p className="muted">{t(k('noChanges'))}</p>}
    </section>
  );
}

export function UnitListsPage() {
  const { t } = useTranslation();
  usePageTitle(t(k('title')));
  const hint = useId();
  const [dataset, setDataset] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [list, setList] = useState<Chosen<ListPreview> | null>(null);
  const [changes, setChanges] = useState<Chosen<ChangesPreview> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<(LoadedList & { dataset: string }) | null>(null);

  const read =
    <P,>(parse: (text: string) => P, set: (c: Chosen<P> | null) => void) =>
    (e: ChangeEvent<HTMLInputElement>) => {
      const file = e.target.files?.[0];
      setDone(null);
      setError(null);
      if (!file) {
        set(null);
        return;
      }
      void file.text().then((text) => {
        try {
          set({ text, preview: parse(text), problem: null });
        } catch (err) {
          if (!(err instanceof PreviewProblem)) throw err;
          set({ text, preview: null, problem: t(k(err.messageKey), err.params) });
        }
      });
    };

  const ready =
    list?.preview != null &&
    (changes === null || changes.preview !== null) &&
    dataset !== '' &&
    validFrom !== '';

  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!ready || !list) return;
    setBusy(true);
    setError(null);
    setDone(null);
    unitsApi
      .loadList({ dataset: dataset.trim(), validFrom, list: list.text, changes: changes?.text ?? null })
      .then(
        (r) => {
          setDone({ ...r, dataset: dataset.trim() });
        },
        (err: unknown) => {
          setError(asApiError(err));
        },
      )
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <>
      <h1>{t(k('title'))}</h1>
      <p className="muted">{t(k('intro'))}</p>
      <form className="form" aria-label={t(k('form'))} onSubmit={submit}>
        <label className="field">
          <span>{t(k('listFile'))}</span>
          <input type="file" accept=".json,application/json" onChange={read(previewList, setList)} />
        </label>
        {list?.problem && (
          <p className="notice notice--error" role="alert">
            {list.problem}
          </p>
        )}
        <label className="field">
          <span>{t(k('changesFile'))}</span>
          <input type="file" accept=".csv,text/csv" onChange={read(previewChanges, setChanges)} />
        </label>
        {changes?.problem && (
          <p className="notice notice--error" role="alert">
            {changes.problem}
          </p>
        )}
        <label className="field">
          <span>{t(k('dataset'))}</span>
          <input
            value={dataset}
            required
            pattern="[\w.\-]{1,40}"
            maxLength={40}
            aria-describedby={hint}
            onChange={(e) => {
              setDataset(e.target.value);
            }}
          />
        </label>
        <p id={hint} className="muted">
          {t(k('datasetHint'))}
        </p>
        <label className="field">
          <span>{t(k('validFrom'))}</span>
          <input
            type="date"
            value={validFrom}
            required
            onChange={(e) => {
              setValidFrom(e.target.value);
            }}
          />
        </label>
        {list?.preview && <Preview list={list.preview} changes={changes?.preview ?? null} />}
        <p className="actions">
          <button type="submit" className="button" disabled={!ready || busy}>
            {busy ? t(k('loading')) : t(k('confirm'))}
          </button>
        </p>
      </form>
      {error && <ErrorBox error={error} />}
      {done && (
        <div className="notice notice--success" role="status">
          <p>{t(k('loaded'), { dataset: done.dataset, units: done.units, changes: done.changes })}</p>
          <p>
            {done.rehomed.length > 0
              ? t(k('rehomed'), { sets: done.rehomed.join(', ') })
              : t(k('notRehomed'))}
          </p>
          <p>
            <Link to="/admin/rehoming">{t(k('openReviews'))}</Link>
          </p>
        </div>
      )}
    </>
  );
}
