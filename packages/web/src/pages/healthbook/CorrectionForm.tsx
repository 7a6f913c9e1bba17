/**
 * The citizen's correction request (#17 item 3), opened from a record of the health book or from
 * "a record is missing": a message and an optional photo of the paper card, resized and stripped
 * of its metadata on the device (photo.ts) before it is sent. Works at 360 px.
 */
import { useEffect, useRef, useState } from 'react';
import type { SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import type { TimelineRecord } from './api.ts';
import { correctionsApi } from './correctionsApi.ts';
import type { MyCorrection } from './correctionsApi.ts';
import { preparePhoto } from './photo.ts';
import type { PreparedPhoto } from './photo.ts';

/** The form for one record (or a missing one); `onSent` gets the new request. */
export function CorrectionForm({
  personId,
  record,
  onSent,
  onCancel,
}: {
  personId: string;
  record: TimelineRecord | null;
  onSent: (c: MyCorrection) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const [photo, setPhoto] = useState<PreparedPhoto | null>(null);
  const [photoFailed, setPhotoFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, [record]);
  const what = record ? t(`healthbook.kind.${record.kind}`) : t('corrections.missingRecord');

  const choose = (file: File | undefined) => {
    setPhoto(null);
    setPhotoFailed(false);
    if (!file) return;
    preparePhoto(file).then(setPhoto, () => {
      setPhotoFailed(true);
    });
  };

  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    correctionsApi
      .send({
        personId,
        recordKind: record?.kind ?? null,
        recordId: record?.id ?? null,
        message,
        evidence: photo ? { type: photo.type, data: photo.data } : null,
      })
      .then(onSent, (err: unknown) => {
        setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
      })
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <form className="card" onSubmit={submit} aria-label={t('corrections.requestAbout', { what })}>
      <h3>{t('corrections.requestAbout', { what })}</h3>
      <label className="field">
        {t('corrections.form.message')}
        <textarea
          ref={box}
          required
          maxLength={1000}
          rows={3}
          value={message}
          style={{ width: '100%', boxSizing: 'border-box' }}
          onChange={(e) => {
            setMessage(e.target.value);
          }}
        />
      </label>
      <label className="field">
        {t('corrections.form.photo')}
        <input
          type="file"
          accept="image/*"
          style={{ maxWidth: '100%' }}
          onChange={(e) => {
            choose(e.target.files?.[0]);
          }}
        />
      </label>
      <p className="muted small">{t('corrections.form.photoHint')}</p>
      {photo && (
        <p role="status" className="small">
          {t('corrections.form.photoReady', { width: photo.width, height: photo.height })}
        </p>
      )}
      {photoFailed && <p role="alert">{t('corrections.form.photoFailed')}</p>}
      {error && <ErrorBox error={error} />}
      <button type="submit" className="button" disabled={busy || !message.trim()}>
        {t('corrections.form.send')}
      </button>{' '}
      <button type="button" className="button button--secondary" onClick={onCancel}>
        {t('corrections.form.cancel')}
      </button>
    </form>
  );
}

/** The person's requests with their status and the unit's answer. */
export function MyCorrections({ items }: { items: MyCorrection[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="hb-corrections">
      <h2 id="hb-corrections">{t('corrections.mine')}</h2>
      {items.length === 0 && <p className="muted">{t('corrections.none')}</p>}
      <ul className="list-plain">
        {items.map((c) => (
          <li key={c.id} className="card" data-testid="my-correction">
            <strong>
              {c.recordKind ? t(`healthbook.kind.${c.recordKind}`) : t('corrections.missingRecord')}
            </strong>{' '}
            · <span data-testid="correction-status">{t(`corrections.status.${c.status}`)}</span>
            <p className="muted small" style={{ overflowWrap: 'anywhere' }}>
              {t('corrections.sentOn', {
                day: formatDate(c.createdAt, i18n.language),
              })}
              {c.ownerName ? ` · ${c.ownerName}` : ''}
              {c.status === 'open' && c.level !== 'unit' ? ` · ${t(`corrections.level.${c.level}`)}` : ''}
            </p>
            {c.answer && (
              <p className="small" style={{ overflowWrap: 'anywhere' }}>
                {t('corrections.answer', { text: c.answer })}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
