/**
 * The one error vocabulary of EpiLink: every failure the product reports has a code, an HTTP
 * status and a message key translated in `i18n/`. Server, web and CLI all speak it.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, messageKey: 'errors.validationFailed' },
  MALFORMED_REQUEST: { status: 400, messageKey: 'errors.malformedRequest' },
  PAYLOAD_TOO_LARGE: { status: 413, messageKey: 'errors.payloadTooLarge' },
  UNAUTHENTICATED: { status: 401, messageKey: 'errors.unauthenticated' },
  SIGN_IN_FAILED: { status: 401, messageKey: 'errors.signInFailed' },
  SIGN_IN_THROTTLED: { status: 429, messageKey: 'errors.signInThrottled' },
  ENROLMENT_CODE_REQUIRED: { status: 403, messageKey: 'errors.enrolmentCodeRequired' },
  FORBIDDEN: { status: 403, messageKey: 'errors.forbidden' },
  NOT_FOUND: { status: 404, messageKey: 'errors.notFound' },
  CONFLICT: { status: 409, messageKey: 'errors.conflict' },
  UNKNOWN_CODE: { status: 422, messageKey: 'errors.unknownCode' },
  REFERENCE_NOT_FOUND: { status: 422, messageKey: 'errors.referenceNotFound' },
  CONSTRAINT_VIOLATION: { status: 422, messageKey: 'errors.constraintViolation' },
  INVALID_ID_NUMBER: { status: 422, messageKey: 'errors.invalidIdNumber' },
  INVALID_PHONE: { status: 422, messageKey: 'errors.invalidPhone' },
  ALREADY_MERGED: { status: 409, messageKey: 'errors.alreadyMerged' },
  RATE_LIMITED: { status: 429, messageKey: 'errors.rateLimited' },
  UNAVAILABLE: { status: 503, messageKey: 'errors.unavailable' },
  DOSE_REFUSED: { status: 422, messageKey: 'vaccination.errors.doseRefused' },
  LOT_UNUSABLE: { status: 422, messageKey: 'vaccination.errors.lotUnusable' },
  OUT_OF_STOCK: { status: 409, messageKey: 'vaccination.errors.outOfStock' },
  SCREENING_FAILED: { status: 422, messageKey: 'vaccination.errors.screeningFailed' },
  SIGNING_NOT_CONFIGURED: { status: 503, messageKey: 'vaccination.errors.signingNotConfigured' },
  INTERNAL: { status: 500, messageKey: 'errors.internal' },
  VENUE_TOKEN_INVALID: { status: 404, messageKey: 'checkin.errors.tokenInvalid' },
  VENUE_TOKEN_REVOKED: { status: 410, messageKey: 'checkin.errors.tokenRevoked' },
  VENUE_NOT_OPEN: { status: 409, messageKey: 'checkin.errors.venueNotOpen' },
  NOT_CHECKED_IN: { status: 409, messageKey: 'checkin.errors.notCheckedIn' },
  PERSON_QR_INVALID: { status: 422, messageKey: 'checkin.errors.qrInvalid' },
  TEST_SESSION_FULL: { status: 409, messageKey: 'testing.errors.sessionFull' },
  TEST_SESSION_PAST: { status: 409, messageKey: 'testing.errors.sessionPast' },
  TEST_REGISTRATION_CLOSED: { status: 409, messageKey: 'testing.errors.registrationClosed' },
  BARCODE_INVALID: { status: 422, messageKey: 'testing.errors.barcodeInvalid' },
  BARCODE_TAKEN: { status: 409, messageKey: 'testing.errors.barcodeTaken' },
  CT_INVALID: { status: 422, messageKey: 'testing.errors.ctInvalid' },
  RESULT_EXISTS: { status: 409, messageKey: 'testing.errors.resultExists' },
  POOL_REFUSED: { status: 409, messageKey: 'testing.errors.poolRefused' },
  LAB_CSV_INVALID: { status: 422, messageKey: 'testing.errors.labCsvInvalid' },
  IMPORT_FILE_REFUSED: { status: 422, messageKey: 'imports.errors.fileRefused' },
  IMPORT_MAPPING_INVALID: { status: 422, messageKey: 'imports.errors.mappingInvalid' },
  IMPORT_STATE_CONFLICT: { status: 409, messageKey: 'imports.errors.stateConflict' },
  CASE_CLOSED: { status: 409, messageKey: 'cases.errors.caseClosed' },
  CASE_CONFIRMED_BY_EVIDENCE: { status: 409, messageKey: 'cases.errors.confirmedByEvidence' },
  CONTACT_NOT_CONFIRMED: { status: 409, messageKey: 'cases.errors.contactNotConfirmed' },
  NOT_A_TRACER: { status: 422, messageKey: 'cases.errors.notATracer' },
  CITIZEN_IDENTITY_REQUIRED: { status: 409, messageKey: 'security.citizenLogin.identityRequired' },
  CITIZEN_IDENTITY_MISMATCH: { status: 422, messageKey: 'security.citizenLogin.identityMismatch' },
  TEST_SLOT_ALREADY_BOOKED: { status: 409, messageKey: 'testing.errors.slotAlreadyBooked' },
  INDICATOR_PERIOD_INVALID: { status: 400, messageKey: 'indicators.errors.periodInvalid' },
  INDICATOR_PERIOD_TOO_LONG: { status: 400, messageKey: 'indicators.errors.periodTooLong' },
  BED_REPORT_INVALID: { status: 422, messageKey: 'indicators.errors.bedsInvalid' },
  BOUNDARIES_INVALID: { status: 422, messageKey: 'map.errors.boundariesInvalid' },
  QUARANTINE_LINK_INVALID: { status: 404, messageKey: 'quarantine.errors.linkInvalid' },
  QUARANTINE_RELEASE_REFUSED: { status: 422, messageKey: 'quarantine.errors.releaseRefused' },
  QUARANTINE_REASON_REQUIRED: { status: 422, messageKey: 'quarantine.errors.reasonRequired' },
  FACILITY_FULL: { status: 409, messageKey: 'facilities.errors.full' },
  FACILITY_NO_CAPACITY: { status: 409, messageKey: 'facilities.errors.noCapacity' },
  FACILITY_CAPACITY_BELOW_OCCUPANCY: { status: 422, messageKey: 'facilities.errors.belowOccupancy' },
  FACILITY_ORDER_REFUSED: { status: 422, messageKey: 'facilities.errors.notFacilityOrder' },
} as const satisfies Record<string, { status: number; messageKey: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Structured detail, e.g. which field failed and why (a message key with parameters). */
export interface ErrorDetail {
  path?: string;
  messageKey: string;
  params?: Record<string, string | number>;
}

/** The error every layer throws; the HTTP layer maps it to a translated response in one place. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly messageKey: string;
  readonly params: Record<string, string | number>;
  readonly details: ErrorDetail[];

  constructor(
    code: ErrorCode,
    options: { params?: Record<string, string | number>; details?: ErrorDetail[]; cause?: unknown } = {},
  ) {
    super(code, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.messageKey = ERROR_CODES[code].messageKey;
    this.params = options.params ?? {};
    this.details = options.details ?? [];
  }
}

/** True when `e` is an AppError with the given code (or any AppError when code is omitted). */
export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}
