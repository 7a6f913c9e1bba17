/**
 * The verdict on a status card's QR, as a venue's scanner or the offline verifier shows it: the
 * colour, the name's initials and until when it is valid — or, in words, why it is refused
 * (expired, altered or forged, signed by a key this device does not know).
 */
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format.ts';
import type { StatusQrView } from './statusQrCheck.ts';

export function StatusQrResult({ view }: { view: StatusQrView }) {
  const { t, i18n } = useTranslation();
  const { check } = view;
  if (!check.valid) {
    const message =
      check.reason === 'unknownKey'
        ? t(view.noKeys ? 'healthbook.statusQr.noKeys' : 'healthbook.statusQr.unknownKey')
        : t(`healthbook.statusQr.${check.reason}`);
    return (
      <div className="notice notice--error" role="alert" aria-label={t('healthbook.statusQr.result')}>
        <strong data-testid="status-qr-outcome">{message}</strong>
      </div>
    );
  }
  const hex = view.colour?.hex ?? '#757575';
  const label = view.colour
    ? i18n.language === 'en'
      ? view.colour.label.en
      : view.colour.label.vi
    : check.colour;
  const until = formatDateTime(new Date(check.expiresAt * 1000).toISOString(), i18n.language);
  return (
    <section
      className="card card--ok"
      role="region"
      aria-label={t('healthbook.statusQr.result')}
      style={{ borderTop: `0.5rem solid ${hex}` }}
    >
      <h2 data-testid="status-qr-outcome">{t('healthbook.statusQr.valid')}</h2>
      <dl>
        <dt>{t('healthbook.statusQr.colour')}</dt>
        <dd style={{ fontSize: '1.5rem', fontWeight: 700, color: hex }} data-testid="status-qr-colour">
          {label}
        </dd>
        <dt>{t('healthbook.statusQr.initials')}</dt>
        <dd data-testid="status-qr-initials">{check.initials}</dd>
      </dl>
      <p>{t('healthbook.statusQr.validUntil', { time: until })}</p>
      <p className="muted small">{t('healthbook.statusQr.checkedOffline')}</p>
    </section>
  );
}
