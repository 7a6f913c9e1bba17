/** The test type and reason pickers of a registration (staff desk and citizen booking). */
import { REGISTRATION_REASONS, SPECIMEN_TEST_TYPES } from '@epilink/core';
import { useTranslation } from 'react-i18next';

/** Two labelled selects; `idPrefix` keeps the ids unique on the page; `reasons` narrows the list. */
export function TestKindFields({
  idPrefix,
  testType,
  reason,
  onTestType,
  onReason,
  reasons = REGISTRATION_REASONS,
}: {
  idPrefix: string;
  testType: string;
  reason: string;
  onTestType: (value: string) => void;
  onReason: (value: string) => void;
  reasons?: readonly string[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-type`}>{t('testing.register.testType')}</label>
        <select
          id={`${idPrefix}-type`}
          value={testType}
          onChange={(e) => {
            onTestType(e.target.value);
          }}
        >
          {SPECIMEN_TEST_TYPES.map((x) => (
            <option key={x} value={x}>
              {t(`testing.type.${x}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-reason`}>{t('testing.register.reason')}</label>
        <select
          id={`${idPrefix}-reason`}
          value={reason}
          onChange={(e) => {
            onReason(e.target.value);
          }}
        >
          {reasons.map((x) => (
            <option key={x} value={x}>
              {t(`testing.reason.${x}`)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
