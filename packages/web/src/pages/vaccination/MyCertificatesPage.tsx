/**
 * The citizen's certificates (`/me/certificates`): their own and those of the household members in
 * their care, each with its QR code on screen (drawn on the device from the HC1 text) and the
 * bilingual PDF to download. Sends to /me/login when not signed in.
 */
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { vaccinationApi, type Certificate } from './api.ts';

function CertificateQr({ qr, label }: { qr: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(qr, { errorCorrectionLevel: 'Q', margin: 2, width: 320 }).then((url) => {
      if (live) setSrc(url);
    });
    return () => {
      live = false;
    };
  }, [qr]);
  return src ? (
    <img src={src} alt={label} width={320} height={320} style={{ maxWidth: '100%', height: 'auto' }} />
  ) : null;
}

function CertificateCard({ c, holder }: { c: Certificate; holder: string | undefined }) {
  const { t, i18n } = useTranslation();
  const k = (key: string, params?: Record<string, string>) => t(`vaccination.web.citizen.${key}`, params);
  const state = c.revoked ? k('revoked') : c.superseded ? k('superseded') : k('current');
  return (
    <article className="card" aria-label={c.summary} data-testid="certificate">
      {holder && <h2>{holder}</h2>}
      <p>
        <strong>{c.summary}</strong> <span className="badge">{state}</span>
      </p>
      <p className="muted small">
        {k('issued', { date: formatDate(c.issuedAt, i18n.language) ?? '' })} ·{' '}
        {k('expires', { date: formatDate(c.expiresAt, i18n.language) ?? '' })}
      </p>
      <p className="mono small" style={{ overflowWrap: 'anywhere' }}>
        {c.uvci}
      </p>
      {!c.revoked && !c.superseded && <CertificateQr qr={c.qr} label={k('qr', { uvci: c.uvci })} />}
      <p>
        <a className="button" href={`/api/me/certificates/${encodeURIComponent(c.id)}/pdf`} download>
          {k('download')}
        </a>
      </p>
    </article>
  );
}

export function MyCertificatesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  usePageTitle(t('vaccination.web.citizen.title'));
  const [items, setItems] = useState<Certificate[] | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([vaccinationApi.myCertificates(), api.myPersons()]).then(
      ([certs, people]) => {
        if (!live) return;
        setNames(new Map(people.items.map((p) => [p.id, p.fullName])));
        // Current certificates first, then the replaced ones.
        setItems(
          [...certs.items].sort(
            (a, b) => Number(a.superseded || a.revoked) - Number(b.superseded || b.revoked),
          ),
        );
      },
      (e: unknown) => {
        if (!live) return;
        const a = e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e));
        if (a.status === 401) void navigate('/me/login', { replace: true });
        else setError(a);
      },
    );
    return () => {
      live = false;
    };
  }, [navigate]);

  return (
    <section aria-labelledby="my-certs-title">
      <h1 id="my-certs-title">{t('vaccination.web.citizen.title')}</h1>
      <p>
        <Link to="/me">{t('vaccination.web.citizen.back')}</Link>
      </p>
      {error && <ErrorBox error={error} />}
      {!items && !error && <Loading />}
      {items?.length === 0 && <p>{t('vaccination.web.citizen.empty')}</p>}
      {items?.map((c) => (
        <CertificateCard key={c.id} c={c} holder={names.get(c.personId)} />
      ))}
    </section>
  );
}
