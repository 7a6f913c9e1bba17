/** Bundles and OperationOutcomes as EpiLink returns them. */
import { translate } from '@epilink/core';
import type { AppError, Language } from '@epilink/core';
import type {
  Bundle,
  BundleLink,
  OperationOutcome,
  OperationOutcomeIssue,
  Resource,
} from '@medplum/fhirtypes';

/** The FHIR media type. */
export const FHIR_JSON = 'application/fhir+json';

/**
 * A searchset page with its self, previous and next links (offset paging). A search made by POST
 * (`linkParams: 'paging'`) gets links to its `_search` address with `_count` and `_offset` only:
 * the client posts the same form again, and no identifier or name is put back into a URL.
 */
export function searchset(
  base: string,
  query: Record<string, string | string[]>,
  resources: Resource[],
  page: { offset: number; count: number; more: boolean },
  linkParams: 'all' | 'paging' = 'all',
): Bundle {
  const linkBase = linkParams === 'all' ? base : `${base}/_search`;
  const url = (offset: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(linkParams === 'all' ? query : {})) {
      if (k === '_offset' || k === '_count') continue;
      for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
    }
    params.set('_count', String(page.count));
    params.set('_offset', String(offset));
    return `${linkBase}?${params.toString()}`;
  };
  const link: BundleLink[] = [{ relation: 'self', url: url(page.offset) }];
  if (page.offset > 0) link.push({ relation: 'previous', url: url(Math.max(0, page.offset - page.count)) });
  if (page.more) link.push({ relation: 'next', url: url(page.offset + page.count) });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: new Date().toISOString(),
    link,
    entry: resources.map((resource) => ({
      fullUrl: `${base.replace(/\/[A-Za-z]+$/, '')}/${resource.resourceType}/${resource.id ?? ''}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}

/** A `$everything` page with its self and next links (keyset paging by `_cursor`). */
export function everythingBundle(
  base: string,
  query: { _count: number; _cursor?: string | undefined },
  page: { entries: { resource: Resource; mode: 'match' | 'include' }[]; nextCursor: string | null },
): Bundle {
  const url = (cursor: string | undefined) => {
    const params = new URLSearchParams({ _count: String(query._count) });
    if (cursor) params.set('_cursor', cursor);
    return `${base}?${params.toString()}`;
  };
  const link: BundleLink[] = [{ relation: 'self', url: url(query._cursor) }];
  if (page.nextCursor) link.push({ relation: 'next', url: url(page.nextCursor) });
  const root = base.replace(/\/Patient\/[^/]+\/\$everything$/, '');
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: new Date().toISOString(),
    link,
    entry: page.entries.map(({ resource, mode }) => ({
      fullUrl: `${root}/${resource.resourceType}/${resource.id ?? ''}`,
      resource,
      search: { mode },
    })),
  };
}

const ISSUE_CODE: Record<
  number,
  'invalid' | 'forbidden' | 'not-found' | 'login' | 'conflict' | 'throttled' | 'exception' | 'business-rule'
> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  422: 'business-rule',
  429: 'throttled',
};

/** An AppError as an OperationOutcome in the caller's language (one issue per detail). */
export function operationOutcome(err: AppError, lang: Language): OperationOutcome {
  const code: OperationOutcomeIssue['code'] =
    ISSUE_CODE[err.status] ?? (err.status >= 500 ? 'exception' : 'processing');
  const main = translate(lang, err.messageKey, err.params);
  const details = err.details.map((d): OperationOutcomeIssue => ({
    severity: 'error',
    code,
    details: { text: `${main} ${translate(lang, d.messageKey, d.params)}`.trim() },
    ...(d.path ? { expression: [d.path] } : {}),
  }));
  return {
    resourceType: 'OperationOutcome',
    issue:
      details.length > 0
        ? details
        : [{ severity: 'error', code, details: { text: main, coding: [{ code: err.code }] } }],
  };
}
