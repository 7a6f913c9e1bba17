/**
 * Pooled RT-PCR: open a pool at a site, scan specimens into it (up to the policy's size), close
 * it, record its result: negative clears every member, positive recalls every member.
 */
import { TEST_OUTCOMES } from '@epilink/core';
import { useCallback, useState, type SubmitEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { useApi, usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { testingApi } from './api.ts';
import { useSitePicker } from './SitePicker.tsx';
import { TestingTabs } from './TestingTabs.tsx';
import { formatDateTime } from '../../format.ts';

const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));

function PoolDetail({ id, onChange }: { id: string; onChange: () => void }) {
  const { t } = useTranslation();
  const k = (key: string, p?: Record<string, string | number>) => t(`testing.pools.${key}`, p);
  const [version, setVersion] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- version reloads after a change
  const pool = useApi(useCallback(() => testingApi.pool(id), [id, version]));
  const [barcode, setBarcode] = useState('');
  const [outcome, setOutcome] = useState<string>('negative');
  const [ct, setCt] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const changed = () => {
    setVersion((v) => v + 1);
    onChange();
  };

  const add = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!barcode.trim()) return;
    testingApi.addToPool(id, barcode).then(
      () => {
        setError(null);
        setBarcode('');
        changed();
      },
      (err: unknown) => {
        setError(asError(err));
      },
    );
  };
  const record = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const value = ct.trim() ? Number(ct.replace(',', '.')) : null;
    testingApi.poolResult(id, { outcome, ct: value }).then(
      (r) => {
        setError(null);
        setNotice(r.recalled > 0 ? k('recalled', { count: r.recalled }) : k('cleared', { count: r.cleared }));
        changed();
      },
      (err: unknown) => {
        setError(asError(err));
      },
    );
  };

  if (pool.loading && !pool.latest) return <Loading />;
  if (!pool.latest) return pool.error ? <ErrorBox error={pool.error} /> : null;
  const { pool: p, members, maxSize } = pool.latest;
  const open = p.status === 'open';
  return (
    <section className="card" aria-labelledby="pool-title">
      <h2 id="pool-title">
        <span className="mono">{p.barcode}</span> · {t(`testing.status.${p.status}`)} ·{' '}
        {k('size', { n: members.length, max: maxSize })}
      </h2>
      <div aria-live="polite">{notice && <p className="notice notice--success">{notice}</p>}</div>
      {error && <ErrorBox error={error} />}
      {open && (
        <form className="form" onSubmit={add} aria-label={k('addSpecimen')}>
          <div className="field">
            <label htmlFor="pool-add">{k('addSpecimen')}</label>
            <input
              id="pool-add"
              autoFocus
              autoComplete="off"
              value={barcode}
              onChange={(e) => {
                setBarcode(e.target.value);
              }}
            />
          </div>
          <button className="button" type="submit" disabled={members.length >= maxSize}>
            {k('add')}
          </button>
        </form>
      )}
      <h3>{k('members')}</h3>
      <ol className="list">
        {members.map((m) => (
          <li key={m.id}>
            <span className="mono">{m.barcode}</span> · {m.fullName} ·{' '}
            <span className="badge">{t(`testing.status.${m.status}`)}</span>
          </li>
        ))}
      </ol>
      {(open || p.status === 'closed') && members.length > 0 && (
        <form className="form" onSubmit={record} aria-label={k('result')}>
          <h3>{k('result')}</h3>
          <div className="field">
            <label htmlFor="pool-outcome">{k('result')}</label>
            <select
              id="pool-outcome"
              value={outcome}
              onChange={(e) => {
                setOutcome(e.target.value);
              }}
            >
              {TEST_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`testing.outcome.${o}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="pool-ct">{t('testing.results.ct')}</label>
            <input
              id="pool-ct"
              inputMode="decimal"
              value={ct}
              onChange={(e) => {
                setCt(e.target.value);
              }}
            />
          </div>
          <button className="button" type="submit">
            {k('record')}
          </button>
        </form>
      )}
    </section>
  );
}

export function PoolsPage() {
  const { t, i18n } = useTranslation();
  const k = (key: string, p?: Record<string, string | number>) => t(`testing.pools.${key}`, p);
  usePageTitle(k('title'));
  const { siteId, picker } = useSitePicker();
  const [params, setParams] = useSearchParams();
  const [version, setVersion] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- version reloads after a change
  const pools = usePaged(useCallback((cursor?: string) => testingApi.pools(cursor), [version]));
  const [error, setError] = useState<ApiError | null>(null);
  const selected = params.get('pool') ?? '';
  const select = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('pool', id);
    setParams(next, { replace: true });
  };
  const create = () => {
    testingApi.createPool(siteId).then(
      (p) => {
        setError(null);
        setVersion((v) => v + 1);
        select(p.id);
      },
      (err: unknown) => {
        setError(asError(err));
      },
    );
  };

  return (
    <>
      <h1>{k('title')}</h1>
      <TestingTabs />
      {picker}
      {siteId && (
        <button type="button" className="button" onClick={create}>
          {k('create')}
        </button>
      )}
      {error && <ErrorBox error={error} />}
      {selected && (
        <PoolDetail
          id={selected}
          onChange={() => {
            setVersion((v) => v + 1);
          }}
        />
      )}
      {pools.latest?.items.length === 0 && <p>{k('none')}</p>}
      <ul className="list">
        {pools.items.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              className="button button--secondary"
              aria-pressed={p.id === selected}
              onClick={() => {
                select(p.id);
              }}
            >
              <span className="mono">{p.barcode}</span>
            </button>{' '}
            {t(`testing.status.${p.status}`)} · {k('size', { n: p.size, max: pools.latest?.maxSize ?? 10 })} ·{' '}
            {formatDateTime(p.createdAt, i18n.language)}
          </li>
        ))}
      </ul>
      <LoadMore list={pools} />
    </>
  );
}
