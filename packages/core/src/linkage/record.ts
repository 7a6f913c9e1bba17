/**
 * The linkage view of a person record and its prepared (folded, parsed) form. Preparing folds
 * names and parses dates once per record, so pair scoring does no string normalisation.
 */
import { checkCccdAgainstPerson, compactIdNumber } from '../identity/id-number.ts';
import { normalizePhone } from '../identity/phone.ts';
import { parseIsoDate } from '../identity/dates.ts';
import { foldText, nameTokens, toneKey } from '../text/normalize.ts';

/** What record linkage looks at in a person record. */
export interface LinkRecord {
  id: string;
  fullName: string;
  dateOfBirth: string | null;
  sex: 'male' | 'female' | null;
  cccd?: string | null;
  cmnd?: string | null;
  passport?: string | null;
  phone?: string | null;
  communeCode?: string | null;
  address?: string | null;
}

/** A record with every compared field normalised; `''` / 0 mean "unknown". */
export interface PreparedLinkRecord {
  id: string;
  /** Folded full name, e.g. "nguyen van duc". */
  name: string;
  /** Tone-aware name key (see toneKey); '' when the name was written without diacritics. */
  tonedName: string;
  /**
   * The folded name tokens sorted, joined by a space ("hung nguyen van"): the same for
   * "Nguyễn Văn Hùng" and "Văn Hùng Nguyễn". Also the key of the name-frequency table.
   */
  nameSet: string;
  /**
   * Fellegi–Sunter u-probability of this name: the share of registry records carrying it
   * (see {@link nameFrequencyU}); undefined when no frequency table was consulted.
   */
  nameU?: number;
  /** Folded family + given name without middle names ("nguyen duc"). */
  shortName: string;
  family: string;
  given: string;
  nameTokenCount: number;
  /** YYYYMMDD digits, or '' when unknown. */
  dobDigits: string;
  year: number;
  month: number;
  day: number;
  sex: 'male' | 'female' | null;
  cccd: string;
  /** True when the CCCD's own sex/century/year digits contradict the record's sex or DOB. */
  cccdContradicts: boolean;
  cmnd: string;
  passport: string;
  phone: string;
  commune: string;
  address: string;
  /** The house number the address starts with ("12", "45/3"), or ''. */
  houseNumber: string;
}

/** A leading house number, after an optional "số" (folded "so"): "so 12 ...", "45/3 duong ...". */
const HOUSE_NUMBER = /^(?:so )?(\d+[a-z]?(?:\/\d+[a-z]?)*)(?: |$)/u;

const cache = new WeakMap<LinkRecord, PreparedLinkRecord>();

/** The order-insensitive name key: folded tokens sorted and joined ("hung nguyen van"). */
export function nameSetKey(tokens: readonly string[]): string {
  return [...tokens].sort().join(' ');
}

/** The order-insensitive name key of a full name as typed (any case, accents, NFD). */
export function nameSetOf(fullName: string): string {
  return nameSetKey(nameTokens(foldText(fullName)));
}

/** Normalise a record for scoring and blocking. Pure; see {@link preparedRecord} for the cached form. */
export function prepareLinkRecord(rec: LinkRecord): PreparedLinkRecord {
  const name = foldText(rec.fullName);
  const tokens = nameTokens(name);
  const family = tokens[0] ?? '';
  const given = tokens.length > 1 ? (tokens[tokens.length - 1] ?? '') : '';
  const dob = rec.dateOfBirth === null ? null : parseIsoDate(rec.dateOfBirth);
  const id = (v: string | null | undefined): string => (v == null ? '' : compactIdNumber(v));
  const cccd = id(rec.cccd);
  const address =
    rec.address == null ? '' : foldText(rec.address).replace(/[.,;]/gu, ' ').replace(/\s+/gu, ' ').trim();
  return {
    id: rec.id,
    name,
    nameSet: nameSetKey(tokens),
    tonedName: toneKey(rec.fullName),
    shortName: given === '' ? family : `${family} ${given}`,
    family,
    given,
    nameTokenCount: tokens.length,
    dobDigits: dob === null ? '' : rec.dateOfBirth!.replace(/-/gu, ''),
    year: dob?.year ?? 0,
    month: dob?.month ?? 0,
    day: dob?.day ?? 0,
    sex: rec.sex,
    cccd,
    cccdContradicts:
      cccd !== '' &&
      (rec.sex !== null || dob !== null) &&
      checkCccdAgainstPerson(cccd, { sex: rec.sex, dateOfBirth: dob === null ? null : rec.dateOfBirth }).some(
        (c) => c.code !== 'CCCD_INVALID',
      ),
    cmnd: id(rec.cmnd),
    passport: id(rec.passport),
    phone: rec.phone == null ? '' : (normalizePhone(rec.phone) ?? ''),
    commune: rec.communeCode?.trim() ?? '',
    address,
    houseNumber: HOUSE_NUMBER.exec(address)?.[1] ?? '',
  };
}

/**
 * The prepared form of a record, computed once and remembered for the lifetime of the object
 * (a WeakMap, so it never leaks). Do not mutate a record after it has been scored.
 */
export function preparedRecord(rec: LinkRecord): PreparedLinkRecord {
  let p = cache.get(rec);
  if (p === undefined) {
    p = prepareLinkRecord(rec);
    cache.set(rec, p);
  }
  return p;
}
