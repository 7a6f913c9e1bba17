/**
 * Parsers for the two person QR codes scanned at check-in and registration desks:
 *  - Personal QR (Decision 1405/QĐ-BTTTT v1.1): `SoGiayTo|HoTen|NgaySinh|LoaiDinhDanh|QID|EXT`
 *  - CCCD chip-card QR: `ID|oldCMND|Full name|DOB ddmmyyyy|Nam/Nữ|Address|Issue date ddmmyyyy`
 * Scanned text is hostile input: it is length-limited and rejected on control characters.
 */
import { parseDdmmyyyy, parseIsoDate } from './dates.ts';
import type { CccdInconsistency, IdKind, IdNumberReason, Sex } from './id-number.ts';
import { checkCccdAgainstPerson, classifyIdNumber, parseCccd } from './id-number.ts';

/** Longest QR payload accepted (a CCCD QR with a long address is about 200 characters). */
export const MAX_QR_LENGTH = 1000;
const MAX_NAME_LENGTH = 100;
const MAX_FIELD_LENGTH = 300;

/** Why a scanned string is not a person QR. */
export type QrReason =
  | 'QR_EMPTY'
  | 'QR_TOO_LONG'
  | 'QR_CONTROL_CHARACTERS'
  | 'QR_FIELD_COUNT'
  | 'QR_FIELD_TOO_LONG'
  | 'QR_INVALID_ID'
  | 'QR_INVALID_NAME'
  | 'QR_INVALID_DATE'
  | 'QR_INVALID_SEX'
  | 'QR_INVALID_IDENTITY_TYPE'
  | 'QR_UNRECOGNISED';

export type QrResult<T> = { ok: true; value: T } | { ok: false; reason: QrReason; idReason?: IdNumberReason };

/** Content of a Personal QR (1405/QĐ-BTTTT). */
export interface PersonalQr {
  format: 'personal';
  idNumber: string;
  idKind: IdKind;
  /** As printed: upper case without diacritics. */
  fullName: string;
  dateOfBirth: string;
  /** LoaiDinhDanh 1: the code was issued by someone on the holder's behalf. */
  onBehalf: boolean;
  qid: string;
  ext: string;
}

/** Content of the QR on a chip CCCD card. */
export interface CccdCardQr {
  format: 'cccd';
  cccd: string;
  oldCmnd: string | null;
  /** NFC, with diacritics. */
  fullName: string;
  dateOfBirth: string;
  sex: Sex;
  address: string;
  issueDate: string;
  /** Contradictions between the number and the printed sex/date of birth (usually none). */
  inconsistencies: CccdInconsistency[];
}

export type PersonQr = PersonalQr | CccdCardQr;

// C0, DEL, C1 controls and bidirectional overrides (text that displays differently than it reads).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** Common checks: length, control characters (one trailing newline from scanners is tolerated). */
function splitFields(raw: string, count: number): QrResult<string[]> {
  if (raw.length > MAX_QR_LENGTH) return { ok: false, reason: 'QR_TOO_LONG' };
  const text = raw.replace(/\r?\n$/u, '').normalize('NFC');
  if (text.trim().length === 0) return { ok: false, reason: 'QR_EMPTY' };
  if (CONTROL.test(text)) return { ok: false, reason: 'QR_CONTROL_CHARACTERS' };
  const fields = text.split('|').map((f) => f.trim());
  if (fields.length !== count) return { ok: false, reason: 'QR_FIELD_COUNT' };
  if (fields.some((f) => f.length > MAX_FIELD_LENGTH)) return { ok: false, reason: 'QR_FIELD_TOO_LONG' };
  return { ok: true, value: fields };
}

/** Letters (any script, with marks), spaces, apostrophes, hyphens and dots. */
function isPlausibleName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_NAME_LENGTH && /^[\p{L}\p{M}][\p{L}\p{M} '.-]*$/u.test(name);
}

/** Parse a Personal QR (1405/QĐ-BTTTT): six `|`-separated fields, DOB as YYYY-MM-DD. */
export function parsePersonalQr(raw: string): QrResult<PersonalQr> {
  const split = splitFields(raw, 6);
  if (!split.ok) return split;
  const [idRaw = '', nameRaw = '', dob = '', type = '', qid = '', ext = ''] = split.value;
  const id = classifyIdNumber(idRaw);
  if (!id.ok) return { ok: false, reason: 'QR_INVALID_ID', idReason: id.reason };
  const fullName = nameRaw.replace(/\s+/gu, ' ');
  if (!isPlausibleName(fullName)) return { ok: false, reason: 'QR_INVALID_NAME' };
  if (parseIsoDate(dob) === null) return { ok: false, reason: 'QR_INVALID_DATE' };
  if (type !== '0' && type !== '1') return { ok: false, reason: 'QR_INVALID_IDENTITY_TYPE' };
  return {
    ok: true,
    value: {
      format: 'personal',
      idNumber: id.value,
      idKind: id.kind,
      fullName,
      dateOfBirth: dob,
      onBehalf: type === '1',
      qid,
      ext,
    },
  };
}

/** Parse the QR printed on a chip CCCD card: seven `|`-separated fields, dates as ddmmyyyy. */
export function parseCccdCardQr(raw: string): QrResult<CccdCardQr> {
  const split = splitFields(raw, 7);
  if (!split.ok) return split;
  const [idRaw = '', cmndRaw = '', nameRaw = '', dobRaw = '', sexRaw = '', address = '', issueRaw = ''] =
    split.value;
  const cccd = parseCccd(idRaw);
  if (!cccd.ok) return { ok: false, reason: 'QR_INVALID_ID', idReason: cccd.reason };
  let oldCmnd: string | null = null;
  if (cmndRaw !== '') {
    const cmnd = classifyIdNumber(cmndRaw);
    if (!cmnd.ok || cmnd.kind === 'passport') {
      return { ok: false, reason: 'QR_INVALID_ID', idReason: cmnd.ok ? 'ID_WRONG_LENGTH' : cmnd.reason };
    }
    oldCmnd = cmnd.value;
  }
  const fullName = nameRaw.replace(/\s+/gu, ' ');
  if (!isPlausibleName(fullName)) return { ok: false, reason: 'QR_INVALID_NAME' };
  const dateOfBirth = parseDdmmyyyy(dobRaw);
  const issueDate = parseDdmmyyyy(issueRaw);
  if (dateOfBirth === null || issueDate === null || issueDate < dateOfBirth) {
    return { ok: false, reason: 'QR_INVALID_DATE' };
  }
  const sexText = sexRaw.toLowerCase();
  const sex: Sex | null = sexText === 'nam' ? 'male' : sexText === 'nữ' || sexText === 'nu' ? 'female' : null;
  if (sex === null) return { ok: false, reason: 'QR_INVALID_SEX' };
  const value: CccdCardQr = {
    format: 'cccd',
    cccd: cccd.value.value,
    oldCmnd,
    fullName,
    dateOfBirth,
    sex,
    address: address.replace(/\s+/gu, ' '),
    issueDate,
    inconsistencies: checkCccdAgainstPerson(cccd.value.value, { sex, dateOfBirth }),
  };
  return { ok: true, value };
}

/**
 * Try both person QR formats (chosen by field count) and return whichever parses. Reasons of
 * the matching format are returned as-is; a string with neither field count is QR_UNRECOGNISED.
 */
export function detectPersonQr(raw: string): QrResult<PersonQr> {
  if (raw.length > MAX_QR_LENGTH) return { ok: false, reason: 'QR_TOO_LONG' };
  const fields = raw.split('|').length;
  if (fields === 6) return parsePersonalQr(raw);
  if (fields === 7) return parseCccdCardQr(raw);
  const personal = parsePersonalQr(raw);
  return personal.ok || personal.reason !== 'QR_FIELD_COUNT'
    ? personal
    : { ok: false, reason: 'QR_UNRECOGNISED' };
}
