/**
 * Audit rows of a search, list or graph read that name the people it returned (issue #9, low
 * item): one `search` row with the count, then one `read` row per distinct person shown, so
 * "who looked at X" is answered by `audit_log.person_id = X` for lists as for single records.
 *
 * Bounded by the page: every list is keyset-paginated with a maximum page size (≤ 500 rows), so a
 * request writes at most one row per person of one page, and a caller reading a whole list writes
 * one row per person it actually fetched — never one per person of a result it did not see.
 */
import type { AuditEntry } from './audit.ts';

/** The audit entries of a list read: the search row (with `details`) and a read row per person. */
export function listAuditEntries(
  entity: string,
  personIds: readonly (string | null | undefined)[],
  details: Record<string, unknown> = {},
  fields: string[] = ['summary'],
): AuditEntry[] {
  const ids = [...new Set(personIds.filter((id): id is string => typeof id === 'string'))];
  return [
    { action: 'search', entity, fields, details: { ...details, results: personIds.length } },
    ...ids.map((personId) => ({ action: 'read' as const, entity, personId, fields })),
  ];
}
