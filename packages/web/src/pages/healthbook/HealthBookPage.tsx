/**
 * The citizen's health book for one of their records (self or a ward): the status colour card
 * with its short-lived QR, then the timeline across every module, newest first, 50 at a time.
 * Phone-first (works at 360 px). Route `/me/book/:personId`.
 */
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { healthbookApi } from './api.ts';
import { CorrectionForm, MyCorrections } from './CorrectionForm.tsx';
import { correctionsApi } from './correctionsApi.ts';
import type { MyCorrection } from './correctionsApi.ts';
import type { StatusCardAnswer, TimelineRecord } from './api.ts';

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e));
}

function StatusCard({ card }: { card: StatusCardAnswer }) {
  const { t, i18n } = useTranslation();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    void QRCode.toDataURL(card.token, { errorCorrectionLevel: 'M', margin: 2, width: 240 }).then(setQr);
  }, [card.token]);
  const label = i18n.language === 'en' ? card.label.en : card.label.vi;
  return (
    <section className="card" aria-labelledby="hb-status" style={{ borderTop: `0.5rem solid ${card.hex}` }}>
      <h2 id="hb-status">{t('healthbook.status.title')}</h2>
      <p role="status" style={{ fontSize: '1.5rem', fontWeight: 700, color: card.hex }}>
        {label} · {card.initials}
      </p>
      <p className="muted small">{t('healthbook.status.on', { day: card.on })}</p>
      {qr && (
        <img
          src={qr}
          width={240}
          height={240}
          style={{ maxWidth: '100%', height: 'auto' }}
          alt={t('healthbook.status.qr', { time: formatDateTime(card.expiresAt, i18n.language) })}
        />
      )}
    </section>
  );
}

/** One timeline row: what, when, where it came from and the unit that keeps it. */
export function TimelineItem({ r, onCorrect }: { r: TimelineRecord; onCorrect?: () => void }) {
  const { t, i18n } = useTranslation();
  const facts = Object.entries(r.detail)
    .filter(([, v]) => v !== null && v !== '')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ');
  return (
    <li className="card" aria-label={t(`healthbook.kind.${r.kind}`)}>
      <strong>{t(`healthbook.kind.${r.kind}`)}</strong>{' '}
      <time dateTime={r.at} className="muted">
        {formatDateTime(r.at, i18n.language)}
      </time>
      <p className="small" style={{ overflowWrap: 'anywhere' }}>
        {facts}
      </p>
      <p className="muted small">
        {t('healthbook.source')}: {r.source ?? '—'} · {t('healthbook.owner')}:{' '}
        {r.owner.name ?? r.owner.communeCode ?? '—'}
        {r.enteredBy && (
          <>
            {' '}
            · {t('healthbook.enteredBy')}: {r.enteredBy.name ?? r.enteredBy.role ?? '—'}
          </>
        )}
      </p>
      {onCorrect && (
        <button type="button" className="button button--secondary" onClick={onCorrect}>
          {t('corrections.request')}
        </button>
      )}
    </li>
  );
}

/** The citizen's health book page. */
export function HealthBookPage() {
  const { t } = useTranslation();
  const { personId = '' } = useParams();
  const navigate = useNavigate();
  const [card, setCard] = useState<StatusCardAnswer | null>(null);
  const [items, setItems] = useState<TimelineRecord[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [correcting, setCorrecting] = useState<TimelineRecord | 'missing' | null>(null);
  const [corrections, setCorrections] = useState<MyCorrection[] | null>(null);
  const [sent, setSent] = useState(false);
  usePageTitle(t('healthbook.title'));

  useEffect(() => {
    let live = true;
    const fail = (e: unknown) => {
      if (!live) return;
      const a = asApiError(e);
      if (a.status === 401) void navigate('/me/login', { replace: true });
      else setError(a);
    };
    healthbookApi.myStatus(personId).then((c) => {
      if (live) setCard(c);
    }, fail);
    healthbookApi.myRecords(personId).then((p) => {
      if (!live) return;
      setItems(p.items);
      setCursor(p.nextCursor);
    }, fail);
    correctionsApi.mine(personId).then((c) => {
      if (live) setCorrections(c.items);
    }, fail);
    return () => {
      live = false;
    };
  }, [personId, navigate]);

  const more = () => {
    healthbookApi.myRecords(personId, cursor).then(
      (p) => {
        setItems((old) => [...(old ?? []), ...p.items]);
        setCursor(p.nextCursor);
      },
      (e: unknown) => {
        setError(asApiError(e));
      },
    );
  };

  if (error) return <ErrorBox error={error} />;
  return (
    <section aria-labelledby="hb-title">
      <h1 id="hb-title">{t('healthbook.title')}</h1>
      {card && <StatusCard card={card} />}
      {sent && <p role="status">{t('corrections.form.sent')}</p>}
      {corrections && <MyCorrections items={corrections} />}
      {correcting && (
        <CorrectionForm
          personId={personId}
          record={correcting === 'missing' ? null : correcting}
          onSent={(c) => {
            setCorrections((old) => [c, ...(old ?? [])]);
            setCorrecting(null);
            setSent(true);
          }}
          onCancel={() => {
            setCorrecting(null);
          }}
        />
      )}
      <h2>{t('healthbook.timeline')}</h2>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          setSent(false);
          setCorrecting('missing');
        }}
      >
        {t('corrections.missing')}
      </button>
      {!items && <Loading />}
      {items?.length === 0 && <p>{t('healthbook.empty')}</p>}
      {items && items.length > 0 && (
        <ol className="list-plain" aria-label={t('healthbook.timeline')}>
          {items.map((r) => (
            <TimelineItem
              key={`${r.kind}:${r.id}`}
              r={r}
              onCorrect={() => {
                setSent(false);
                setCorrecting(r);
              }}
            />
          ))}
        </ol>
      )}
      {cursor && (
        <button type="button" className="button button--secondary" onClick={more}>
          {t('healthbook.more')}
        </button>
      )}
    </section>
  );
}
