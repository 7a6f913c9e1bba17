/**
 * The result of a declaration (`/declare/result/:id`), from the answer kept on this device and
 * refreshed from the server when the network allows: the suggested action and why, where the flag
 * stands, the checkpoint QR of the declaration, and, when a test is suggested, the prefilled test
 * registration confirmed in one tap.
 */
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { declarationsApi } from './api.ts';
import { keepReceipt, receiptById, type DeclarationReceipt } from './receipts.ts';
import { TriageFacts } from './TriageFacts.tsx';

/** The checkpoint QR of a declaration, drawn on this device. */
export function DeclarationQr({ text }: { text: string }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 280 }).then((u) => {
      if (live) setUrl(u);
    });
    return () => {
      live = false;
    };
  }, [text]);
  return url ? (
    <img className="decl-qr" src={url} alt={t('declarationsWeb.result.qrAlt')} data-testid="declaration-qr" />
  ) : null;
}

function TestOffer({
  receipt,
  onChange,
}: {
  receipt: DeclarationReceipt;
  onChange: (r: DeclarationReceipt) => void;
}) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const offer = receipt.suggestedTest;
  if (receipt.flagStatus === 'testRegistered')
    return (
      <p className="notice notice--success" role="status">
        {t('declarationsWeb.result.testBooked')}
      </p>
    );
  if (!offer || receipt.flagStatus !== 'open') return null;
  const time = offer.startsAt ? formatDateTime(offer.startsAt, i18n.language) : '';
  return (
    <section className="card" aria-labelledby="declare-test-title">
      <h2 id="declare-test-title">{t('declarationsWeb.result.testTitle')}</h2>
      <p>
        {offer.siteName
          ? t('declarationsWeb.result.testOffer', { site: offer.siteName, time })
          : t('declarationsWeb.result.testOfferNoSite')}
      </p>
      {offer.address && <p className="muted">{offer.address}</p>}
      {error && <ErrorBox error={error} />}
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          declarationsApi.confirmTest(receipt.token).then(
            (r) => {
              setBusy(false);
              onChange({ ...receipt, flagStatus: 'testRegistered', suggestedTest: r.suggestedTest });
            },
            (e: unknown) => {
              setBusy(false);
              setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
            },
          );
        }}
      >
        {t('declarationsWeb.result.confirmTest')}
      </button>
    </section>
  );
}

/** The result page. */
export function ReceiptPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  usePageTitle(t('declarationsWeb.result.title'));
  const [receipt, setReceipt] = useState(() => receiptById(id));
  const token = receipt?.token;

  const update = (r: DeclarationReceipt) => {
    keepReceipt(r.submissionId, r);
    setReceipt(r);
  };

  // Where the flag stands now (a test registered elsewhere, a result that cleared it).
  useEffect(() => {
    if (!token || !navigator.onLine) return;
    let live = true;
    declarationsApi.byToken(token).then(
      (v) => {
        if (!live) return;
        setReceipt((r) => {
          if (!r) return r;
          const next = {
            ...r,
            action: v.action,
            reasons: v.reasons,
            flagStatus: v.flagStatus,
            suggestedTest: v.suggestedTest ?? r.suggestedTest,
          };
          keepReceipt(next.submissionId, next);
          return next;
        });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [token]);

  if (!receipt)
    return (
      <>
        <ErrorBox error={new ApiError(404, 'NOT_FOUND', t('declarationsWeb.result.notFound'))} />
        <Link to="/declare">{t('declarationsWeb.citizen.back')}</Link>
      </>
    );
  return (
    <section aria-labelledby="receipt-title">
      <h1 id="receipt-title">{t('declarationsWeb.result.title')}</h1>
      <p className="notice notice--success" role="status">
        {t(`declarationsWeb.kinds.${receipt.kind}`)} · {formatDateTime(receipt.declaredAt, i18n.language)}
      </p>
      {receipt.personName !== '' && (
        <dl className="facts">
          <dt>{t('declarationsWeb.result.person')}</dt>
          <dd>{receipt.personName}</dd>
        </dl>
      )}
      <TriageFacts action={receipt.action} reasons={receipt.reasons} flagStatus={receipt.flagStatus} />
      {receipt.flagged && <p className="notice notice--warning">{t('declarationsWeb.result.flagged')}</p>}
      <TestOffer receipt={receipt} onChange={update} />
      <section className="card" aria-labelledby="receipt-qr-title">
        <h2 id="receipt-qr-title">{t('declarationsWeb.result.qrTitle')}</h2>
        <p className="muted">{t('declarationsWeb.result.qrHelp')}</p>
        <DeclarationQr text={receipt.token} />
      </section>
      <p>
        <Link to="/declare">{t('declarationsWeb.citizen.back')}</Link>
      </p>
    </section>
  );
}
