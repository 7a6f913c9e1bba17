import { VENUE_TYPES } from '@epilink/core';
import { z } from 'zod';

/** A venue token in a URL: 22 base64url characters (anything else is refused before any lookup). */
export const tokenParam = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{22}$/u) });

/** What the check-in page shows of a venue (public facts only). */
export const publicVenueSchema = z.object({
  name: z.string(),
  type: z.string(),
  address: z.string(),
  communeName: z.string().nullable(),
  defaultStayMinutes: z.number(),
  retentionDays: z.number(),
});

/** One visit in a check-in answer. */
export const visitSchema = z.object({
  id: z.string(),
  personId: z.string().nullable(),
  checkedInAt: z.string(),
  checkedOutAt: z.string(),
  duplicate: z.boolean(),
});

export const checkinAnswerSchema = z.object({
  venue: z.object({ name: z.string() }),
  visits: z.array(visitSchema),
});

export const venueTypeSchema = z.enum(VENUE_TYPES);

/** A time window of a search. */
export const windowSchema = {
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  purpose: z.string().trim().min(3).max(200),
};
