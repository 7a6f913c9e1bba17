/**
 * The checkpoint scanner (`/declarations/checkpoint`): staff at a border or district checkpoint
 * scan a citizen's declaration QR with the camera (or a picture, or pasted text); the page shows
 * the name to check against an identity document, the triage of that declaration, and the passage
 * the server recorded.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { declarationsApi, type CheckpointScan } from './api.ts';
import { DccVerdictLine } from './DccVerdictLine.tsx';
import { QrScanner } from './QrScanner.tsx';
import { TriageFacts } from './TriageFacts.tsx';

const CHECKPOINT_KEY = 'epilink.declarations.checkpoint';

/** The checkpoint scanner page. */
export function CheckpointPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('declarationsWeb.checkpoint.title'));
  const [checkpoint, setCheckpoint] = useState(() => localStorage.getItem(CHECKPOINT_KEY) ?? '');
  const [scan, setScan] = useState<CheckpointScan | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const check = (qr: string) => {
    setError(null);
    setScan(null);
    if (checkpoint.trim() === '') {
      setError(new ApiError(400, 'CLIENT', t('declarationsWeb.checkpoint.nameFirst')));
      return;
    }
    declarationsApi.scan(qr, checkpoint.trim()).then(setScan, (e: unknown) => {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
    });
  };

  const d = scan?.declaration;
  return (
    <section aria-labelledby="checkpoint-title">
      <h1 id="checkpoint-title">{t('declarationsWeb.checkpoint.title')}</h1>
      <div className="field">
        <label htmlFor="checkpoint-name">{t('declarationsWeb.checkpoint.checkpoint')}</label>
        <input
          id="checkpoint-name"
          value={checkpoint}
          maxLength={120}
          onChange={(e) => {
            setCheckpoint(e.target.value);
            localStorage.setItem(CHECKPOINT_KEY, e.target.value);
          }}
        />
      </div>
      <QrScanner onCode={check} />
      {error && <ErrorBox error={error} />}
      {scan && d && (
        <article className="card" aria-live="polite" data-testid="checkpoint-result">
          <h2>{d.person.fullName}</h2>
          <p className="muted">
            {d.person.birthYear !== null &&
              `${t('declarationsWeb.checkpoint.birthYear', { year: d.person.birthYear })} · `}
            {t(`declarationsWeb.kinds.${d.kind}`)} ·{' '}
            {t('declarationsWeb.checkpoint.declaredAt', { time: formatDate(d.day, i18n.language) ?? d.day })}
          </p>
          <TriageFacts action={d.action} reasons={d.reasons} flagStatus={d.flagStatus} />
          {d.dcc && <DccVerdictLine verdict={d.dcc} />}
          <p className="notice notice--success" role="status">
            {t('declarationsWeb.checkpoint.recorded', {
              time: formatDateTime(scan.scannedAt, i18n.language),
            })}
          </p>
        </article>
      )}
    </section>
  );
}
