/**
 * Pick an administrative unit by typing part of its name, with or without tone marks (#19 item
 * 8): "phu khuong" offers "Phường Phú Khương, Thành phố Bến Tre". The server searches
 * (`GET /api/units/search`, folded names); `within` keeps the caller's own jurisdiction.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type UnitLevel, type UnitMatch } from '../api.ts';

/** Typing pauses this long before a search is sent. */
const DEBOUNCE_MS = 250;

/** "Phường Phú Khương, Thành phố Bến Tre": a unit named with its parent. */
export function unitLabel(t: (key: string, params?: Record<string, string>) => string, unit: UnitMatch) {
  return unit.parentName
    ? t('registry.units.search.of', { name: unit.name, parent: unit.parentName })
    : unit.name;
}

/** A search box offering units by name; `onPick` gets the unit chosen. */
export function UnitSearch({
  within,
  levels,
  onPick,
  label,
}: {
  within?: string | undefined;
  levels?: readonly UnitLevel[];
  onPick: (unit: UnitMatch) => void;
  label?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [found, setFound] = useState<{ for: string; items: UnitMatch[] } | null>(null);
  const levelsKey = levels?.join(',') ?? '';

  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) return undefined;
    let live = true;
    const timer = setTimeout(() => {
      api.unitSearch(q, within, levelsKey ? (levelsKey.split(',') as UnitLevel[]) : undefined).then(
        (r) => {
          if (live) setFound({ for: q, items: r.items });
        },
        () => {
          if (live) setFound({ for: q, items: [] });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, within, levelsKey]);

  const shown = found && found.for === text.trim() ? found.items : null;
  return (
    <div className="field unit-search">
      <label htmlFor={id}>{label ?? t('registry.units.search.label')}</label>
      <input
        id={id}
        type="search"
        autoComplete="off"
        value={text}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          setText(e.target.value);
        }}
      />
      <p className="hint" id={`${id}-hint`}>
        {t('registry.units.search.hint')}
      </p>
      {shown && shown.length === 0 && <p role="status">{t('registry.units.search.none')}</p>}
      {shown && shown.length > 0 && (
        <ul className="unit-search__results" aria-label={t('registry.units.search.results')}>
          {shown.map((u) => (
            <li key={u.code}>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  onPick(u);
                  setText('');
                  setFound(null);
                }}
              >
                {unitLabel(t, u)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
