/**
 * Reads a QR code with the phone or laptop camera (getUserMedia + jsQR on each frame, as the
 * venue scanner does), from a picture, or from pasted text, and hands its content to `onCode`.
 * The same code held in front of the camera is handed over once per 5 s.
 */
import jsQR from 'jsqr';
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';

function decode(data: ImageData): string | null {
  return jsQR(data.data, data.width, data.height)?.data ?? null;
}

/** Camera, picture and paste inputs of a QR code. */
export function QrScanner({ onCode }: { onCode: (text: string) => void }) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const lastRef = useRef<{ text: string; at: number } | null>(null);
  const onCodeRef = useRef(onCode);
  const [scanning, setScanning] = useState(false);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    onCodeRef.current = onCode;
  });

  const stop = () => {
    streamRef.current?.getTracks().forEach((track) => {
      track.stop();
    });
    streamRef.current = null;
    setScanning(false);
  };
  useEffect(() => stop, []);

  const start = async () => {
    setProblem(null);
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      streamRef.current = stream;
      setScanning(true);
      const video = videoRef.current;
      if (!video) return;
      video.srcObject = stream;
      await video.play();
    } catch {
      setProblem(t('declarationsWeb.checkpoint.noCamera'));
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
        if (qr && (lastRef.current?.text !== qr || Date.now() - lastRef.current.at > 5000)) {
          lastRef.current = { text: qr, at: Date.now() };
          setText(qr);
          onCodeRef.current(qr);
        }
      }
      setTimeout(() => requestAnimationFrame(tick), 150);
    };
    requestAnimationFrame(tick);
  };

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
        setProblem(null);
        onCodeRef.current(qr);
      } else setProblem(t('declarationsWeb.checkpoint.unreadable'));
    };
    img.src = url;
  };

  return (
    <div className="form">
      <p className="actions">
        {scanning ? (
          <button type="button" className="button button--secondary" onClick={stop}>
            {t('declarationsWeb.checkpoint.stop')}
          </button>
        ) : (
          <button type="button" className="button" onClick={() => void start()}>
            {t('declarationsWeb.checkpoint.start')}
          </button>
        )}
      </p>
      <video
        ref={videoRef}
        muted
        playsInline
        className="decl-video"
        hidden={!scanning}
        aria-label={t('declarationsWeb.checkpoint.scanning')}
      />
      {problem && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      <label className="field">
        <span>{t('declarationsWeb.checkpoint.upload')}</span>
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
          if (text.trim() !== '') onCodeRef.current(text.trim());
        }}
      >
        <label className="field">
          <span>{t('declarationsWeb.checkpoint.manual')}</span>
          <textarea
            rows={2}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
        </label>
        <button type="submit" className="button">
          {t('declarationsWeb.checkpoint.check')}
        </button>
      </form>
    </div>
  );
}
