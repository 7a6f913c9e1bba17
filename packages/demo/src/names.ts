/** Drawing Vietnamese names, and the tone-placement variants data entry produces. */
import type { Rng } from './rng.ts';
import { WeightedTable } from './rng.ts';
import type { DemoSex } from './types.ts';
import {
  FAMILY_NAMES,
  FEMALE_GIVEN,
  FEMALE_MIDDLE_OLD,
  FEMALE_MIDDLE_YOUNG,
  MALE_GIVEN,
  MALE_MIDDLE_OLD,
  MALE_MIDDLE_YOUNG,
  SECOND_MIDDLE_FEMALE,
  SECOND_MIDDLE_MALE,
  givenNameWeights,
} from './names-data.ts';

/** A name split into its parts, family name first. */
export interface NameParts {
  family: string;
  middle: string[];
  given: string;
}

const familyTable = WeightedTable.of(FAMILY_NAMES);
const middleTables = {
  male: { old: WeightedTable.of(MALE_MIDDLE_OLD), young: WeightedTable.of(MALE_MIDDLE_YOUNG) },
  female: { old: WeightedTable.of(FEMALE_MIDDLE_OLD), young: WeightedTable.of(FEMALE_MIDDLE_YOUNG) },
} as const;
const givenTables = {
  male: new WeightedTable(MALE_GIVEN, givenNameWeights(MALE_GIVEN)),
  female: new WeightedTable(FEMALE_GIVEN, givenNameWeights(FEMALE_GIVEN)),
} as const;

/** Share of people with no middle name, and with two. */
const NO_MIDDLE_SHARE = 0.03;
const TWO_MIDDLE_SHARE = 0.06;

/** Draw a family name with southern frequencies (Nguyễn ~31 %). */
export function pickFamilyName(rng: Rng): string {
  return familyTable.sample(rng);
}

/** Draw middle names by sex and generation: none (3 %), one, or two (6 %). */
export function pickMiddleNames(rng: Rng, sex: DemoSex, birthYear: number): string[] {
  const r = rng.next();
  if (r < NO_MIDDLE_SHARE) return [];
  const table = middleTables[sex][birthYear < 1980 ? 'old' : 'young'];
  const first = table.sample(rng);
  if (r < NO_MIDDLE_SHARE + TWO_MIDDLE_SHARE) {
    const second = rng.pick(sex === 'male' ? SECOND_MIDDLE_MALE : SECOND_MIDDLE_FEMALE);
    if (second !== first) return [first, second];
  }
  return [first];
}

/** Draw a given name by sex, avoiding the names in `taken` (siblings do not share a given name). */
export function pickGivenName(rng: Rng, sex: DemoSex, taken?: ReadonlySet<string>): string {
  const table = givenTables[sex];
  for (let i = 0; i < 20; i++) {
    const name = table.sample(rng);
    if (taken === undefined || !taken.has(name)) return name;
  }
  return rng.pick(sex === 'male' ? MALE_GIVEN : FEMALE_GIVEN);
}

/** The full name, family name first, single spaces, NFC. */
export function formatName(parts: NameParts): string {
  return [parts.family, ...parts.middle, parts.given].join(' ');
}

const TONE = '[\u0300\u0301\u0303\u0309\u0323]';
const OLD_STYLE = new RegExp(`(^|[^qQ])([oO])(${TONE})([aAeE])$`, 'u');
const OLD_STYLE_UY = new RegExp(`(^|[^qQ])([uU])(${TONE})([yY])$`, 'u');
const NEW_STYLE = new RegExp(`(^|[^qQ])([oO])([aAeE])(${TONE})$`, 'u');
const NEW_STYLE_UY = new RegExp(`(^|[^qQ])([uU])([yY])(${TONE})$`, 'u');

/**
 * Swap the tone-mark placement of open syllables ending in -oa, -oe, -uy:
 * 'Hòa' ↔ 'Hoà', 'Thủy' ↔ 'Thuỷ' (both styles occur in official data). Syllables after 'q'
 * ('Quý') and closed syllables ('Hoàng') have one placement only and are left alone.
 * Returns NFC; returns the input unchanged when no syllable qualifies.
 */
export function swapTonePlacement(text: string): string {
  return text
    .split(' ')
    .map((word) => {
      const d = word.normalize('NFD');
      const swapped = d.replace(OLD_STYLE, '$1$2$4$3').replace(OLD_STYLE_UY, '$1$2$4$3');
      const result =
        swapped !== d ? swapped : d.replace(NEW_STYLE, '$1$2$4$3').replace(NEW_STYLE_UY, '$1$2$4$3');
      return result.normalize('NFC');
    })
    .join(' ');
}
