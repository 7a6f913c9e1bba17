/** A declaration's triage as facts: suggested action, why, and where its flag stands. */
import { useTranslation } from 'react-i18next';
import type { FlagStatus, TriageAction } from './api.ts';

/** The triage of a declaration. */
export function TriageFacts({
  action,
  reasons,
  flagStatus,
}: {
  action: TriageAction;
  reasons: readonly string[];
  flagStatus: FlagStatus;
}) {
  const { t } = useTranslation();
  return (
    <dl className="facts" data-testid="triage">
      <dt>{t('declarationsWeb.result.action')}</dt>
      <dd data-testid="triage-action">{t(`declarationsWeb.actions.${action}`)}</dd>
      {reasons.length > 0 && (
        <>
          <dt>{t('declarationsWeb.result.reasons')}</dt>
          <dd>
            <ul className="plain-list">
              {reasons.map((r) => (
                <li key={r}>{t(`declarations.triage.reason.${r}`, { defaultValue: r })}</li>
              ))}
            </ul>
          </dd>
        </>
      )}
      <dt>{t('declarationsWeb.result.status')}</dt>
      <dd data-testid="triage-flag">{t(`declarationsWeb.flagStatus.${flagStatus}`)}</dd>
    </dl>
  );
}
