/**
 * The venue's scanner (`/venues/:id/scan`): reads a visitor's personal QR or CCCD card QR with
 * the phone or laptop camera (getUserMedia + jsQR on each frame), or from a picture, or pasted
 * text, and checks the visitor in. Shows the name read from the code, never registry data.
 */
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import jsQR from 'jsqr';
import { isStatusQr } from '@epilink/core/healthbook/statusQr';
import { ApiError } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { usePageTitle } from '../../hooks.ts';
import { StatusQrResult } from '../healthbook/StatusQrResult.tsx';
import { checkStatusQr, loadStatusTrust } from '../healthbook/statusQrCheck.ts';
import type { StatusQrView } from '../healthbook/statusQrCheck.ts';
import { checkinApi, hhmm } from './api.ts';

function decode(data: ImageData): string | null {
  return jsQR(data.data, data.width, data.height)?.data ?? null;
}

export function ScannerPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  usePageTitle(t('checkin.scanner.title'));
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const lastRef = useRef<{ text: string; at: number } | null>(null);
  const [scanning, setScanning] = useState(false);
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [statusView, setStatusView] = useState<StatusQrView | null>(null);

  const submit = (qr: string) => {
    setError(null);
    setMessage(null);
    setStatusView(null);
    // A status card's QR is checked here, with the published key (offline too), not checked in.
    if (isStatusQr(qr)) {
      void loadStatusTrust()
        .then((trust) => checkStatusQr(qr, trust))
        .then(setStatusView);
      return;
    }
    checkinApi.scan(id, qr).then(
      (r) => {
        const time = hhmm(r.visit.checkedInAt, i18n.language);
        setMessage(
          r.visit.duplicate
            ? t('checkin.scanner.duplicate', { name: r.name, time })
            : t('checkin.scanner.recorded', { name: r.name, time }),
        );
      },
      (e: unknown) => {
        setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      },
    );
  };

  const stop = () => {
    streamRef.current?.getTracks().forEach((track) => {
      track.stop();
    });
    streamRef.current = null;
    setScanning(false);
  };

  const start = async () => {
    setError(null);
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      streamRef.current = stream;
      setScanning(true);
      const video = videoRef.current;
      if (!video) return;
      video.srcObject = stream;
      await video.play();
    } catch {
      setError(new ApiError(0, 'CLIENT', t('checkin.scanner.noCamera')));
      return;
    }
    const canvas = document.createElement('canvas');
    const tick = () => {
      const video = videoRef.current;
      if (!streamRef.current || !video) return;
      if (video.videoWidth > 0) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        const ctx = canvas.getContext('2d', { willReadFrequently: true });
        ctx?.drawImage(video, 0, 0);
        const qr = ctx ? decode(ctx.getImageData(0, 0, canvas.width, canvas.height)) : null;
        // The same code held in front of the camera is sent once per 5 s (the server dedups anyway).
        if (qr && (lastRef.current?.text !== qr || Date.now() - lastRef.current.at > 5000)) {
          lastRef.current = { text: qr, at: Date.now() };
          setText(qr);
          submit(qr);
        }
      }
      setTimeout(() => requestAnimationFrame(tick), 150);
    };
    requestAnimationFrame(tick);
  };

  useEffect(() => stop, []);

  const fromFile = (file: File) => {
    const img = new Image();
    const url = URL.createObjectURL(file);
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d');
      ctx?.drawImage(img, 0, 0);
      URL.revokeObjectURL(url);
      const qr = ctx ? decode(ctx.getImageData(0, 0, canvas.width, canvas.height)) : null;
      if (qr) {
        setText(qr);
        submit(qr);
      } else setError(new ApiError(0, 'CLIENT', t('checkin.errors.qrInvalid', { reason: '' })));
    };
    img.src = url;
  };

  return (
    <>
      <h1>{t('checkin.scanner.title')}</h1>
      <p className="actions">
        {scanning ? (
          <button type="button" className="button button--secondary" onClick={stop}>
            {t('checkin.scanner.stop')}
          </button>
        ) : (
          <button type="button" className="button" onClick={() => void start()}>
            {t('checkin.scanner.start')}
          </button>
        )}
      </p>
      <video
        ref={videoRef}
        muted
        playsInline
        className="scanner__video"
        hidden={!scanning}
        aria-label={t('checkin.scanner.scanning')}
      />
      {message && (
        <p className="notice notice--success" role="status">
          {message}
        </p>
      )}
      {error && <ErrorBox error={error} />}
      {statusView && <StatusQrResult view={statusView} />}
      <label className="field">
        <span>{t('checkin.scanner.upload')}</span>
        <input
          type="file"
          accept="image/*"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) fromFile(f);
          }}
        />
      </label>
      <form
        className="form"
        onSubmit={(e: SubmitEvent<HTMLFormElement>) => {
          e.preventDefault();
          submit(text);
        }}
      >
        <label className="field">
          <span>{t('checkin.scanner.manual')}</span>
          <textarea
            rows={2}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
        </label>
        <button type="submit" className="button">
          {t('checkin.scanner.submit')}
        </button>
      </form>
    </>
  );
}
