/**
 * Identifier and code systems of EpiLink's FHIR R4 API (docs/fhir.md). Vietnam has published no
 * official FHIR naming-system URI for the CCCD (citizen identity card) number, so EpiLink uses its
 * own product URIs under `https://epilink.vn/fhir/` (as the declaration questionnaires) — NOT official; a national URI replaces them
 * once one is published (both would be accepted on input).
 */

/** Base of EpiLink's own (product, non-official) naming systems and code systems. */
export const EPILINK_FHIR_BASE = 'https://epilink.vn/fhir';

export const SYSTEMS = {
  /** Citizen identity card / personal identification number (12 digits). Product URI, not official. */
  cccd: `${EPILINK_FHIR_BASE}/sid/vn-cccd`,
  /** Old identity card (9 digits). Product URI, not official. */
  cmnd: `${EPILINK_FHIR_BASE}/sid/vn-cmnd`,
  /** Passport number. Product URI, not official. */
  passport: `${EPILINK_FHIR_BASE}/sid/passport`,
  /** Specimen barcode printed by EpiLink. */
  specimenBarcode: `${EPILINK_FHIR_BASE}/sid/specimen-barcode`,
  /** A check-in venue (EpiLink venue id). */
  venue: `${EPILINK_FHIR_BASE}/sid/venue`,
  /** Unique vaccination certificate identifier of an issued EU DCC. */
  uvci: `${EPILINK_FHIR_BASE}/sid/uvci`,
  /** Administrative unit code (General Statistics Office list). */
  adminUnit: `${EPILINK_FHIR_BASE}/sid/vn-admin-unit`,
  /** EpiLink's own codes (Ct value, registration reasons, facility kinds). */
  epilink: `${EPILINK_FHIR_BASE}/CodeSystem/epilink`,
  /** Vaccine product codes that are not EU authorisation numbers. */
  vaccineProduct: `${EPILINK_FHIR_BASE}/CodeSystem/vaccine-product`,
  /** EU medicinal product authorisation numbers (as in the EU DCC value sets). */
  euProduct: 'https://ec.europa.eu/health/documents/community-register/html/',
  /** CDC vaccine codes (inbound Immunization only, see fhir/immunization.ts). */
  cvx: 'http://hl7.org/fhir/sid/cvx',
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
} as const;

/** LOINC codes of the two test types. */
export const TEST_LOINC = {
  rtPcr: {
    code: '94500-6',
    display: 'SARS-CoV-2 (COVID-19) RNA [Presence] in Respiratory specimen by NAA with probe detection',
  },
  rapidAntigen: {
    code: '94558-4',
    display: 'SARS-CoV-2 (COVID-19) Ag [Presence] in Respiratory specimen by Rapid immunoassay',
  },
} as const;

/** SNOMED CT codes of test outcomes. */
export const OUTCOME_SNOMED = {
  positive: { code: '10828004', display: 'Positive' },
  negative: { code: '260385009', display: 'Negative' },
  invalid: { code: '455371000124106', display: 'Invalid result' },
} as const;

/** SNOMED CT COVID-19 (disorder). */
export const COVID19_SNOMED = { code: '840539006', display: 'COVID-19' } as const;
