/** Public types of the synthetic-province generator. */

/** One commune of the province, as the caller (the server) loads it from the unit list. */
export interface DemoCommune {
  /** GSO commune code, e.g. '28756'. */
  code: string;
  /** Commune name with its type, e.g. 'Phường Phú Khương', 'Xã Tân Thạch', 'Thị trấn Ba Tri'. */
  name: string;
  /** GSO district code, e.g. '829'. */
  districtCode: string;
  /** District name with its type, e.g. 'Thành phố Bến Tre', 'Huyện Châu Thành'. */
  districtName: string;
}

/** What to generate. */
export interface DemoInput {
  /** Seed of every random choice: the same input yields byte-identical output. */
  seed: number;
  /** Fraction of the real population: 0.01 ≈ 12,900 people (demo), 1.0 = 1.29 M (benchmarks). */
  scale: number;
  /** GSO province code, e.g. '83' (Bến Tre). */
  provinceCode: string;
  /** The province's communes (at least one). */
  communes: readonly DemoCommune[];
  /** Share of emitted person records that are planted near-duplicates (default 0.02). */
  duplicateRate?: number;
  /**
   * Probability that a person whose name and sex coincide with a recent person of another
   * household and a compatible age is born on that person's day too: a planted namesake (same
   * name + DOB + sex, a different human). The default 0.022 puts about 0.9 % of people in such
   * groups at the benchmark's 100,000 (0.5 % in the 12,900-person demo), the density a full
   * province has (the natural collisions of a 100,000 sample alone are 0.07 %). Namesakes follow name frequency: common names collide most.
   */
  namesakeRate?: number;
  /** Date the ages refer to, YYYY-MM-DD (default '2022-01-01'). */
  referenceDate?: string;
  /** Target number of person records per emitted batch (default 5,000; households are not split). */
  batchSize?: number;
  /** Total population at scale 1.0 (default: Bến Tre's 1,288,206 from the 2019 census). */
  population?: number;
}

/** A household: every person belongs to exactly one. */
export interface DemoHousehold {
  /** Stable key, e.g. 'h0000001'. */
  key: string;
  communeCode: string;
  /** Canonical address, e.g. 'Số 12, Ấp Phú Hòa, Xã Phú Nhuận, Huyện Châu Thành'. */
  address: string;
}

/** Sex as recorded on the ID card. */
export type DemoSex = 'male' | 'female';

/** The data-entry variations a planted duplicate can carry (see variations.ts for the mix). */
export type DuplicateVariation =
  | 'name_nfd'
  | 'name_ascii_upper'
  | 'name_tone_placement'
  | 'name_typo'
  | 'name_missing_middle'
  | 'dob_day_month_swap'
  | 'phone_plus84'
  | 'phone_missing'
  | 'id_missing'
  | 'cmnd_instead_of_cccd'
  | 'address_format';

/** One person record. Originals have `duplicateOf === null`; planted duplicates point at one. */
export interface DemoPerson {
  /** Stable key in emission order, e.g. 'p0000001'. Duplicates get their own key. */
  key: string;
  householdKey: string;
  /** Vietnamese full name, family name first, NFC (duplicates may deliberately differ). */
  fullName: string;
  sex: DemoSex;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  /** 12-digit citizen ID consistent with sex and birth year, or null (children under 14, some adults). */
  cccd: string | null;
  /** 9-digit old ID card number, or null. */
  cmnd: string | null;
  /** Passport number (rare), or null. */
  passport: string | null;
  /** Mobile phone, canonical 10 digits '0…' (duplicates may use '+84…'), or null. */
  phone: string | null;
  communeCode: string;
  address: string;
  /** Key of the original person this record duplicates, or null for an original. */
  duplicateOf: string | null;
  /**
   * Key of the earlier original this person is a planted namesake of (same folded name, DOB and
   * sex; a different human: never to be merged), or null.
   */
  namesakeOf: string | null;
  /** Ground truth for linkage tests: the variations applied ([] for originals). */
  variations: DuplicateVariation[];
}

/** One streamed batch: the households first seen in it and the person records. */
export interface DemoBatch {
  households: DemoHousehold[];
  people: DemoPerson[];
}

/** Kinds of health facilities and sites. */
export type DemoFacilityKind =
  | 'commune_health_station'
  | 'district_health_centre'
  | 'provincial_hospital'
  | 'district_hospital'
  | 'test_site'
  | 'vaccination_site'
  | 'quarantine_facility';

/** A health facility or site. */
export interface DemoFacility {
  /** Stable key, e.g. 'f0001'. */
  key: string;
  kind: DemoFacilityKind;
  /** Vietnamese name, e.g. 'Trạm Y tế Phường Phú Khương'. */
  name: string;
  /** Commune code (stations, sites) or district code (centres, hospitals). */
  unitCode: string;
  address: string;
  /** Beds for hospitals and quarantine facilities, else null. */
  capacity: number | null;
}
