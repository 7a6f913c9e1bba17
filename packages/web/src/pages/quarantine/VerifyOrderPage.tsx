/** The page a quarantine document's QR opens (`/q/verify/:code`): genuine or not, kind and dates. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { usePageTitle } from '../../hooks.ts';
import { quarantineApi } from './api.ts';

export function VerifyOrderPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  usePageTitle(t('quarantine.verify.title'));
  const [result, setResult] = useState<Awaited<ReturnType<typeof quarantineApi.verify>> | null>(null);
  useEffect(() => {
    quarantineApi.verify(code).then(setResult, () => {
      setResult({ valid: false, document: null, kind: null, start: null, end: null, status: null });
    });
  }, [code]);
  if (!result) return null;
  return (
    <section className="page">
      <h1>{t('quarantine.verify.title')}</h1>
      <p role="status">{t(result.valid ? 'quarantine.verify.valid' : 'quarantine.verify.invalid')}</p>
      {result.kind && (
        <p>
          {t(`quarantine.kind.${result.kind}`)} · {result.start} → {result.end}
        </p>
      )}
    </section>
  );
}
