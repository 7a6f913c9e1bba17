/** What leaves the server for cases and contacts (the response schemas are the presenters). */
import { z } from 'zod';

export const CLASSIFICATIONS = ['suspected', 'probable', 'confirmed', 'discarded'] as const;
export const EXPOSURE_TYPES = [
  'household',
  'workplace',
  'venue',
  'proximity',
  'care',
  'travel',
  'other',
] as const;
export const SEVERITIES = ['asymptomatic', 'mild', 'moderate', 'severe', 'critical'] as const;
export const PLACES_OF_CARE = ['home', 'commune_station', 'facility', 'hospital'] as const;

const iso = z.union([z.date(), z.string()]).transform((v) => (v instanceof Date ? v.toISOString() : v));
const isoOrNull = iso.nullable();

export const caseSummarySchema = z.object({
  id: z.string(),
  personId: z.string(),
  fullName: z.string(),
  communeCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  diseaseCode: z.string(),
  outbreakId: z.string().nullable(),
  classification: z.enum(CLASSIFICATIONS),
  status: z.enum(['open', 'closed']),
  onsetDate: z.string().nullable(),
  sampleDate: z.string().nullable(),
  confirmedAt: isoOrNull,
  assignedTracerId: z.string().nullable(),
  interviewDoneAt: isoOrNull,
  contactCount: z.number(),
});

export const evidenceSchema = z.object({
  resultId: z.string(),
  testType: z.enum(['rtPcr', 'rapidAntigen']),
  outcome: z.enum(['positive', 'negative', 'invalid']),
  ct: z.number().nullable(),
  sampledAt: z.string(),
});

export const epiStatusSchema = z.object({
  diseaseCode: z.string(),
  degree: z.number().nullable(),
  proposedDegree: z.number().nullable(),
  status: z.string(),
  updatedAt: iso,
});

export const caseDetailSchema = caseSummarySchema.extend({
  ruleId: z.string().nullable(),
  /** Policy keys with no rule in force on the case's date: the case needs an official's review. */
  missingRules: z.array(z.string()),
  evidence: z.array(evidenceSchema),
  infectiousFrom: isoOrNull,
  infectiousTo: isoOrNull,
  symptomatic: z.boolean().nullable(),
  severity: z.enum(SEVERITIES).nullable(),
  placeOfCare: z.enum(PLACES_OF_CARE).nullable(),
  outcome: z.enum(['recovered', 'died']).nullable(),
  outcomeDate: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: iso,
  updatedAt: iso,
});

export const casePersonSchema = z.object({
  id: z.string(),
  fullName: z.string(),
  dateOfBirth: z.string().nullable(),
  sex: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  communeCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  householdId: z.string().nullable(),
});

export const contactSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  sourcePersonId: z.string(),
  /** Null when the source person lies outside the caller's jurisdiction. */
  sourceName: z.string().nullable(),
  personId: z.string(),
  fullName: z.string(),
  phone: z.string().nullable(),
  communeCode: z.string().nullable(),
  diseaseCode: z.string(),
  exposureType: z.enum(EXPOSURE_TYPES),
  exposureDate: z.string().nullable(),
  durationMinutes: z.number().nullable(),
  source: z.enum(['household', 'checkin', 'interview', 'manual']),
  venueId: z.string().nullable(),
  venueName: z.string().nullable(),
  status: z.enum(['proposed', 'confirmed', 'dismissed']),
  decidedAt: isoOrNull,
  followUpStatus: z.enum(['active', 'completed', 'lost']).nullable(),
  monitoringUntil: z.string().nullable(),
  assignedTracerId: z.string().nullable(),
  note: z.string().nullable(),
  degree: z.number().nullable(),
  proposedDegree: z.number().nullable(),
  epiStatus: z.string().nullable(),
});

export const followUpSchema = z.object({
  id: z.string(),
  dueDate: z.string(),
  doneAt: isoOrNull,
  outcome: z.enum(['well', 'symptoms', 'unreachable']).nullable(),
  note: z.string().nullable(),
});

export const interviewSchema = z.object({
  id: z.string(),
  answers: z.record(z.string(), z.unknown()),
  interviewedBy: z.string().nullable(),
  createdAt: iso,
});
