/**
 * The people without an account who declare in the declarations benchmarks (`bench/declarations.ts`
 * through `openloop.ts`, `bench/declarations-cost.ts`): guest g is a deterministic stranger with a
 * Vietnamese name drawn like the demo province's (`@epilink/demo`: family names with southern
 * frequencies, middle names by sex and generation), born between 1945 and 2015, and a phone of
 * their own (09 + g on 8 digits).
 *
 * {@link UNKNOWN_DAY_SHARE} of them are born "1 January" of their year — the stand-in registries
 * use for an unknown birth day, so that day is crowded in a real registry too. Until 2026-12-03
 * every guest was "Khách Khai Báo g" born 1990-01-01: one block that record linkage fetched and
 * scored whole for every anonymous declaration, growing through a run.
 */
import {
  createRng,
  deriveSeed,
  formatName,
  pickFamilyName,
  pickGivenName,
  pickMiddleNames,
} from '@epilink/demo';

/** Share of guests whose birth day is unknown, recorded as 1 January of their year. */
export const UNKNOWN_DAY_SHARE = 0.05;

const FIRST_YEAR = 1945;
const LAST_YEAR = 2015;
const DAY_MS = 86_400_000;

/** Guest g's identity as a declaration names it. */
export function guestPerson(g: number): { fullName: string; dateOfBirth: string; phone: string } {
  const rng = createRng(deriveSeed(15, 'declaration-guest', String(g)));
  const sex = rng.next() < 0.5 ? 'male' : 'female';
  const year = rng.int(FIRST_YEAR, LAST_YEAR);
  let dateOfBirth = `${year}-01-01`;
  if (rng.next() >= UNKNOWN_DAY_SHARE) {
    const days = Math.round((Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS);
    dateOfBirth = new Date(Date.UTC(year, 0, 1) + rng.int(0, days - 1) * DAY_MS).toISOString().slice(0, 10);
  }
  const fullName = formatName({
    family: pickFamilyName(rng),
    middle: pickMiddleNames(rng, sex, year),
    given: pickGivenName(rng, sex),
  });
  return { fullName, dateOfBirth, phone: `09${String(g).padStart(8, '0')}` };
}
