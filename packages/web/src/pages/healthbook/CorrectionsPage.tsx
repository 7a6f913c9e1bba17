/**
 * The officials' worklist of citizens' correction requests (#17 item 3), route `/corrections`:
 * the requests of the caller's units (escalated ones first, marked overdue), each opened with its
 * evidence photo and the record's current facts, then accepted with the fix made for the record's
 * kind (CorrectionFixFields; applied by the owning module's service) or not accepted with a reason.
 */
import { useCallback, useEffect, useState } from 'react';
import type { SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { correctionsApi } from './correctionsApi.ts';
import type { CorrectionDetail, CorrectionFix, CorrectionItem } from './correctionsApi.ts';
import { CorrectionFixFields } from './CorrectionFixFields.tsx';

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));

function Decide({ detail, onDone }: { detail: CorrectionDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState('');
  const [fix, setFix] = useState<CorrectionFix | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const send = (decision: 'accept' | 'reject') => (e?: SubmitEvent<HTMLFormElement>) => {
    e?.preventDefault();
    setError(null);
    correctionsApi
      .resolve(detail.id, { decision, answer, ...(decision === 'accept' && fix ? { fix } : {}) })
      .then(onDone, (err: unknown) => {
        setError(asApiError(err));
      });
  };
  return (
    <form onSubmit={send('accept')} aria-label={t('corrections.worklist.accept')}>
      <CorrectionFixFields detail={detail} onChange={setFix} />
      <label className="field">
        {t('corrections.worklist.note')}
        <textarea
          rows={2}
          maxLength={500}
          value={answer}
          style={{ width: '100%', boxSizing: 'border-box' }}
          onChange={(e) => {
            setAnswer(e.target.value);
          }}
        />
      </label>
      {error && <ErrorBox error={error} />}
      <button type="submit" className="button">
        {t('corrections.worklist.accept')}
      </button>{' '}
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          send('reject')();
        }}
      >
        {t('corrections.worklist.reject')}
      </button>
    </form>
  );
}

function Row({ item, onDone }: { item: CorrectionItem; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const [detail, setDetail] = useState<CorrectionDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const what = item.recordKind ? t(`healthbook.kind.${item.recordKind}`) : t('corrections.missingRecord');
  return (
    <li className="card" aria-label={`${item.name} · ${what}`}>
      <strong>{item.name}</strong> · {what}
      {item.overdue && <span className="badge"> {t('corrections.worklist.overdue')}</span>}
      <p className="muted small" style={{ overflowWrap: 'anywhere' }}>
        {formatDateTime(item.createdAt, i18n.language)} · {t('corrections.worklist.owner')}:{' '}
        {item.ownerName ?? item.communeCode ?? '—'} · {t(`corrections.status.${item.status}`)}
      </p>
      <p style={{ overflowWrap: 'anywhere' }}>{item.message}</p>
      {!detail && (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            correctionsApi.detail(item.id).then(setDetail, (e: unknown) => {
              setError(asApiError(e));
            });
          }}
        >
          {t('corrections.worklist.open')}
        </button>
      )}
      {error && <ErrorBox error={error} />}
      {detail && (
        <>
          {detail.record && (
            <p className="small" style={{ overflowWrap: 'anywhere' }}>
              {Object.entries(detail.record)
                .map(([k, v]) => `${k}: ${String(v)}`)
                .join(' · ')}
            </p>
          )}
          {detail.evidence ? (
            <img
              src={detail.evidence}
              alt={t('corrections.worklist.evidence')}
              style={{ maxWidth: '100%', height: 'auto' }}
            />
          ) : (
            <p className="muted small">{t('corrections.worklist.noEvidence')}</p>
          )}
          {detail.status === 'open' ? (
            <Decide detail={detail} onDone={onDone} />
          ) : (
            detail.answer && <p>{detail.answer}</p>
          )}
        </>
      )}
    </li>
  );
}

/** The worklist page. */
export function CorrectionsPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const [items, setItems] = useState<CorrectionItem[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  usePageTitle(t('corrections.worklist.title'));
  const load = useCallback(() => {
    correctionsApi.worklist(status).then(
      (r) => {
        setItems(r.items);
      },
      (e: unknown) => {
        setError(asApiError(e));
      },
    );
  }, [status]);
  useEffect(load, [load]);
  return (
    <section aria-labelledby="corrections-title">
      <h1 id="corrections-title">{t('corrections.worklist.title')}</h1>
      <label className="field">
        {t('corrections.worklist.show')}
        <select
          value={status}
          onChange={(e) => {
            setStatus(e.target.value === 'all' ? 'all' : 'open');
          }}
        >
          <option value="open">{t('corrections.status.open')}</option>
          <option value="all">{t('corrections.worklist.all')}</option>
        </select>
      </label>
      {done && <p role="status">{t('corrections.worklist.done')}</p>}
      {error && <ErrorBox error={error} />}
      {!items && !error && <Loading />}
      {items?.length === 0 && <p>{t('corrections.worklist.empty')}</p>}
      <ul className="list-plain">
        {items?.map((i) => (
          <Row
            key={i.id}
            item={i}
            onDone={() => {
              setDone(true);
              load();
            }}
          />
        ))}
      </ul>
    </section>
  );
}
