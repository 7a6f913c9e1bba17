/**
 * "Load more" for the worklist's sections: each section follows its own cursor; further pages
 * belong to the worklist they followed (a reload or a filter change starts over).
 */
import { useState } from 'react';
import { ApiError } from '../../api.ts';
import type { Worklist, WorklistSection } from './api.ts';

type Rows = Pick<Worklist, WorklistSection>;

/** The worklist with every loaded page appended, and a loader of one section's next page. */
export function useWorklistMore(
  latest: Worklist | undefined,
  load: (more: { section: WorklistSection; cursor: string }) => Promise<Worklist>,
): {
  list: (Rows & { nextCursors: Worklist['nextCursors'] }) | undefined;
  more: (section: WorklistSection) => (() => void) | null;
  error: ApiError | null;
} {
  const [extra, setExtra] = useState<{
    after: Worklist;
    rows: Rows;
    cursors: Worklist['nextCursors'];
  } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  if (latest === undefined) return { list: undefined, more: () => null, error };
  const own = extra !== null && extra.after === latest ? extra : null;
  const cursors = own?.cursors ?? latest.nextCursors;
  const list = {
    newCases: [...latest.newCases, ...(own?.rows.newCases ?? [])],
    contactsToCall: [...latest.contactsToCall, ...(own?.rows.contactsToCall ?? [])],
    followUpsDue: [...latest.followUpsDue, ...(own?.rows.followUpsDue ?? [])],
    lost: [...latest.lost, ...(own?.rows.lost ?? [])],
    nextCursors: cursors,
  };
  const more = (section: WorklistSection) => {
    const cursor = cursors[section];
    if (cursor === null) return null;
    return () => {
      setError(null);
      load({ section, cursor }).then(
        (page) => {
          const rows: Rows = own?.rows ?? { newCases: [], contactsToCall: [], followUpsDue: [], lost: [] };
          setExtra({
            after: latest,
            rows: { ...rows, [section]: [...rows[section], ...page[section]] },
            cursors: { ...cursors, [section]: page.nextCursors[section] },
          });
        },
        (e: unknown) => {
          setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
        },
      );
    };
  };
  return { list, more, error };
}
