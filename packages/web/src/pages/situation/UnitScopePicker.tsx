/**
 * The situation room's unit picker: the official's jurisdiction, one of its districts or health
 * areas, or one of their communes — nothing outside (the server answers 404 anyway). Controlled
 * by the unit code in the address, so a shared or reloaded dashboard shows the same unit.
 */
import { useCallback, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type UnitSummary, type UnitView } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { useApi } from '../../hooks.ts';

const nothing = () => Promise.resolve(null);

function ChildSelect({
  parent,
  label,
  value,
  onChange,
}: {
  parent: UnitView | null | undefined;
  label: string;
  value: string;
  onChange: (code: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  if (!parent || parent.children.length === 0) return null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          onChange(e.target.value === '' ? parent.unit.code : e.target.value);
        }}
      >
        <option value="">{t('situation.filters.whole', { name: parent.unit.name })}</option>
        {parent.children.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Where the chosen unit sits: its district/area (if any) and commune (if it is one). */
function placeOf(view: UnitView | undefined, own: string): { middle: UnitSummary | null; commune: string } {
  if (!view || view.unit.code === own) return { middle: null, commune: '' };
  const chain = [...view.ancestors, view.unit];
  const below = chain.slice(chain.findIndex((u) => u.code === own) + 1);
  const commune = view.unit.level === 'commune' ? view.unit.code : '';
  const middle = below.find((u) => u.level !== 'commune') ?? null;
  return { middle, commune };
}

export function UnitScopePicker({ value, onChange }: { value: string; onChange: (code: string) => void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const own = user?.jurisdiction.code ?? '';
  const loadOwn = useCallback(() => (own ? api.unit(own) : nothing()), [own]);
  const loadChosen = useCallback(() => (value && value !== own ? api.unit(value) : nothing()), [value, own]);
  const ownView = useApi(loadOwn).latest;
  const chosen = useApi(loadChosen).latest ?? undefined;
  const { middle, commune } = placeOf(value === own ? undefined : chosen, own);
  const middleCode = middle?.code ?? null;
  const loadMiddle = useCallback(() => (middleCode ? api.unit(middleCode) : nothing()), [middleCode]);
  const middleView = useApi(loadMiddle).latest;
  if (!user || !ownView) return null;
  const ownHasCommunes = ownView.children.some((c) => c.level === 'commune');
  return (
    <>
      {ownHasCommunes ? (
        <ChildSelect
          parent={ownView}
          label={t('situation.filters.commune')}
          value={commune}
          onChange={onChange}
        />
      ) : (
        <>
          <ChildSelect
            parent={ownView}
            label={t('situation.filters.district')}
            value={middle?.code ?? ''}
            onChange={onChange}
          />
          {middle && (
            <ChildSelect
              parent={middleView?.unit.code === middle.code ? middleView : null}
              label={t('situation.filters.commune')}
              value={commune}
              onChange={onChange}
            />
          )}
        </>
      )}
    </>
  );
}
