/** Assign a case or contact to a tracer of my jurisdiction (or nobody). */
import { useTranslation } from 'react-i18next';
import type { Tracer } from './api.ts';

export function AssignSelect({
  name,
  value,
  tracers,
  disabled,
  onAssign,
}: {
  /** Whose work it is (for the label). */
  name: string;
  value: string | null;
  tracers: Tracer[];
  disabled?: boolean;
  onAssign: (tracerId: string | null) => void;
}) {
  const { t } = useTranslation();
  const known = value === null || tracers.some((x) => x.id === value);
  return (
    <label className="field">
      <span>{t('casesWeb.worklist.assignTo', { name })}</span>
      <select
        value={value ?? ''}
        disabled={disabled}
        onChange={(e) => {
          onAssign(e.target.value || null);
        }}
      >
        <option value="">{t('casesWeb.worklist.unassigned')}</option>
        {!known && <option value={value}>{t('casesWeb.worklist.assigned')}</option>}
        {tracers.map((x) => (
          <option key={x.id} value={x.id}>
            {x.displayName}
          </option>
        ))}
      </select>
    </label>
  );
}
