/**
 * Blocking keys: the server stores these per record and fetches as candidates only the records
 * sharing a key, then scores them with `scorePair`. Keys are chosen so that a duplicate differing
 * by one typical data-entry variation (diacritics or none, NFD, tone placement, one name typo,
 * day/month swap, phone written +84…, missing ID, missing middle name) still shares a key:
 *  - `cccd:` / `cmnd:` / `pp:` the ID numbers;
 *  - `phone:` the normalised mobile;
 *  - `dob:<date>:<name end>` the date of birth (plus its day/month-swapped form when that is a
 *    real date) with the folded family name, and again with the folded given name: a typo in one
 *    end of the name, or the name written family-last, still shares the other end. The date alone
 *    would put everyone born that day in one block — on 1 January (the usual stand-in for an
 *    unknown birth day) hundreds of people a year in a province, each compared with each; a record
 *    without a name keeps the bare date;
 *  - `nm:<family> <given>:<birth year>` (survives a middle-name typo or a missing middle name and
 *    a DOB typo outside the year);
 *  - `nf:<folded full name>:<commune>` (survives a missing or wrong DOB).
 * The name keys are narrowed by year and commune so that no block grows with the population:
 * a key shared by thousands ("nguyen thi thuy" across a province) would make every insert
 * compare against all of them.
 * Two variations at once (a name typo and a missing DOB) can escape every block.
 */
import { isRealDate } from '../identity/dates.ts';
import type { LinkRecord, PreparedLinkRecord } from './record.ts';
import { preparedRecord } from './record.ts';

const pad = (n: number): string => String(n).padStart(2, '0');

/** The blocking keys of one record (deduplicated, stable order). */
export function blockingKeys(rec: LinkRecord): string[] {
  return blockingKeysOf(preparedRecord(rec));
}

/** The blocking keys of a record already prepared (ingest prepares each record once). */
export function blockingKeysOf(p: PreparedLinkRecord): string[] {
  const keys: string[] = [];
  if (p.cccd !== '') keys.push(`cccd:${p.cccd}`);
  if (p.cmnd !== '') keys.push(`cmnd:${p.cmnd}`);
  if (p.passport !== '') keys.push(`pp:${p.passport}`);
  if (p.phone !== '') keys.push(`phone:${p.phone}`);
  if (p.year !== 0) {
    const y = String(p.year).padStart(4, '0');
    const dates = [`dob:${y}-${pad(p.month)}-${pad(p.day)}`];
    if (p.day !== p.month && isRealDate(p.year, p.day, p.month))
      dates.push(`dob:${y}-${pad(p.day)}-${pad(p.month)}`);
    // The date alone only for a record without a name; else the date with each name end.
    const ends =
      p.family === '' ? [] : p.given === '' || p.given === p.family ? [p.family] : [p.family, p.given];
    for (const date of dates) {
      if (ends.length === 0) keys.push(date);
      for (const end of ends) keys.push(`${date}:${end}`);
    }
    if (p.family !== '') keys.push(`nm:${p.family}${p.given === '' ? '' : ` ${p.given}`}:${y}`);
  }
  if (p.name !== '') keys.push(p.commune === '' ? `nf:${p.name}` : `nf:${p.name}:${p.commune}`);
  return keys;
}
