/**
 * Test results: types, outcomes and the Ct rule. A Ct (cycle threshold) belongs to RT-PCR only
 * and lies in (0, 45]: a PCR run stops at 45 cycles at most.
 */

export const SPECIMEN_TEST_TYPES = ['rtPcr', 'rapidAntigen'] as const;
/** A test method. */
export type SpecimenTestType = (typeof SPECIMEN_TEST_TYPES)[number];

export const TEST_OUTCOMES = ['positive', 'negative', 'invalid'] as const;
/** The outcome of one test. */
export type TestOutcome = (typeof TEST_OUTCOMES)[number];

export const REGISTRATION_REASONS = ['symptoms', 'contact', 'screening', 'recall', 'travel'] as const;
/** Why a person is tested. */
export type RegistrationReason = (typeof REGISTRATION_REASONS)[number];

export const REGISTRATION_STATUSES = ['booked', 'collected', 'cancelled', 'no_show'] as const;
/** Where a registration stands. */
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** The largest Ct value a PCR run reports. */
export const CT_MAX = 45;

/** Why a Ct value was refused (an i18n key under `testing.ct.`). */
export type CtProblem = 'notForRapid' | 'outOfRange';

/** Check a Ct value for a test type; null when acceptable (a missing Ct is always acceptable). */
export function ctProblem(testType: SpecimenTestType, ct: number | null | undefined): CtProblem | null {
  if (ct === null || ct === undefined) return null;
  if (testType !== 'rtPcr') return 'notForRapid';
  if (!Number.isFinite(ct) || ct <= 0 || ct > CT_MAX) return 'outOfRange';
  return null;
}

/**
 * Read an outcome as labs and keyboards write it: `positive|negative|invalid`, `P/N/I`, `pos/neg`,
 * `+/-`, Vietnamese `dương tính / âm tính / không xác định` (with or without tones). Null when unknown.
 */
export function parseOutcome(raw: string): TestOutcome | null {
  const s = raw
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/đ/gu, 'd')
    .replace(/\s+/gu, ' ');
  switch (s) {
    case 'positive':
    case 'pos':
    case 'p':
    case '+':
    case 'duong tinh':
    case 'duong':
      return 'positive';
    case 'negative':
    case 'neg':
    case 'n':
    case '-':
    case 'am tinh':
    case 'am':
      return 'negative';
    case 'invalid':
    case 'i':
    case 'khong xac dinh':
    case 'khong hop le':
      return 'invalid';
    default:
      return null;
  }
}
