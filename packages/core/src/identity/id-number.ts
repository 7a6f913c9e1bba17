/**
 * Vietnamese identity document numbers: CCCD (12-digit personal ID), old CMND (9 digits) and
 * passports. See DOMAIN.md "People and identifiers".
 *
 * CCCD = 3-digit province of birth registration ("0" + GSO province code, Bến Tre = 083)
 *      + century/sex digit (0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7, 8/9)
 *      + 2-digit year of birth + 6-digit serial.
 */
import { parseIsoDate } from './dates.ts';

/**
 * The 63 GSO province codes of the 2021-11 unit list (01 Hà Nội … 96 Cà Mau), hard-coded from
 * `shared/data/vn-admin-units-2021-11.json` because core does no I/O. A CCCD carries them as
 * "0" + code: the province where the birth was registered, as it was when the card was issued, so
 * the codes of provinces merged in the 2025 reform (083 Bến Tre, 084 Trà Vinh…) stay valid; each of
 * the 34 provinces from 1/7/2025 kept a predecessor's code, so this list covers them too.
 */
export const PROVINCE_CODES_2021: readonly string[] = (
  '01 02 04 06 08 10 11 12 14 15 17 19 20 22 24 25 26 27 30 31 33 34 35 36 37 38 40 42 44 45 46 48 ' +
  '49 51 52 54 56 58 60 62 64 66 67 68 70 72 74 75 77 79 80 82 83 84 86 87 89 91 92 93 94 95 96'
).split(' ');

const PROVINCE_SET: ReadonlySet<string> = new Set(PROVINCE_CODES_2021);

export type Sex = 'male' | 'female';

/** Why a string is not a valid identity number. */
export type IdNumberReason = 'ID_EMPTY' | 'ID_INVALID_CHARACTERS' | 'ID_WRONG_LENGTH' | 'ID_UNKNOWN_PROVINCE';

/** The facts a CCCD number states about its holder. */
export interface CccdInfo {
  value: string;
  /** 3-digit code as printed in the number, e.g. "083". */
  provinceCode: string;
  sex: Sex;
  /** First year of the century encoded by the century/sex digit (1900, 2000, …). */
  century: number;
  birthYear: number;
  serial: string;
}

export type CccdResult = { ok: true; value: CccdInfo } | { ok: false; reason: IdNumberReason };

export type IdKind = 'cccd' | 'cmnd' | 'passport';

export type IdClassification =
  { ok: true; kind: IdKind; value: string } | { ok: false; reason: IdNumberReason };

/** Remove the separators people type inside ID numbers (spaces, dots, dashes). */
export function compactIdNumber(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/[\s.\-_]/gu, '')
    .toUpperCase();
}

/** True when `code` ("083" or "83") is one of the 63 province codes. */
export function isProvinceCode(code: string): boolean {
  const two = code.length === 3 && code.startsWith('0') ? code.slice(1) : code;
  return PROVINCE_SET.has(two);
}

/**
 * Parse a 12-digit CCCD number (separators allowed) into province, sex and year of birth,
 * or a reason code when the structure is wrong.
 */
export function parseCccd(raw: string): CccdResult {
  const value = compactIdNumber(raw);
  if (value.length === 0) return { ok: false, reason: 'ID_EMPTY' };
  if (!/^\d+$/u.test(value)) return { ok: false, reason: 'ID_INVALID_CHARACTERS' };
  if (value.length !== 12) return { ok: false, reason: 'ID_WRONG_LENGTH' };
  const provinceCode = value.slice(0, 3);
  if (!isProvinceCode(provinceCode)) return { ok: false, reason: 'ID_UNKNOWN_PROVINCE' };
  const centurySex = Number(value[3]);
  const century = 1900 + Math.floor(centurySex / 2) * 100;
  const sex: Sex = centurySex % 2 === 0 ? 'male' : 'female';
  const birthYear = century + Number(value.slice(4, 6));
  return { ok: true, value: { value, provinceCode, sex, century, birthYear, serial: value.slice(6) } };
}

/**
 * Classify a typed identity number after removing spaces and dots: 12 digits = CCCD (checked
 * with {@link parseCccd}), 9 digits = old CMND, one letter + 7 digits = Vietnamese passport,
 * 6-9 letters/digits with at least one letter = foreign passport. An all-digit number of another
 * length is rejected (most likely a mistyped CCCD/CMND) unless `hint` is 'passport'.
 */
export function classifyIdNumber(raw: string, hint?: IdKind): IdClassification {
  const value = compactIdNumber(raw);
  if (value.length === 0) return { ok: false, reason: 'ID_EMPTY' };
  if (!/^[A-Z0-9]+$/u.test(value)) return { ok: false, reason: 'ID_INVALID_CHARACTERS' };
  const allDigits = /^\d+$/u.test(value);
  if (hint === 'passport' && value.length >= 6 && value.length <= 9) {
    return { ok: true, kind: 'passport', value };
  }
  if (allDigits && value.length === 12) {
    const cccd = parseCccd(value);
    return cccd.ok ? { ok: true, kind: 'cccd', value } : cccd;
  }
  if (allDigits && value.length === 9) return { ok: true, kind: 'cmnd', value };
  if (!allDigits && value.length >= 6 && value.length <= 9) return { ok: true, kind: 'passport', value };
  return { ok: false, reason: 'ID_WRONG_LENGTH' };
}

/** A contradiction between what a CCCD number says and the person it is recorded for. */
export type CccdInconsistency =
  | { code: 'CCCD_INVALID'; reason: IdNumberReason }
  | { code: 'CCCD_SEX_MISMATCH'; cccdSays: Sex; recorded: Sex }
  | { code: 'CCCD_CENTURY_MISMATCH'; cccdSays: number; recorded: number }
  | { code: 'CCCD_BIRTH_YEAR_MISMATCH'; cccdSays: number; recorded: number };

/**
 * Compare a CCCD with the person's recorded sex and date of birth; an ID whose sex, century or
 * year digits contradict them is a data-entry error to flag. Unknown facts (null) are not checked.
 * A century mismatch is reported alone (the year then differs too, by construction).
 */
export function checkCccdAgainstPerson(
  cccd: string,
  person: { sex: Sex | null; dateOfBirth: string | null },
): CccdInconsistency[] {
  const parsed = parseCccd(cccd);
  if (!parsed.ok) return [{ code: 'CCCD_INVALID', reason: parsed.reason }];
  const info = parsed.value;
  const out: CccdInconsistency[] = [];
  if (person.sex !== null && person.sex !== info.sex) {
    out.push({ code: 'CCCD_SEX_MISMATCH', cccdSays: info.sex, recorded: person.sex });
  }
  const dob = person.dateOfBirth === null ? null : parseIsoDate(person.dateOfBirth);
  if (dob !== null) {
    const recordedCentury = Math.floor(dob.year / 100) * 100;
    if (recordedCentury !== info.century) {
      out.push({ code: 'CCCD_CENTURY_MISMATCH', cccdSays: info.century, recorded: recordedCentury });
    } else if (dob.year !== info.birthYear) {
      out.push({ code: 'CCCD_BIRTH_YEAR_MISMATCH', cccdSays: info.birthYear, recorded: dob.year });
    }
  }
  return out;
}

/**
 * Build a structurally valid CCCD (demo data and tests). `provinceCode` is the GSO code as
 * "83", "083" or 83; `serial` is 0..999999. Throws RangeError on values a CCCD cannot encode.
 */
export function makeCccd(provinceCode: string | number, sex: Sex, birthYear: number, serial: number): string {
  const code = String(provinceCode)
    .padStart(2, '0')
    .replace(/^0(\d\d)$/u, '$1');
  if (!PROVINCE_SET.has(code)) throw new RangeError(`Unknown province code: ${String(provinceCode)}`);
  if (!Number.isInteger(birthYear) || birthYear < 1900 || birthYear > 2399) {
    throw new RangeError(`Birth year out of range: ${birthYear}`);
  }
  if (!Number.isInteger(serial) || serial < 0 || serial > 999_999) {
    throw new RangeError(`Serial out of range: ${serial}`);
  }
  const centurySex = Math.floor((birthYear - 1900) / 100) * 2 + (sex === 'female' ? 1 : 0);
  const yy = String(birthYear % 100).padStart(2, '0');
  return `0${code}${centurySex}${yy}${String(serial).padStart(6, '0')}`;
}
