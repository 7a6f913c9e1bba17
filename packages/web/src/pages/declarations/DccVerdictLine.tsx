/**
 * The server's verdict on the DCC scanned into a declaration (review list, person page,
 * checkpoint): "verified by the server" with type and day, or why it does not count as evidence.
 * Never the device's claim.
 */
import { useTranslation } from 'react-i18next';
import type { DccVerdict } from './api.ts';

/** One line for a verdict. */
export function DccVerdictLine({ verdict }: { verdict: DccVerdict }) {
  const { t } = useTranslation();
  const type = verdict.type ? t(`declarationsWeb.dcc.type.${verdict.type}`) : '';
  return (
    <div className={verdict.status === 'valid' ? 'small' : 'small notice--error'} data-testid="dcc-verdict">
      {t(`declarationsWeb.dcc.server.${verdict.status}`, { type, date: verdict.date ?? '' })}
    </div>
  );
}
