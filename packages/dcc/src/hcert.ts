/**
 * The health certificate payload (schema 1.3.x) and helpers to build one for issuance.
 */

/** Which kind of certificate: vaccination, test or recovery. */
export type CertificateType = 'v' | 't' | 'r';

/** `nam`: names as printed and ICAO 9303 transliterated (A-Z and "<"). */
export interface PersonName {
  fn?: string;
  fnt?: string;
  gn?: string;
  gnt?: string;
}

/** One vaccination entry (`v[]`). */
export interface VaccinationEntry {
  tg: string;
  vp: string;
  mp: string;
  ma: string;
  dn: number;
  sd: number;
  dt: string;
  co: string;
  is: string;
  ci: string;
}

/** One test entry (`t[]`). */
export interface TestEntry {
  tg: string;
  tt: string;
  nm?: string;
  ma?: string;
  sc: string;
  tr: string;
  tc?: string;
  co: string;
  is: string;
  ci: string;
}

/** One recovery entry (`r[]`). */
export interface RecoveryEntry {
  tg: string;
  fr: string;
  co: string;
  is: string;
  df: string;
  du: string;
  ci: string;
}

/** The EU DCC payload; exactly one of `v`, `t`, `r` is present. */
export interface HealthCertificate {
  ver: string;
  nam: PersonName;
  dob: string;
  v?: VaccinationEntry[];
  t?: TestEntry[];
  r?: RecoveryEntry[];
}

/** The schema version this package issues. */
export const ISSUED_SCHEMA_VERSION = '1.3.0';
/** SNOMED CT code of COVID-19, the only target disease (`tg`). */
export const TARGET_DISEASE_COVID19 = '840539006';
/** Test types (`tt`). */
export const TEST_TYPE = { naat: 'LP6464-4', rapidAntigen: 'LP217198-3' } as const;
/** Test results (`tr`). */
export const TEST_RESULT = { notDetected: '260415000', detected: '260373001' } as const;

/**
 * Vaccine products this province administers, with their prophylaxis (`vp`) and holder (`ma`)
 * codes. `vp` is one the eHN encoding instructions allow for the product
 * (`schema/valuesets/vaccine-encoding-instructions.json`, tested): the specific code where one is
 * listed (viral vector 29061000087103, inactivated 1157024006), the generic 28531000087107 where
 * it is the only one (Abdala).
 */
export const VACCINE_PRODUCTS = {
  'EU/1/20/1528': { name: 'Comirnaty', vp: '1119349007', ma: 'ORG-100030215' },
  'EU/1/20/1507': { name: 'Spikevax (Moderna)', vp: '1119349007', ma: 'ORG-100031184' },
  'EU/1/21/1529': { name: 'Vaxzevria', vp: '29061000087103', ma: 'ORG-100001699' },
  'EU/1/20/1525': { name: 'Jcovden (Janssen)', vp: '29061000087103', ma: 'ORG-100001417' },
  'BBIBP-CorV': { name: 'BBIBP-CorV (Sinopharm)', vp: '1157024006', ma: 'ORG-100020693' },
  'Sputnik-V': { name: 'Sputnik-V', vp: '29061000087103', ma: 'Gamaleya-Research-Institute' },
  Abdala: { name: 'Abdala (CIGB-66)', vp: '28531000087107', ma: 'CIGB' },
  'Hayat-Vax': { name: 'Hayat-Vax', vp: '1157024006', ma: 'ORG-100023050' },
} as const;
/** A vaccine product code (`mp`) known to the builders. */
export type VaccineProductCode = keyof typeof VACCINE_PRODUCTS;

/** The holder of a certificate, as entered (names in their usual spelling). */
export interface Holder {
  familyName: string;
  givenName: string;
  /** ISO 8601 date, or year-month, or year. */
  dateOfBirth: string;
}

/** What every entry shares. */
export interface EntryCommon {
  /** Country of the event, default "VN". */
  country?: string;
  /** Issuing authority, e.g. "Ministry of Health of Viet Nam". */
  issuerName: string;
  /** Unique certificate identifier, see {@link makeUvci}. */
  uvci: string;
}

/**
 * ICAO Doc 9303 Part 3, section 6 ("Transliteration of multinational Latin-based characters"):
 * the letters that do not become their base letter by dropping diacritics, with the
 * recommended transliteration (the first option where ICAO gives several).
 */
const ICAO_9303_LATIN: Readonly<Record<string, string>> = {
  Ä: 'AE',
  Å: 'AA',
  Æ: 'AE',
  Ð: 'D',
  Đ: 'D',
  Ħ: 'H',
  Ĳ: 'IJ',
  Ŀ: 'L',
  Ł: 'L',
  Ŋ: 'N',
  Ö: 'OE',
  Ø: 'OE',
  Œ: 'OE',
  ẞ: 'SS',
  Þ: 'TH',
  Ŧ: 'T',
  Ü: 'UE',
};

/**
 * ICAO 9303 machine-readable transliteration: upper case A-Z; letters with diacritics become their
 * base letter (Vietnamese included: Ư → U, Ơ → O, Đ → D) except those ICAO writes otherwise
 * (Ä/Ö/Ü → AE/OE/UE, Å → AA, Æ → AE, Ø → OE, Œ → OE, ß → SS, Þ → TH, Ð/Đ → D, Ł → L, Ħ → H,
 * Ĳ → IJ, Ŋ → N, Ŧ → T); spaces, hyphens and commas become "<"; apostrophes and other characters
 * are omitted; at most 80 characters.
 */
export function transliterate(name: string): string {
  const upper = name.normalize('NFC').toUpperCase();
  let mapped = '';
  for (const ch of upper) mapped += ICAO_9303_LATIN[ch] ?? ch;
  return mapped
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/['’ʼ`´]/gu, '')
    .replace(/[\s\-‐‑–,]+/gu, '<')
    .replace(/[^A-Z<]/g, '')
    .replace(/^<+|<+$/g, '')
    .slice(0, 80);
}

function names(holder: Holder): { nam: PersonName; dob: string } {
  return {
    nam: {
      fn: holder.familyName,
      fnt: transliterate(holder.familyName),
      gn: holder.givenName,
      gnt: transliterate(holder.givenName),
    },
    dob: holder.dateOfBirth,
  };
}

/** Input of {@link buildVaccinationCertificate}. */
export interface VaccinationInput extends EntryCommon {
  product: VaccineProductCode;
  doseNumber: number;
  totalDoses: number;
  /** Date of vaccination, YYYY-MM-DD. */
  date: string;
}

/**
 * The `dn`/`sd` of a dose by the EU encoding rule: a dose of the primary series is n/primary
 * (1/2, 2/2; Janssen 1/1); a booster after a one-dose primary series is n/1 (2/1, 3/1), so it is
 * never mistaken for a completed two-dose series; a booster after a primary series of two or more
 * doses is n/n (3/3, 4/4).
 * @param doseNumber the dose's number among the person's valid doses (1-based)
 * @param primaryDoses the doses of the primary series the person received (of the first dose's product)
 */
export function doseEncoding(doseNumber: number, primaryDoses: number): { dn: number; sd: number } {
  if (doseNumber <= primaryDoses) return { dn: doseNumber, sd: primaryDoses };
  if (primaryDoses === 1) return { dn: doseNumber, sd: 1 };
  return { dn: doseNumber, sd: doseNumber };
}

/** Builds a vaccination certificate payload (schema 1.3.0). */
export function buildVaccinationCertificate(holder: Holder, dose: VaccinationInput): HealthCertificate {
  const product = VACCINE_PRODUCTS[dose.product];
  return {
    ver: ISSUED_SCHEMA_VERSION,
    ...names(holder),
    v: [
      {
        tg: TARGET_DISEASE_COVID19,
        vp: product.vp,
        mp: dose.product,
        ma: product.ma,
        dn: dose.doseNumber,
        sd: dose.totalDoses,
        dt: dose.date,
        co: dose.country ?? 'VN',
        is: dose.issuerName,
        ci: dose.uvci,
      },
    ],
  };
}

/** Input of {@link buildTestCertificate}. */
export interface TestInput extends EntryCommon {
  type: keyof typeof TEST_TYPE;
  result: keyof typeof TEST_RESULT;
  /** Sample collection time (ISO 8601 date-time with offset). */
  sampledAt: Date;
  /** NAA test name (for NAAT). */
  testName?: string;
  /** Rapid antigen test device identifier (for RAT, from the JRC list). */
  deviceId?: string;
  /** Testing centre or facility. */
  centre?: string;
}

/** Builds a test certificate payload (schema 1.3.0). */
export function buildTestCertificate(holder: Holder, test: TestInput): HealthCertificate {
  const entry: TestEntry = {
    tg: TARGET_DISEASE_COVID19,
    tt: TEST_TYPE[test.type],
    sc: test.sampledAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    tr: TEST_RESULT[test.result],
    co: test.country ?? 'VN',
    is: test.issuerName,
    ci: test.uvci,
  };
  if (test.testName !== undefined) entry.nm = test.testName;
  if (test.deviceId !== undefined) entry.ma = test.deviceId;
  if (test.centre !== undefined) entry.tc = test.centre;
  return { ver: ISSUED_SCHEMA_VERSION, ...names(holder), t: [entry] };
}

/** Input of {@link buildRecoveryCertificate}. */
export interface RecoveryInput extends EntryCommon {
  /** Date of the first positive NAAT result, YYYY-MM-DD. */
  firstPositive: string;
  validFrom: string;
  validUntil: string;
}

/** Builds a recovery certificate payload (schema 1.3.0). */
export function buildRecoveryCertificate(holder: Holder, rec: RecoveryInput): HealthCertificate {
  return {
    ver: ISSUED_SCHEMA_VERSION,
    ...names(holder),
    r: [
      {
        tg: TARGET_DISEASE_COVID19,
        fr: rec.firstPositive,
        co: rec.country ?? 'VN',
        is: rec.issuerName,
        df: rec.validFrom,
        du: rec.validUntil,
        ci: rec.uvci,
      },
    ],
  };
}

const UVCI_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ/:';

/** Luhn mod N check character over the UVCI character set (0-9, A-Z, "/", ":"). */
export function uvciChecksum(text: string): string {
  const n = UVCI_CHARSET.length;
  let factor = 2;
  let sum = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const code = UVCI_CHARSET.indexOf(text.charAt(i));
    if (code < 0)
      throw new RangeError(`character ${JSON.stringify(text.charAt(i))} is not allowed in a UVCI`);
    let addend = factor * code;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return UVCI_CHARSET.charAt((n - (sum % n)) % n);
}

/**
 * Makes a UVCI `URN:UVCI:01:<country>:<opaque>#<check>` (eHealth Network UVCI guideline, schema
 * option 3: opaque identifier only). The opaque part must be upper-case A-Z, 0-9 and "/".
 */
export function makeUvci(opaqueId: string, country = 'VN'): string {
  if (!/^[A-Z0-9/]+$/.test(opaqueId)) throw new RangeError('UVCI opaque part must be A-Z, 0-9 or "/"');
  const body = `URN:UVCI:01:${country}:${opaqueId}`;
  return `${body}#${uvciChecksum(body)}`;
}

/** The certificate type of a payload, or undefined when it has none or more than one. */
export function certificateTypeOf(hcert: Readonly<Record<string, unknown>>): CertificateType | undefined {
  const present = (['v', 't', 'r'] as const).filter((t) => hcert[t] !== undefined);
  return present.length === 1 ? present[0] : undefined;
}
