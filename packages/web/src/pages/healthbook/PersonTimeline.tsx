/**
 * The official's view of a person's timeline on the person page (#17 item 1): every module's
 * records, newest first, with source, managing unit and who entered each (scoped and audited by
 * the server), 50 at a time.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { healthbookApi } from './api.ts';
import type { TimelineRecord } from './api.ts';
import { TimelineItem } from './HealthBookPage.tsx';

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e));
}

/** The timeline section of the person page. */
export function PersonTimeline({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<TimelineRecord[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    healthbookApi.personRecords(personId).then(
      (p) => {
        if (!live) return;
        setItems(p.items);
        setCursor(p.nextCursor);
      },
      (e: unknown) => {
        if (live) setError(asApiError(e));
      },
    );
    return () => {
      live = false;
    };
  }, [personId]);

  const more = () => {
    healthbookApi.personRecords(personId, cursor).then(
      (p) => {
        setItems((old) => [...(old ?? []), ...p.items]);
        setCursor(p.nextCursor);
      },
      (e: unknown) => {
        setError(asApiError(e));
      },
    );
  };

  return (
    <section className="card" aria-labelledby="person-timeline">
      <h2 id="person-timeline">{t('healthbook.timeline')}</h2>
      {error && <ErrorBox error={error} />}
      {!items && !error && <Loading />}
      {items?.length === 0 && <p>{t('healthbook.empty')}</p>}
      {items && items.length > 0 && (
        <ol className="list-plain" aria-label={t('healthbook.timeline')}>
          {items.map((r) => (
            <TimelineItem key={`${r.kind}:${r.id}`} r={r} />
          ))}
        </ol>
      )}
      {cursor && (
        <button type="button" className="button button--secondary" onClick={more}>
          {t('healthbook.more')}
        </button>
      )}
    </section>
  );
}
