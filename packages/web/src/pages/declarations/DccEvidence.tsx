/**
 * The entry declaration's evidence from an EU Digital COVID Certificate: the arrival scans (or
 * uploads, or pastes) the certificate's QR, this device verifies it with @epilink/dcc against the
 * province's trust list (loaded on first use), and a valid certificate fills the form — the QR text,
 * the vaccination status (full or partial doses, recovered) or the test (PCR or rapid, negative,
 * the sampling day). An invalid one is refused with the verifier's reason and fills nothing.
 */
import type { TrustListEntry, VerifyResult } from '@epilink/dcc';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QrScanner } from './QrScanner.tsx';

/** What a verified certificate says for the form. */
export interface DccFill {
  hc1: string;
  vaccination?: 'full' | 'partial' | 'recovered';
  test?: { code: 'pcrNegative' | 'rapidNegative'; day: string };
  holder: string;
}

interface TrustListBody {
  signers: { kid: string; country: string; certificate: string }[];
  revokedUciHashes: string[];
}

/** LOINC codes of the DCC test types (`tt`). */
const NAAT = 'LP6464-4';
const RAPID = 'LP217198-3';

function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Verify an HC1 text on this device. */
export async function verifyCertificate(hc1: string, now: Date = new Date()): Promise<VerifyResult> {
  const [{ verifyHc1 }, res] = await Promise.all([
    import('@epilink/dcc'),
    fetch('/api/certificates/trust-list', { headers: { Accept: 'application/json' } }),
  ]);
  const list = res.ok ? ((await res.json()) as TrustListBody) : { signers: [], revokedUciHashes: [] };
  const trustList: TrustListEntry[] = list.signers.map((s) => ({
    kid: s.kid,
    country: s.country,
    certificateDer: fromBase64(s.certificate),
  }));
  const revoked = new Set(list.revokedUciHashes);
  return verifyHc1(hc1.trim(), {
    trustList,
    now,
    isRevoked: (info) => revoked.has(info.uciHash) || revoked.has(info.countryCodeUciHash),
  });
}

/** What a valid certificate fills in. */
export function fillOf(hc1: string, result: VerifyResult): DccFill | null {
  const cert = result.certificate;
  if (!result.valid || !cert) return null;
  const holder = [cert.holder.familyName, cert.holder.givenName].filter(Boolean).join(' ');
  const hcert = cert.hcert;
  const v = hcert.v?.[0];
  if (v) return { hc1, holder, vaccination: v.dn >= v.sd ? 'full' : 'partial' };
  if (hcert.r?.[0]) return { hc1, holder, vaccination: 'recovered' };
  const t = hcert.t?.[0];
  if (t && t.tr === '260415000' && (t.tt === NAAT || t.tt === RAPID))
    return {
      hc1,
      holder,
      test: { code: t.tt === NAAT ? 'pcrNegative' : 'rapidNegative', day: t.sc.slice(0, 10) },
    };
  return { hc1, holder };
}

/** The scan panel; `onFill` with a verified certificate's facts. */
export function DccEvidence({ onFill }: { onFill: (fill: DccFill) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const check = (qr: string) => {
    setOutcome(null);
    verifyCertificate(qr).then(
      (result) => {
        const fill = fillOf(qr, result);
        if (!fill) {
          setOutcome({ ok: false, text: t(`vaccination.${result.reasonKey}`) });
          return;
        }
        onFill(fill);
        setOutcome({ ok: true, text: t('declarationsWeb.dcc.filled', { name: fill.holder }) });
        setOpen(false);
      },
      () => {
        setOutcome({ ok: false, text: t('declarationsWeb.dcc.failed') });
      },
    );
  };
  return (
    <section className="card" aria-labelledby="dcc-evidence-title">
      <h2 id="dcc-evidence-title">{t('declarationsWeb.dcc.title')}</h2>
      <p className="muted">{t('declarationsWeb.dcc.intro')}</p>
      {outcome && (
        <p
          className={outcome.ok ? 'notice notice--success' : 'notice notice--error'}
          role={outcome.ok ? 'status' : 'alert'}
        >
          {outcome.text}
        </p>
      )}
      {open ? (
        <QrScanner onCode={check} />
      ) : (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setOpen(true);
          }}
        >
          {t('declarationsWeb.dcc.scan')}
        </button>
      )}
    </section>
  );
}
