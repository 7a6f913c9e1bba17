import { useTranslation } from 'react-i18next';
import type { Enrolment } from './api.ts';
import { formatDateTime } from '../../format.ts';

/**
 * The one-time enrolment code of an account (issue #9, low): shown to the administrator once,
 * right after creating the account or resetting its two-factor or password, to hand over apart
 * from the password.
 */
export function EnrolmentNotice({ username, enrolment }: { username: string; enrolment: Enrolment }) {
  const { t, i18n } = useTranslation();
  const k = (key: string) => `security.web.admin.accounts.${key}`;
  const link = `${window.location.origin}${enrolment.link}`;
  return (
    <div className="notice" role="status" data-testid="enrolment-code">
      <p>
        <strong>{t(k('enrolmentTitle'), { username })}</strong>
      </p>
      <p className="small">{t(k('enrolmentIntro'))}</p>
      <p>
        {t(k('enrolmentCode'))}: <code>{enrolment.code}</code>
      </p>
      <p className="small">
        {t(k('enrolmentLink'))}: <code>{link}</code>
      </p>
      <p className="small muted">
        {t(k('enrolmentExpires'))}: {formatDateTime(enrolment.expiresAt, i18n.language)}
      </p>
    </div>
  );
}
