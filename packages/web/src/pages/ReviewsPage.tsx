import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type Decision, type PersonSummary, type ReviewPair } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { SexLabel } from '../components/PersonTable.tsx';
import { formatDate, formatDateTime, formatScore, isReasonAgainst, reasonLabel } from '../format.ts';
import { usePageTitle } from '../hooks.ts';
import { LoadMore, usePaged } from '../paged.tsx';

/** What the last decision did, for the status line above the queue. */
interface Outcome {
  pairId: string;
  decision: Decision;
  names: [string, string];
  personId: string | undefined;
}

/** One side of a pair: the summary fields, laid out to compare with the other side. */
function Side({ person, label }: { person: PersonSummary; label: string }) {
  const { t, i18n } = useTranslation();
  const none = t('web.app.none');
  const col = (k: string) => t(`web.people.columns.${k}`);
  return (
    <div className="pair__side">
      <h3>{label}</h3>
      <p className="pair__name">
        <Link to={`/people/${encodeURIComponent(person.id)}`}>{person.fullName}</Link>
      </p>
      <dl className="facts facts--compact">
        <dt>{col('dob')}</dt>
        <dd>{formatDate(person.dateOfBirth, i18n.language) ?? none}</dd>
        <dt>{col('sex')}</dt>
        <dd>
          <SexLabel sex={person.sex} />
        </dd>
        <dt>{col('idNumber')}</dt>
        <dd className="mono">{person.idNumberMasked ?? none}</dd>
        <dt>{col('phone')}</dt>
        <dd className="mono">{person.phoneMasked ?? none}</dd>
        <dt>{col('commune')}</dt>
        <dd>{[person.commune?.name, person.district?.name].filter(Boolean).join(', ') || none}</dd>
      </dl>
    </div>
  );
}

function Pair({
  pair,
  index,
  busy,
  onDecide,
}: {
  pair: ReviewPair;
  index: number;
  busy: boolean;
  onDecide: (decision: Decision, keepId?: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [keepId, setKeepId] = useState(pair.a.id);
  const titleId = `pair-${pair.id}-title`;
  return (
    <article className="card pair" aria-labelledby={titleId} data-testid="review-pair">
      <header className="pair__head">
        <h2 id={titleId}>{t('web.linkage.pair', { n: index + 1 })}</h2>
        <span className="score" title={t('web.linkage.score')}>
          {t('web.linkage.score')}: <strong>{formatScore(pair.score, i18n.language)}</strong>
        </span>
        <span className="muted small">
          {t('web.linkage.detectedAt', { at: formatDateTime(pair.createdAt, i18n.language) })}
        </span>
      </header>
      <div className="pair__reasons">
        <span className="visually-hidden">{t('web.linkage.reasonsLabel')}</span>
        <ul aria-label={t('web.linkage.reasonsLabel')} className="chips">
          {pair.reasons.map((r) => (
            <li key={r} className={isReasonAgainst(r) ? 'chip chip--against' : 'chip'} data-reason={r}>
              {reasonLabel(t, r)}
            </li>
          ))}
        </ul>
      </div>
      <fieldset className="pair__sides" disabled={busy}>
        <legend className="visually-hidden">{t('web.linkage.keep')}</legend>
        {(
          [
            [pair.a, t('web.linkage.recordA')],
            [pair.b, t('web.linkage.recordB')],
          ] as const
        ).map(([person, label]) => (
          <div key={person.id} className="pair__col">
            <Side person={person} label={label} />
            <label className="radio">
              <input
                type="radio"
                name={`keep-${pair.id}`}
                value={person.id}
                checked={keepId === person.id}
                onChange={() => {
                  setKeepId(person.id);
                }}
              />
              {t('web.linkage.keep')}
            </label>
          </div>
        ))}
      </fieldset>
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => {
            onDecide('merge', keepId);
          }}
        >
          {t('web.linkage.merge')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={busy}
          onClick={() => {
            onDecide('distinct');
          }}
        >
          {t('web.linkage.distinct')}
        </button>
        {busy && <span className="muted">{t('web.linkage.deciding')}</span>}
      </div>
    </article>
  );
}

/** Pairs merged earlier (automatically by an identical ID, or by a decision), each undoable. */
function MergedPairs() {
  const { t, i18n } = useTranslation();
  const merged = usePaged(useCallback((cursor?: string) => api.mergedReviews(cursor), []));
  const [undone, setUndone] = useState<ReadonlySet<string>>(new Set());
  const [busyId, setBusyId] = useState<string | null>(null);
  const [done, setDone] = useState<[string, string] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const undo = (pair: ReviewPair, mergedId: string) => {
    setBusyId(pair.id);
    setError(null);
    api.unmerge(mergedId).then(
      () => {
        setBusyId(null);
        setUndone((s) => new Set(s).add(pair.id));
        setDone([pair.a.fullName, pair.b.fullName]);
      },
      (e: unknown) => {
        setBusyId(null);
        setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      },
    );
  };
  const items = merged.items.filter((p) => p.mergedId && !undone.has(p.id));
  return (
    <section aria-labelledby="merged-title">
      <h2 id="merged-title">{t('web.linkage.mergedTitle')}</h2>
      <div role="status" className="status-line">
        {done && (
          <p className="notice notice--success">
            {t('web.linkage.unmergedDone', { a: done[0], b: done[1] })}
          </p>
        )}
      </div>
      {error && <ErrorBox error={error} />}
      {merged.loading && <Loading />}
      {merged.error && <ErrorBox error={merged.error} onRetry={merged.reload} />}
      {merged.data && items.length === 0 && <p className="muted">{t('web.linkage.empty')}</p>}
      {items.map((pair, i) => (
        <article
          key={pair.id}
          className="card pair"
          aria-labelledby={`merged-${pair.id}`}
          data-testid="merged-pair"
        >
          <header className="pair__head">
            <h3 id={`merged-${pair.id}`}>{t('web.linkage.pair', { n: i + 1 })}</h3>
            <span className="muted small">
              {t('web.linkage.detectedAt', { at: formatDateTime(pair.createdAt, i18n.language) })}
            </span>
          </header>
          <div className="pair__sides">
            <div className="pair__col">
              <Side person={pair.a} label={t('web.linkage.recordA')} />
            </div>
            <div className="pair__col">
              <Side person={pair.b} label={t('web.linkage.recordB')} />
            </div>
          </div>
          <div className="actions">
            <button
              type="button"
              className="button button--secondary"
              disabled={busyId === pair.id}
              onClick={() => {
                undo(pair, pair.mergedId!);
              }}
            >
              {t('web.linkage.unmerge')}
            </button>
            {busyId === pair.id && <span className="muted">{t('web.linkage.deciding')}</span>}
          </div>
        </article>
      ))}
      <LoadMore list={merged} />
    </section>
  );
}

/** The queue of possible duplicates: compare side by side, then merge or mark distinct. */
export function ReviewsPage() {
  const { t } = useTranslation();
  const queue = usePaged(useCallback((cursor?: string) => api.openReviews(cursor), []));
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const [busyId, setBusyId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [showMerged, setShowMerged] = useState(false);
  usePageTitle(t('web.linkage.title'));

  const decide = (pair: ReviewPair, decision: Decision, keepId?: string) => {
    setBusyId(pair.id);
    setError(null);
    api.decide(pair.id, decision, keepId).then(
      (res) => {
        setBusyId(null);
        setDecided((s) => new Set(s).add(pair.id));
        setOutcome({
          pairId: pair.id,
          decision,
          names: [pair.a.fullName, pair.b.fullName],
          personId: res.personId ?? keepId,
        });
      },
      (e: unknown) => {
        setBusyId(null);
        setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      },
    );
  };

  const open = queue.items.filter((p) => !decided.has(p.id));
  return (
    <>
      <h1>{t('web.linkage.title')}</h1>
      <p className="lead">{t('web.linkage.intro')}</p>
      <p>
        <button
          type="button"
          className="button button--secondary"
          aria-pressed={showMerged}
          onClick={() => {
            setShowMerged((v) => !v);
          }}
        >
          {showMerged ? t('web.linkage.showOpen') : t('web.linkage.showMerged')}
        </button>
      </p>
      {showMerged && <MergedPairs />}
      {!showMerged && (
        <>
          <div role="status" className="status-line">
            {outcome && (
              <p className="notice notice--success">
                {outcome.decision === 'merge'
                  ? t('web.linkage.mergedDone', { name: outcome.names[0] })
                  : t('web.linkage.distinctDone', { a: outcome.names[0], b: outcome.names[1] })}{' '}
                {outcome.decision === 'merge' && outcome.personId && (
                  <Link to={`/people/${encodeURIComponent(outcome.personId)}`}>
                    {t('web.linkage.openMerged')}
                  </Link>
                )}
              </p>
            )}
          </div>
          {error && <ErrorBox error={error} />}
          {queue.loading && <Loading />}
          {queue.error && <ErrorBox error={queue.error} onRetry={queue.reload} />}
          {queue.data && open.length === 0 && <p className="muted">{t('web.linkage.empty')}</p>}
          {open.map((pair, i) => (
            <Pair
              key={pair.id}
              pair={pair}
              index={i}
              busy={busyId === pair.id}
              onDecide={(decision, keepId) => {
                decide(pair, decision, keepId);
              }}
            />
          ))}
          <LoadMore list={queue} />
        </>
      )}
    </>
  );
}
