/**
 * The people stream: households commune by commune, each member with identifiers consistent
 * with age and sex, and planted near-duplicates interleaved a little after their originals.
 * Nothing is kept beyond the current batch and a small window of recent originals, so the full
 * province (1.29 M people) streams in constant memory.
 */
import type { Rng } from './rng.ts';
import { createRng, deriveSeed } from './rng.ts';
import { ageInYears, civilFromDays, formatYmd, parseYmd } from './dates.ts';
import { drawHousehold } from './households.ts';
import type { MemberSpec } from './households.ts';
import { IdAllocator } from './ids.ts';
import { formatName } from './names.ts';
import { BEN_TRE_POPULATION_2019, drawAddress, planCommunes } from './population.ts';
import type { DemoBatch, DemoHousehold, DemoInput, DemoPerson } from './types.ts';
import { chooseVariations, makeDuplicate } from './variations.ts';

/** Defaults of the optional input fields. */
export const DEMO_DEFAULTS = {
  duplicateRate: 0.02,
  namesakeRate: 0.022,
  referenceDate: '2022-01-01',
  batchSize: 5000,
  population: BEN_TRE_POPULATION_2019,
} as const;

/** How many recent originals a duplicate may point back to (keeps duplicates near, not adjacent). */
const DUPLICATE_WINDOW = 2048;

/** Recent originals by sex + name, for planting namesakes (bounded: cleared when it grows past this). */
const NAMESAKE_INDEX_LIMIT = 50_000;
/** How far apart in age (years) a namesake may be before the DOB is moved: children, adults. */
const NAMESAKE_AGE_SPAN = { child: 1, adult: 6 } as const;

/**
 * A recent original of another household with the same name and sex and an age close enough to
 * give `m` their birthday without breaking the household, or null.
 */
function namesakeCandidate(
  index: Map<string, DemoPerson[]>,
  nameKey: string,
  householdKey: string,
  birthDay: number,
  spanYears: number,
): DemoPerson | null {
  const span = spanYears * 365;
  for (const other of index.get(nameKey) ?? []) {
    if (other.householdKey === householdKey) continue;
    const d = Math.abs(parseYmd(other.dateOfBirth) - birthDay);
    if (d <= span) return other;
  }
  return null;
}

/** Input with defaults applied and checked. */
export interface ResolvedInput {
  seed: number;
  total: number;
  duplicateRate: number;
  namesakeRate: number;
  referenceDay: number;
  batchSize: number;
}

/** Apply defaults and validate; throws RangeError on nonsense (negative scale, bad date…). */
export function resolveInput(input: DemoInput): ResolvedInput {
  const duplicateRate = input.duplicateRate ?? DEMO_DEFAULTS.duplicateRate;
  const batchSize = input.batchSize ?? DEMO_DEFAULTS.batchSize;
  const population = input.population ?? DEMO_DEFAULTS.population;
  if (!Number.isFinite(input.scale) || input.scale <= 0) throw new RangeError('scale must be > 0');
  if (!Number.isFinite(input.seed)) throw new RangeError('seed must be a finite number');
  if (!(duplicateRate >= 0 && duplicateRate < 0.5)) throw new RangeError('duplicateRate must be in [0, 0.5)');
  const namesakeRate = input.namesakeRate ?? DEMO_DEFAULTS.namesakeRate;
  if (!(namesakeRate >= 0 && namesakeRate <= 1)) throw new RangeError('namesakeRate must be in [0, 1]');
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError('batchSize must be a positive integer');
  if (input.communes.length === 0) throw new RangeError('communes must not be empty');
  return {
    seed: input.seed,
    total: Math.round(population * input.scale),
    duplicateRate,
    namesakeRate,
    referenceDay: parseYmd(input.referenceDate ?? DEMO_DEFAULTS.referenceDate),
    batchSize,
  };
}

const pad7 = (n: number): string => String(n).padStart(7, '0');

/** Identifiers by age: CCCD from 14, some older adults with only a CMND, phones from 15. */
function attachIds(
  rng: Rng,
  ids: IdAllocator,
  m: MemberSpec,
  birthYear: number,
  age: number,
): Pick<DemoPerson, 'cccd' | 'cmnd' | 'passport' | 'phone'> {
  let cccd: string | null = null;
  let cmnd: string | null = null;
  if (age >= 14) {
    const province = ids.birthProvince(rng);
    if (birthYear < 1990 && rng.chance(0.1)) {
      cmnd = ids.cmnd(province);
    } else if (rng.chance(age < 18 ? 0.75 : 0.96)) {
      cccd = ids.cccd(province, m.sex, birthYear);
      // The old card number is still on file for some holders who had one.
      if (birthYear <= 2003 && rng.chance(0.3)) cmnd = ids.cmnd(province);
    }
  }
  const passport = age >= 18 && rng.chance(0.015) ? ids.passport() : null;
  const phoneShare = age < 15 ? 0 : age < 18 ? 0.6 : age < 65 ? 0.93 : age <= 75 ? 0.75 : 0.4;
  const phone = phoneShare > 0 && rng.chance(phoneShare) ? ids.phone(rng) : null;
  return { cccd, cmnd, passport, phone };
}

/**
 * Stream the synthetic province as batches of households and person records. Every person
 * belongs to a household emitted in the same or an earlier batch; a household is never split
 * across batches. About `duplicateRate` of the person records are planted near-duplicates
 * (`duplicateOf` = key of an earlier-emitted original). The number of originals is exactly
 * `round(population × scale)`. Deterministic: the same input yields identical output.
 */
export function* generatePeople(input: DemoInput): Generator<DemoBatch, void, undefined> {
  const cfg = resolveInput(input);
  const plans = planCommunes(cfg.seed, input.communes, cfg.total);
  const rngHouse = createRng(deriveSeed(cfg.seed, 'households'));
  const rngIds = createRng(deriveSeed(cfg.seed, 'ids'));
  const rngDup = createRng(deriveSeed(cfg.seed, 'duplicates'));
  const rngNamesake = createRng(deriveSeed(cfg.seed, 'namesakes'));
  const namesakeIndex = new Map<string, DemoPerson[]>();
  const ids = new IdAllocator(cfg.seed, input.provinceCode);
  const refYear = civilFromDays(cfg.referenceDay).year;
  // Duplicates are extra records: d / (n + d) = rate  ⇒  d / n = rate / (1 - rate).
  const dupPerOriginal = cfg.duplicateRate / (1 - cfg.duplicateRate);
  const window: DemoPerson[] = [];
  let windowNext = 0;
  let personSeq = 0;
  let householdSeq = 0;
  let batch: DemoBatch = { households: [], people: [] };

  for (const plan of plans) {
    let remaining = plan.population;
    while (remaining > 0) {
      const members = drawHousehold(rngHouse, refYear, remaining);
      remaining -= members.length;
      const household: DemoHousehold = {
        key: `h${pad7(++householdSeq)}`,
        communeCode: plan.commune.code,
        address: drawAddress(rngHouse, plan),
      };
      batch.households.push(household);
      for (const m of members) {
        let birthDay = cfg.referenceDay - m.ageDays;
        const fullName = formatName(m.name);
        const nameKey = `${m.sex}|${fullName}`;
        let namesakeOf: string | null = null;
        if (!m.twin && cfg.namesakeRate > 0) {
          const ageYears = ageInYears(birthDay, cfg.referenceDay);
          const other = namesakeCandidate(
            namesakeIndex,
            nameKey,
            household.key,
            birthDay,
            ageYears < 18 ? NAMESAKE_AGE_SPAN.child : NAMESAKE_AGE_SPAN.adult,
          );
          if (other !== null && rngNamesake.chance(cfg.namesakeRate)) {
            birthDay = parseYmd(other.dateOfBirth);
            namesakeOf = other.key;
          }
        }
        const dob = civilFromDays(birthDay);
        const age = ageInYears(birthDay, cfg.referenceDay);
        const person: DemoPerson = {
          key: `p${pad7(++personSeq)}`,
          householdKey: household.key,
          fullName,
          sex: m.sex,
          dateOfBirth: formatYmd(dob),
          ...attachIds(rngIds, ids, m, dob.year, age),
          communeCode: plan.commune.code,
          address: household.address,
          duplicateOf: null,
          namesakeOf,
          variations: [],
        };
        batch.people.push(person);
        if (namesakeOf === null) {
          if (namesakeIndex.size >= NAMESAKE_INDEX_LIMIT) namesakeIndex.clear();
          const list = namesakeIndex.get(nameKey);
          if (list === undefined) namesakeIndex.set(nameKey, [person]);
          else if (list.length < 4) list.push(person);
          else list[personSeq % 4] = person;
        }
        if (window.length < DUPLICATE_WINDOW) window.push(person);
        else window[windowNext] = person;
        windowNext = (windowNext + 1) % DUPLICATE_WINDOW;
        if (dupPerOriginal > 0 && rngDup.chance(dupPerOriginal)) {
          const original = rngDup.pick(window);
          const variations = chooseVariations(rngDup, original);
          batch.people.push(makeDuplicate(rngDup, original, `p${pad7(++personSeq)}`, variations));
        }
      }
      if (batch.people.length >= cfg.batchSize) {
        yield batch;
        batch = { households: [], people: [] };
      }
    }
  }
  if (batch.people.length > 0 || batch.households.length > 0) yield batch;
}

/** Everything in memory at once: fine for the demo scale (0.01), not for 1.0. */
export function collectPeople(input: DemoInput): DemoBatch {
  const all: DemoBatch = { households: [], people: [] };
  for (const b of generatePeople(input)) {
    for (const h of b.households) all.households.push(h);
    for (const p of b.people) all.people.push(p);
  }
  return all;
}
