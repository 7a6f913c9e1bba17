/**
 * The offline verifier: checks an HC1 code on this device with @epilink/dcc against the trust list
 * (kept in localStorage, refreshed whenever the network allows). Camera scan or picture upload
 * (jsQR), or pasted text. Shows the holder and what the certificate says, or why it fails.
 * A service worker (`public/verify-sw.js`, scope /verify) keeps the page, its code and the trust
 * list, so the page opens and verifies after a reload with no network.
 */
import { formatDay, formatDayTime } from '@epilink/core';
import type { TrustListEntry, VerifyResult } from '@epilink/dcc';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isStatusQr } from '@epilink/core/healthbook/statusQr';
import { StatusQrResult } from '../healthbook/StatusQrResult.tsx';
import { checkStatusQr } from '../healthbook/statusQrCheck.ts';
import type { StatusQrView, StatusTrust } from '../healthbook/statusQrCheck.ts';

interface StoredTrustList extends StatusTrust {
  generatedAt: string;
  signers: { kid: string; country: string; certificate: string; notBefore?: string; notAfter?: string }[];
  revokedUciHashes: string[];
}

const STORAGE_KEY = 'epilink.dcc.trustList';

/**
 * Registers the verifier's service worker and hands it the files this page loaded (its code),
 * resolving true once they are kept for offline use.
 */
async function keepForOffline(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false;
  await navigator.serviceWorker.register('/verify-sw.js', { scope: '/verify' });
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) return false;
  // The decoder and the verifier are fetched now (after the page is usable) so the worker keeps
  // them for offline checks.
  await Promise.all([loadDecoder(), loadVerifier()]);
  const urls = performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => new URL(name).origin === location.origin);
  const channel = new MessageChannel();
  const answer = new Promise<boolean>((resolve) => {
    channel.port1.onmessage = (event: MessageEvent<{ ok: boolean }>) => {
      resolve(event.data.ok);
    };
  });
  worker.postMessage({ type: 'keep', urls }, [channel.port2]);
  return answer;
}

function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function readStored(): StoredTrustList | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredTrustList) : null;
  } catch {
    return null;
  }
}

/** The QR decoder (jsQR, ~130 KB) loads on first use, not with the page a phone opens first. */
function loadDecoder() {
  return import('jsqr').then((m) => m.default);
}

/**
 * The HC1 verifier (@epilink/dcc: CBOR, COSE, X.509, ~260 KB) loads on the first check, not
 * before the page can be used: the trust list is kept as it came (base64 certificates).
 */
function loadVerifier() {
  return import('@epilink/dcc').then((m) => m.verifyHc1);
}

async function decodeImage(data: ImageData): Promise<string | null> {
  const jsQR = await loadDecoder();
  return jsQR(data.data, data.width, data.height)?.data ?? null;
}

export function VerifierPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [trust, setTrust] = useState<StoredTrustList | null>(() => readStored());
  const [offline, setOffline] = useState(false);
  const [offlineReady, setOfflineReady] = useState(false);
  const [text, setText] = useState('');
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [statusView, setStatusView] = useState<StatusQrView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);

  useEffect(() => {
    document.title = t('vaccination.verifier.title');
    fetch('/api/certificates/trust-list', { headers: { Accept: 'application/json' } })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        // The service worker's copy when the network is gone: the list it kept, with its date.
        if (res.headers.get('x-epilink-offline') === '1') setOffline(true);
        const list = (await res.json()) as StoredTrustList;
        localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
        setTrust(list);
      })
      .catch(() => {
        setOffline(true);
      });
  }, [t]);

  useEffect(() => {
    if (!navigator.onLine) return;
    keepForOffline()
      .then(setOfflineReady)
      .catch(() => {
        setOfflineReady(false);
      });
  }, []);

  const verify = useCallback(
    async (qr: string) => {
      setMessage(null);
      setStatusView(null);
      const list = trust ?? readStored();
      // A status card's QR (colour and initials), checked with the status keys of the same list.
      if (isStatusQr(qr)) {
        setResult(null);
        setStatusView(await checkStatusQr(qr, list));
        return;
      }
      const trustList: TrustListEntry[] = (list?.signers ?? []).map((s) => ({
        kid: s.kid,
        country: s.country,
        certificateDer: fromBase64(s.certificate),
      }));
      const revoked = new Set(list?.revokedUciHashes ?? []);
      const verifyHc1 = await loadVerifier();
      setResult(
        await verifyHc1(qr.trim(), {
          trustList,
          now: new Date(),
          isRevoked: (info) => revoked.has(info.uciHash) || revoked.has(info.countryCodeUciHash),
        }),
      );
    },
    [trust],
  );

  const onFile = async (file: File) => {
    const bitmap = await createImageBitmap(file);
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.drawImage(bitmap, 0, 0);
    const qr = await decodeImage(ctx.getImageData(0, 0, canvas.width, canvas.height));
    if (!qr) {
      setResult(null);
      setMessage(t('vaccination.verifier.noQr'));
      return;
    }
    setText(qr);
    await verify(qr);
  };

  const stopCamera = () => {
    streamRef.current?.getTracks().forEach((track) => {
      track.stop();
    });
    streamRef.current = null;
    setScanning(false);
  };

  const startCamera = async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    streamRef.current = stream;
    setScanning(true);
    const video = videoRef.current;
    if (!video) return;
    video.srcObject = stream;
    await video.play();
    const canvas = document.createElement('canvas');
    const tick = async () => {
      if (!streamRef.current) return;
      if (video.videoWidth > 0) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        const ctx = canvas.getContext('2d');
        ctx?.drawImage(video, 0, 0);
        const qr = ctx ? await decodeImage(ctx.getImageData(0, 0, canvas.width, canvas.height)) : null;
        if (qr) {
          stopCamera();
          setText(qr);
          void verify(qr);
          return;
        }
      }
      requestAnimationFrame(() => void tick());
    };
    requestAnimationFrame(() => void tick());
  };

  useEffect(() => stopCamera, []);

  const c = result?.certificate;
  return (
    <section className="page">
      <h1>{t('vaccination.verifier.title')}</h1>
      <p>{t('vaccination.verifier.intro')}</p>
      <p role="status">
        {trust
          ? t('vaccination.verifier.trustList', {
              count: trust.signers.length,
              at: formatDayTime(trust.generatedAt, lang),
            })
          : t('vaccination.verifier.trustListMissing')}
        {offline && trust ? ` ${t('vaccination.verifier.offline')}` : ''}
        {offlineReady && !offline ? ` ${t('vaccination.verifier.offlineReady')}` : ''}
      </p>
      <div className="form-row">
        <label>
          {t('vaccination.verifier.upload')}
          <input
            type="file"
            accept="image/*"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void onFile(f);
            }}
          />
        </label>
        {scanning ? (
          <button type="button" onClick={stopCamera}>
            {t('vaccination.verifier.stopCamera')}
          </button>
        ) : (
          <button type="button" onClick={() => void startCamera()}>
            {t('vaccination.verifier.camera')}
          </button>
        )}
      </div>
      <video ref={videoRef} hidden={!scanning} muted playsInline style={{ maxWidth: '100%' }} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void verify(text);
        }}
      >
        <label>
          {t('vaccination.verifier.paste')}
          <textarea
            value={text}
            rows={3}
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
        </label>
        <button type="submit">{t('vaccination.verifier.check')}</button>
      </form>
      {message && <p role="alert">{message}</p>}
      {statusView && <StatusQrResult view={statusView} />}
      {result && (
        <div
          className={result.valid ? 'card card--ok' : 'card card--error'}
          role="region"
          aria-label={t('vaccination.verifier.result')}
        >
          <h2 data-testid="verify-outcome">{t(`vaccination.${result.reasonKey}`)}</h2>
          {c && (
            <dl>
              <dt>{t('vaccination.verifier.holder')}</dt>
              <dd data-testid="holder-name">
                {`${c.holder.familyName ?? ''} ${c.holder.givenName ?? ''}`.trim()}
              </dd>
              <dt>{t('vaccination.verifier.dateOfBirth')}</dt>
              <dd>{formatDay(c.holder.dateOfBirth, lang)}</dd>
              {c.type === 'v' && (
                <>
                  <dt>{t('vaccination.verifier.vaccine')}</dt>
                  <dd>{c.details.vaccineProduct}</dd>
                  <dt>{t('vaccination.verifier.dose')}</dt>
                  <dd>{`${c.details.doseNumber}/${c.details.totalDoses}`}</dd>
                  <dt>{t('vaccination.verifier.date')}</dt>
                  <dd>{formatDay(c.details.date, lang)}</dd>
                </>
              )}
              {c.type === 't' && (
                <>
                  <dt>{t('vaccination.verifier.test')}</dt>
                  <dd>{`${c.details.testType} — ${c.details.result} (${formatDayTime(c.details.sampledAt, lang)})`}</dd>
                </>
              )}
              {c.type === 'r' && (
                <>
                  <dt>{t('vaccination.verifier.recovery')}</dt>
                  <dd>{`${formatDay(c.details.validFrom, lang)} → ${formatDay(c.details.validUntil, lang)}`}</dd>
                </>
              )}
              <dt>{t('vaccination.verifier.issuer')}</dt>
              <dd>{c.certificateIssuer}</dd>
              <dt>{t('vaccination.verifier.country')}</dt>
              <dd>{c.countryName}</dd>
              <dt>{t('vaccination.verifier.uvci')}</dt>
              <dd>{c.uvci}</dd>
              {result.expiresAt && (
                <>
                  <dt>{t('vaccination.verifier.expires')}</dt>
                  <dd>{formatDay(result.expiresAt, lang)}</dd>
                </>
              )}
            </dl>
          )}
        </div>
      )}
    </section>
  );
}
