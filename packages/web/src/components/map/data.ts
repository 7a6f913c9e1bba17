/**
 * What the map reads (Contract C, with Contract B's levels): the communes of a date with their
 * polygon or none, the official figures of a week, and the epidemic levels of the week.
 */
import { addDays, today } from '@epilink/core';
import type { AreaGeometry } from '@epilink/core/geo/index';
import { useEffect, useState } from 'react';
import { request } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { userMay } from '../moduleAccess.ts';
import { alarmsApi, alarmsByCommune } from '../../pages/analytics/alarms/api.ts';
import type { Alarm } from '../../pages/analytics/alarms/api.ts';
import { zonesApi } from '../../pages/zones/api.ts';
import type { ZoneOnMap } from '../../pages/zones/api.ts';

/** A commune (or district) feature of `GET /api/map/boundaries`. */
export interface MapFeature {
  type: 'Feature';
  properties: { code: string; name: string; group: string | null; groupName: string | null };
  geometry: AreaGeometry | null;
}

export interface MapBoundaries {
  type: 'FeatureCollection';
  level: 'province' | 'district' | 'commune';
  asOf: string;
  dataset: string | null;
  attribution: string | null;
  licence: string | null;
  features: MapFeature[];
}

/** One commune's figures (`GET /api/map/figures`). */
export interface CommuneFigures {
  code: string;
  name: string;
  group: string;
  population: number;
  cases7: number;
  cases14: number;
  per100k7: number | null;
  per100k14: number | null;
  coverage: number | null;
  testSites: number;
  facilities: number;
  clusters: number;
}

type Level = 1 | 2 | 3 | 4;
interface LevelsWeek {
  units: { code: string; epidemicLevel: Level }[];
}

/** The Monday of the week holding a day. */
export function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** The units of a week: its Sunday, or today while it runs. */
export function weekAsOf(week: string): string {
  const end = addDays(week, 6);
  const now = today();
  return end < now ? end : now;
}

export interface MapData {
  communes: MapBoundaries;
  districts: MapBoundaries;
  figures: Map<string, CommuneFigures> | null;
  /** Levels of the week's communes; null when none was published (or the caller cannot read them). */
  levels: Map<string, Level> | null;
  /** Open early-warning alarms by commune (officials who may read them; else null). */
  alarms: Map<string, Alarm[]> | null;
  /** Communes of active zones/campaigns with the latest round's progress (officials; else null). */
  zones: Map<string, ZoneOnMap> | null;
}

export type MapState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: MapData };

async function levelsOf(week: string, publicView: boolean): Promise<Map<string, Level> | null> {
  try {
    const units = publicView
      ? (
          await request<{ weeks: (LevelsWeek & { week: string })[] }>(
            'GET',
            `/api/public/levels/history?from=${week}&to=${addDays(week, 6)}`,
          )
        ).weeks[0]?.units
      : (await request<LevelsWeek & { week: string }>('GET', `/api/levels?week=${week}`)).units;
    return units ? new Map(units.map((u) => [u.code, u.epidemicLevel])) : null;
  } catch {
    // No levels for the week (not computed, not published, or not the caller's to read).
    return null;
  }
}

/** Load the map of a unit for a week (units of the week's date unless `asOf` is given). */
export function useMapData(options: {
  unitCode?: string;
  week: string;
  asOf?: string;
  publicView: boolean;
}): MapState {
  const { unitCode, week, publicView } = options;
  const asOf = options.asOf ?? weekAsOf(week);
  const [state, setState] = useState<MapState>({ status: 'loading' });
  const { user } = useAuth();
  // What this official may read beside the map (else not asked: no request bound to be refused).
  const mayFigures = !publicView && userMay(user, 'indicator:read');
  const mayZones = !publicView && userMay(user, 'testing:read');
  useEffect(() => {
    let live = true;
    const unit = unitCode ? `&unit=${encodeURIComponent(unitCode)}` : '';
    Promise.all([
      request<MapBoundaries>('GET', `/api/map/boundaries?level=commune&asOf=${asOf}${unit}`),
      request<MapBoundaries>('GET', `/api/map/boundaries?level=district&asOf=${asOf}${unit}`),
      !mayFigures
        ? Promise.resolve(null)
        : // A role without the figures still gets the map and the levels.
          request<{ communes: CommuneFigures[] }>(
            'GET',
            `/api/map/figures?week=${week}&asOf=${asOf}${unit}`,
          ).catch(() => null),
      levelsOf(week, publicView),
      !mayFigures ? Promise.resolve(null) : alarmsApi.open().catch(() => null),
      !mayZones ? Promise.resolve(null) : zonesApi.map().catch(() => null),
    ]).then(
      ([communes, districts, figures, levels, alarms, zones]) => {
        if (!live) return;
        setState({
          status: 'ready',
          data: {
            communes,
            districts,
            figures: figures ? new Map(figures.communes.map((f) => [f.code, f])) : null,
            levels,
            alarms: alarms ? alarmsByCommune(alarms.alarms) : null,
            zones: zones ? new Map(zones.items.map((z) => [z.communeCode, z])) : null,
          },
        });
      },
      (e: unknown) => {
        if (live) setState({ status: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      live = false;
    };
  }, [unitCode, week, asOf, publicView, mayFigures, mayZones]);
  return state;
}
