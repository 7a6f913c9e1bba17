import type { Jurisdiction } from './roles.ts';

/** Where a record or a unit lies: its province, district and commune codes (null when unknown). */
export interface Place {
  provinceCode: string;
  districtCode: string | null;
  communeCode: string | null;
}

/**
 * True when a place lies inside a jurisdiction. A place whose code at the jurisdiction's level is
 * unknown (a person with no commune, seen by a commune officer) is outside: deny by default.
 */
export function placeWithinJurisdiction(j: Jurisdiction, place: Place): boolean {
  switch (j.level) {
    case 'province':
      return place.provinceCode === j.code;
    case 'district':
      return place.districtCode === j.code;
    case 'commune':
      return place.communeCode === j.code;
    default: {
      const unreachable: never = j.level;
      return unreachable;
    }
  }
}

const LEVEL_RANK = { province: 0, district: 1, commune: 2 } as const;

/** True when jurisdiction `inner` is `outer` or lies inside it (a commune inside its district…). */
export function jurisdictionWithin(outer: Jurisdiction, inner: Jurisdiction & { place: Place }): boolean {
  if (LEVEL_RANK[inner.level] < LEVEL_RANK[outer.level]) return false;
  return placeWithinJurisdiction(outer, inner.place);
}
