/**
 * Picks a unit inside the signed-in official's own jurisdiction: the jurisdiction itself, one of
 * its districts, or one of their communes — found by name (tone-insensitive search) or from the
 * lists. Nothing outside can be chosen.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type UnitMatch, type UnitSummary } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { UnitSearch } from '../../components/UnitSearch.tsx';
import { useApi } from '../../hooks.ts';
import type { UnitChoice } from './access.ts';

/** The jurisdiction of the user as a choice. */
export function ownUnit(
  user: { jurisdiction: { code: string; name: string; level: UnitChoice['level'] } },
  provinceCode: string,
  districtCode: string | null,
): UnitChoice {
  const j = user.jurisdiction;
  return {
    level: j.level,
    code: j.code,
    name: j.name,
    place: {
      provinceCode,
      districtCode: j.level === 'district' ? j.code : districtCode,
      communeCode: j.level === 'commune' ? j.code : null,
    },
  };
}

const noUnits = () => Promise.resolve({ children: [] as UnitSummary[] });

/** A unit found by name as the selects hold it (their lists give the people counts). */
function summaryOf(u: { code: string; name: string; level: UnitSummary['level'] }): UnitSummary {
  return { code: u.code, name: u.name, level: u.level, type: '', parentCode: null, personCount: 0 };
}

/** Units a picker can search: those below a province or a district. */
const PICKABLE = ['district', 'commune'] as const;

/**
 * A select of a unit's children (or nothing when `parent` is null). `communeLabel` labels it when
 * the children are communes (a province since the 2025 reform has no districts).
 */
function ChildSelect({
  parent,
  label,
  communeLabel,
  whole,
  value,
  onChange,
}: {
  parent: string | null;
  label: string;
  communeLabel?: string;
  whole: string;
  value: string;
  onChange: (child: UnitSummary | null) => void;
}) {
  const id = useId();
  const load = useCallback(() => (parent ? api.unit(parent) : noUnits()), [parent]);
  const { latest } = useApi(load);
  const children = parent ? (latest?.children ?? []) : [];
  if (!parent) return null;
  const communes = communeLabel !== undefined && children.some((c) => c.level === 'commune');
  return (
    <div className="field">
      <label htmlFor={id}>{communes ? communeLabel : label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          onChange(children.find((c) => c.code === e.target.value) ?? null);
        }}
      >
        <option value="">{whole}</option>
        {children.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The unit picker: `onChange` receives the chosen unit (the user's jurisdiction by default). */
export function UnitPicker({ onChange }: { onChange: (unit: UnitChoice) => void }) {
  const { t } = useTranslation();
  const { user, meta } = useAuth();
  const [district, setDistrict] = useState<UnitSummary | null>(null);
  const [commune, setCommune] = useState<UnitSummary | null>(null);
  const provinceCode = meta?.province.code ?? user?.jurisdiction.code.slice(0, 2) ?? '';

  useEffect(() => {
    if (!user) return;
    const own = ownUnit(user, provinceCode, null);
    if (commune) {
      onChange({
        level: 'commune',
        code: commune.code,
        name: commune.name,
        place: {
          provinceCode,
          districtCode: district?.code ?? own.place.districtCode,
          communeCode: commune.code,
        },
      });
    } else if (district) {
      onChange({
        level: 'district',
        code: district.code,
        name: district.name,
        place: { provinceCode, districtCode: district.code, communeCode: null },
      });
    } else onChange(own);
  }, [user, provinceCode, district, commune, onChange]);

  if (!user) return null;
  const level = user.jurisdiction.level;
  const districtParent = level === 'province' ? user.jurisdiction.code : null;
  const communeParent = level === 'district' ? user.jurisdiction.code : (district?.code ?? null);
  return (
    <fieldset className="form">
      <legend>{t('security.web.admin.units.jurisdiction')}</legend>
      {level === 'commune' && <p>{user.jurisdiction.name}</p>}
      {level !== 'commune' && (
        <UnitSearch
          within={user.jurisdiction.code}
          levels={PICKABLE}
          onPick={(u: UnitMatch) => {
            if (u.level !== 'commune') {
              setDistrict(summaryOf(u));
              setCommune(null);
              return;
            }
            // A commune of a district (the 2021 list) under a province-wide user: its district too.
            const parentIsDistrict =
              level === 'province' && u.parentCode !== null && u.parentCode.length === 3;
            setDistrict(
              parentIsDistrict && u.parentCode
                ? summaryOf({ code: u.parentCode, name: u.parentName ?? u.parentCode, level: 'district' })
                : null,
            );
            setCommune(summaryOf(u));
          }}
        />
      )}
      <ChildSelect
        parent={districtParent}
        label={t('security.web.admin.units.district')}
        communeLabel={t('security.web.admin.units.commune')}
        whole={t('security.web.admin.units.whole', { name: user.jurisdiction.name })}
        value={(district ?? commune)?.code ?? ''}
        onChange={(d) => {
          // A province of today (no districts): its children are communes, chosen here directly.
          if (d?.level === 'commune') {
            setDistrict(null);
            setCommune(d);
          } else {
            setDistrict(d);
            setCommune(null);
          }
        }}
      />
      <ChildSelect
        parent={communeParent}
        label={t('security.web.admin.units.commune')}
        whole={t('security.web.admin.units.whole', {
          name: district?.name ?? user.jurisdiction.name,
        })}
        value={commune?.code ?? ''}
        onChange={setCommune}
      />
    </fieldset>
  );
}
