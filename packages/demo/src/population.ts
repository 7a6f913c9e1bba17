/**
 * Spreading the province's population over its communes, and the addresses inside a commune.
 *
 * We do not have real per-commune populations (the 2019 census tables per commune are not in
 * our data), so the split is synthetic but plausible: every commune gets a base weight by type
 * (wards of a city/town are denser than rural communes; district towns in between) times a
 * deterministic log-normal factor (σ ≈ 0.3) seeded by the commune code, and the total is shared by
 * largest remainder so that the commune counts add up exactly.
 */
import { normalizeText } from '@epilink/core';
import type { Rng } from './rng.ts';
import { createRng, deriveSeed } from './rng.ts';
import { HAMLET_NAMES, STREET_NAMES } from './names-data.ts';
import type { DemoCommune } from './types.ts';

/** Bến Tre's population, 2019 census (the default total at scale 1.0). */
export const BEN_TRE_POPULATION_2019 = 1_288_206;

/** Kind of commune, read from its name. */
export type CommuneKind = 'ward' | 'town' | 'rural';

/** A commune with its synthetic population and its hamlets. */
export interface CommunePlan {
  commune: DemoCommune;
  /** Commune name, NFC and trimmed. */
  name: string;
  /** District name, NFC and trimmed. */
  districtName: string;
  kind: CommuneKind;
  /** Number of original people to generate. */
  population: number;
  /** Hamlet labels: 'Ấp Phú Hòa', 'Ấp 3' (rural) or 'Khu phố 2' (wards and towns). */
  hamlets: string[];
}

/** 'Phường …' → ward, 'Thị trấn …' → town, anything else (Xã) → rural. */
export function communeKind(name: string): CommuneKind {
  const n = normalizeText(name).toLowerCase();
  if (n.startsWith('phường')) return 'ward';
  if (n.startsWith('thị trấn')) return 'town';
  return 'rural';
}

const KIND_WEIGHT: Readonly<Record<CommuneKind, number>> = { ward: 1.7, town: 1.5, rural: 1 };

function hamletsFor(rng: Rng, kind: CommuneKind): string[] {
  if (kind !== 'rural') {
    const n = rng.int(4, 10);
    return Array.from({ length: n }, (_, i) => `Khu phố ${i + 1}`);
  }
  const n = rng.int(5, 12);
  if (rng.chance(0.25)) return Array.from({ length: n }, (_, i) => `Ấp ${i + 1}`);
  const pool = [...HAMLET_NAMES];
  const out: string[] = [];
  for (let i = 0; i < n && pool.length > 0; i++) {
    const j = rng.int(0, pool.length - 1);
    out.push(`Ấp ${pool[j]!}`);
    pool.splice(j, 1);
  }
  return out;
}

/**
 * Plan the communes: sorted by code (so input order does not matter), each with its population
 * share of `round(total × scale)` and its hamlets.
 */
export function planCommunes(seed: number, communes: readonly DemoCommune[], total: number): CommunePlan[] {
  if (communes.length === 0) throw new RangeError('At least one commune is needed');
  const sorted = [...communes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const weights: number[] = [];
  const plans: CommunePlan[] = sorted.map((commune) => {
    const rng = createRng(deriveSeed(seed, 'commune', commune.code));
    const name = normalizeText(commune.name);
    const kind = communeKind(name);
    weights.push(KIND_WEIGHT[kind] * Math.exp(rng.normal(0, 0.3)));
    return {
      commune,
      name,
      districtName: normalizeText(commune.districtName),
      kind,
      population: 0,
      hamlets: hamletsFor(rng, kind),
    };
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const floors = exact.map(Math.floor);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]!++;
    left--;
  }
  plans.forEach((p, i) => {
    p.population = floors[i]!;
  });
  return plans;
}

/** A household's canonical address: house number, street or hamlet, commune, district. */
export function drawAddress(rng: Rng, plan: CommunePlan): string {
  const hamlet = rng.pick(plan.hamlets);
  if (plan.kind !== 'rural' && rng.chance(0.6)) {
    const street = rng.pick(STREET_NAMES);
    return `${rng.int(1, 450)} ${street}, ${hamlet}, ${plan.name}, ${plan.districtName}`;
  }
  return `Số ${rng.int(1, 999)}, ${hamlet}, ${plan.name}, ${plan.districtName}`;
}
