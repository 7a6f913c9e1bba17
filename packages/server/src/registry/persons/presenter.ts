import { z } from 'zod';

/** What a list of people shows: identity and place, with documents and phone masked. */
export const personSummarySchema = z.object({
  id: z.string(),
  fullName: z.string(),
  dateOfBirth: z.string().nullable(),
  sex: z.enum(['male', 'female']).nullable(),
  commune: z.object({ code: z.string(), name: z.string() }).nullable(),
  district: z.object({ code: z.string(), name: z.string() }).nullable(),
  idNumberMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
});
export type PersonSummary = z.infer<typeof personSummarySchema>;

/** One change to a person record: when, what, by whom, which fields. */
export const personHistoryEntrySchema = z.object({
  at: z.string(),
  action: z.string(),
  actor: z.string().nullable(),
  fields: z.array(z.string()),
});

/** The person page: full identity for an official allowed to see it, household, merges, history. */
export const personDetailSchema = personSummarySchema.extend({
  cccd: z.string().nullable(),
  cmnd: z.string().nullable(),
  passport: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  idIssues: z.array(
    z.object({
      messageKey: z.string(),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  ),
  household: z
    .object({ id: z.string(), address: z.string().nullable(), members: z.array(personSummarySchema) })
    .nullable(),
  mergedFrom: z.array(z.object({ id: z.string(), fullName: z.string(), mergedAt: z.string() })),
  history: z.array(personHistoryEntrySchema),
  /** The cursor of the history's next page (`GET /api/persons/:id/history`); null when all is shown. */
  historyNextCursor: z.string().nullable(),
});
export type PersonDetail = z.infer<typeof personDetailSchema>;

/** Mask an identity number: first three and last three digits only ("083******789"). */
export function maskIdNumber(value: string | null): string | null {
  if (!value) return null;
  if (value.length <= 6) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 6) + value.slice(-3);
}
