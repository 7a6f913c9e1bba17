/**
 * The household model: who lives together. A household is drawn as a type (single, couple,
 * parents with children, single parent, three generations, grandparents with grandchildren);
 * ages follow from the family (children's ages → mother's age at births → grandparents), and
 * the type weights are tuned so that the emergent population matches the 2019 pyramid
 * (pyramid.ts) within about a point, with a mean household size of about 3.5 (Vietnam 2019: 3.5).
 */
import type { Rng } from './rng.ts';
import { WeightedTable } from './rng.ts';
import type { DemoSex } from './types.ts';
import type { NameParts } from './names.ts';
import { pickFamilyName, pickGivenName, pickMiddleNames } from './names.ts';
import { BAND_SHARES, BAND_STARTS, bandOf, maleShare } from './pyramid.ts';

/** One member of a household before identifiers are attached. */
export interface MemberSpec {
  sex: DemoSex;
  /** Age in days on the reference date (≥ 0). */
  ageDays: number;
  name: NameParts;
  /** True for the second of a pair of twins (same DOB as the previous member). */
  twin: boolean;
}

/** Largest household the model builds. */
export const MAX_HOUSEHOLD_SIZE = 7;
const MAX_AGE = 99;
const DAYS_PER_YEAR = 365.2425;

type HouseholdType =
  'single' | 'couple' | 'nuclear' | 'single_parent' | 'three_generation' | 'skipped_generation';

const TYPES = WeightedTable.of<HouseholdType>([
  ['single', 12],
  ['couple', 16],
  ['nuclear', 42],
  ['single_parent', 7],
  ['three_generation', 19],
  ['skipped_generation', 4],
]);
const CHILD_COUNTS = WeightedTable.of<number>([
  [1, 37],
  [2, 43],
  [3, 14],
  [4, 5],
  [5, 1],
]);
/** Probability that a birth after the first is the twin of the previous child (~1 % of births). */
const TWIN_RATE = 0.012;

/** Per-year weights from the 5-year bands (85+ spread with a geometric decay to 99). */
const YEAR_WEIGHTS: number[] = (() => {
  const w: number[] = [];
  for (let age = 0; age <= MAX_AGE; age++) {
    const band = bandOf(age);
    if (BAND_STARTS[band]! < 85) w.push(BAND_SHARES[band]! / 5);
    else w.push(0);
  }
  let decay = 0;
  for (let age = 85; age <= MAX_AGE; age++) decay += 0.8 ** (age - 85);
  for (let age = 85; age <= MAX_AGE; age++)
    w[age] = (BAND_SHARES[BAND_SHARES.length - 1]! * 0.8 ** (age - 85)) / decay;
  return w;
})();

const ageTables = new Map<string, WeightedTable<number>>();

/** A fractional age in [lo, hi + 1) drawn from the pyramid restricted to those years. */
export function pyramidAge(rng: Rng, lo: number, hi: number): number {
  const key = `${lo}-${hi}`;
  let table = ageTables.get(key);
  if (table === undefined) {
    const years: number[] = [];
    for (let a = lo; a <= hi; a++) years.push(a);
    table = new WeightedTable(
      years,
      years.map((a) => YEAR_WEIGHTS[a]!),
    );
    ageTables.set(key, table);
  }
  return table.sample(rng) + rng.next();
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

function person(
  rng: Rng,
  sex: DemoSex,
  age: number,
  family: string,
  refYear: number,
  middle?: string[],
): MemberSpec {
  const birthYear = refYear - Math.floor(age);
  return {
    sex,
    ageDays: Math.floor(age * DAYS_PER_YEAR),
    name: { family, middle: middle ?? pickMiddleNames(rng, sex, birthYear), given: pickGivenName(rng, sex) },
    twin: false,
  };
}

function childSex(rng: Rng, age: number): DemoSex {
  return rng.chance(maleShare(bandOf(age))) ? 'male' : 'female';
}

/** Children's ages (oldest first) with twin flags; the youngest is drawn from the pyramid. */
function childAges(rng: Rng, count: number, youngestMax: number): { age: number; twin: boolean }[] {
  const youngest = rng.chance(0.12) ? pyramidAge(rng, 0, 4) : pyramidAge(rng, 0, youngestMax);
  const ages: { age: number; twin: boolean }[] = [{ age: youngest, twin: false }];
  for (let i = 1; i < count; i++) {
    const prev = ages[ages.length - 1]!.age;
    if (rng.chance(TWIN_RATE)) ages.push({ age: prev, twin: true });
    else ages.push({ age: prev + 1.3 + rng.next() * 1.5 + -Math.log(1 - rng.next()) * 2, twin: false });
  }
  return ages.reverse();
}

/** Children sharing the father's family name; same-sex siblings often share a middle name. */
function makeChildren(
  rng: Rng,
  ages: readonly { age: number; twin: boolean }[],
  family: string,
  refYear: number,
): MemberSpec[] {
  const taken = new Set<string>();
  const sharedMiddle: Partial<Record<DemoSex, string[]>> = {};
  const out: MemberSpec[] = [];
  let prevSex: DemoSex = 'male';
  for (const { age, twin } of ages) {
    const sex: DemoSex = twin && rng.chance(0.6) ? prevSex : childSex(rng, age);
    let middle = sharedMiddle[sex];
    if (middle === undefined || !rng.chance(0.6)) {
      middle = pickMiddleNames(rng, sex, refYear - Math.floor(age));
      sharedMiddle[sex] = middle;
    }
    const given = pickGivenName(rng, sex, taken);
    taken.add(given);
    out.push({ sex, ageDays: Math.floor(age * DAYS_PER_YEAR), name: { family, middle, given }, twin });
    prevSex = sex;
  }
  return out;
}

/** Parents (father first when present) of children whose oldest is `oldest` years old. */
function parentsFor(rng: Rng, oldest: number, refYear: number, withFather: boolean): MemberSpec[] {
  const mother = clamp(oldest + clamp(rng.normal(24.5, 4.5), 17, 40), 18, MAX_AGE);
  const out: MemberSpec[] = [];
  if (withFather) {
    const father = clamp(mother + rng.normal(3.5, 3), 18, MAX_AGE);
    out.push(person(rng, 'male', father, pickFamilyName(rng), refYear));
  }
  out.push(person(rng, 'female', mother, pickFamilyName(rng), refYear));
  return out;
}

/** Grandparents of a parent aged `parentAge` whose family name is `family`. */
function grandparentsFor(rng: Rng, parentAge: number, family: string, refYear: number): MemberSpec[] {
  const grandmother = parentAge + clamp(rng.normal(27, 4), 18, 42);
  const grandfather = grandmother + rng.normal(4, 3);
  const out: MemberSpec[] = [];
  // Both (45 %), grandmother only (40 %), grandfather only (15 %); old men die younger.
  const r = rng.next();
  if (r < 0.6 && grandfather <= MAX_AGE && !widowed(rng, grandfather)) {
    out.push(person(rng, 'male', grandfather, family, refYear));
  }
  if (r >= 0.15 || out.length === 0) {
    out.push(person(rng, 'female', Math.min(grandmother, MAX_AGE), pickFamilyName(rng), refYear));
  }
  return out;
}

/** Whether an elderly husband has died: men die several years earlier than women. */
function widowed(rng: Rng, husbandAge: number): boolean {
  return rng.chance(clamp((husbandAge - 65) / 50, 0, 0.5));
}

function yearsOf(m: MemberSpec): number {
  return m.ageDays / DAYS_PER_YEAR;
}

/**
 * Draw the members of one household (1..MAX_HOUSEHOLD_SIZE people, at most `maxSize`), given the
 * reference year (for generation-dependent middle names).
 */
export function drawHousehold(rng: Rng, refYear: number, maxSize: number = MAX_HOUSEHOLD_SIZE): MemberSpec[] {
  const type = TYPES.sample(rng);
  let members: MemberSpec[];
  switch (type) {
    case 'single': {
      const r = rng.next();
      const age =
        r < 0.45 ? pyramidAge(rng, 20, 39) : r < 0.8 ? pyramidAge(rng, 45, 64) : pyramidAge(rng, 65, MAX_AGE);
      const sex: DemoSex = rng.chance(age < 60 ? 0.75 : 0.35) ? 'male' : 'female';
      members = [person(rng, sex, age, pickFamilyName(rng), refYear)];
      break;
    }
    case 'couple': {
      const wife = rng.chance(0.3) ? pyramidAge(rng, 20, 34) : pyramidAge(rng, 50, 70);
      const husband = clamp(wife + rng.normal(3.5, 3), 18, MAX_AGE);
      members = [person(rng, 'female', wife, pickFamilyName(rng), refYear)];
      if (!widowed(rng, husband)) members.unshift(person(rng, 'male', husband, pickFamilyName(rng), refYear));
      break;
    }
    case 'nuclear':
    case 'single_parent':
    case 'three_generation': {
      const ages = childAges(rng, CHILD_COUNTS.sample(rng), 22);
      const withFather = type !== 'single_parent' || rng.chance(0.2);
      const parents = parentsFor(rng, ages[0]!.age, refYear, withFather);
      const children = makeChildren(rng, ages, parents[0]!.name.family, refYear);
      members = [...parents, ...children];
      if (type === 'three_generation') {
        // Mostly the husband's parents (patrilocal), sometimes the wife's.
        const viaFather = withFather && rng.chance(0.8);
        const parent = viaFather ? parents[0]! : parents[parents.length - 1]!;
        const grand = grandparentsFor(rng, yearsOf(parent), parent.name.family, refYear);
        members = [...grand, ...parents, ...children];
      }
      break;
    }
    case 'skipped_generation': {
      const ages = childAges(rng, rng.int(1, 3), 17);
      const grandmother = clamp(ages[0]!.age + rng.normal(50, 6), 40, MAX_AGE);
      const family = pickFamilyName(rng);
      members = [];
      const grandfather = Math.min(grandmother + rng.normal(4, 3), MAX_AGE);
      if (rng.chance(0.6) && !widowed(rng, grandfather))
        members.push(person(rng, 'male', grandfather, family, refYear));
      members.push(person(rng, 'female', grandmother, pickFamilyName(rng), refYear));
      members.push(...makeChildren(rng, ages, rng.chance(0.7) ? family : pickFamilyName(rng), refYear));
      break;
    }
  }
  const limit = Math.max(1, Math.min(maxSize, MAX_HOUSEHOLD_SIZE));
  return members.length > limit ? members.slice(0, limit) : members;
}
