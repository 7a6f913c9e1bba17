/**
 * The re-homing review queue (`/admin/rehoming`, province officials): each row of a commune the
 * reform divided (a household with its members, a person, a venue, a facility, a test site, an
 * official) with the new communes that received a part of it and the share of the population each
 * received; choosing one moves the row there, audited by the server.
 */
import { useCallback, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatScore } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { asApiError } from './AccountForm.tsx';
import { unitsApi } from './unitsApi.ts';
import type { RehomingReview } from './unitsApi.ts';

const k = (key: string) => `unitsAdmin.rehoming.${key}`;

function ReviewItem({
  item,
  onDecided,
  onError,
}: {
  item: RehomingReview;
  onDecided: (message: string) => void;
  onError: (e: ApiError) => void;
}) {
  const { t, i18n } = useTranslation();
  const [choice, setChoice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const entity = t(k(`entity.${item.entity}`), { defaultValue: item.entity });
  const legendId = `rehoming-${item.id}`;
  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const chosen = item.candidates.find((c) => c.code === choice);
    if (!chosen) return;
    setBusy(true);
    unitsApi.decide(item.id, chosen.code).then(
      () => {
        onDecided(t(k('decided'), { entity, name: chosen.name }));
      },
      (err: unknown) => {
        setBusy(false);
        onError(asApiError(err));
      },
    );
  };
  return (
    <li className="card" data-testid={`rehoming-${item.entity}-${item.entityId}`}>
      <h2>{t(k('item'), { entity, code: item.oldCode, name: item.oldName ?? item.oldCode })}</h2>
      <p className="muted">
        {t(k('reference'))}: <code>{item.entityId}</code>
      </p>
      <form className="form" onSubmit={submit} aria-labelledby={legendId}>
        <fieldset>
          <legend id={legendId}>
            {t(k('candidates'), { entity, code: item.oldCode, name: item.oldName ?? item.oldCode })}
          </legend>
          {item.candidates.map((c) => (
            <label key={c.code} className="radio">
              <input
                type="radio"
                name={`candidate-${item.id}`}
                value={c.code}
                checked={choice === c.code}
                onChange={() => {
                  setChoice(c.code);
                }}
              />
              <span>
                {t(k('share'), { name: c.name, code: c.code, share: formatScore(c.share, i18n.language) })}
              </span>
            </label>
          ))}
        </fieldset>
        <p className="actions">
          <button type="submit" className="button" disabled={choice === null || busy}>
            {t(k('decide'))}
          </button>
        </p>
      </form>
    </li>
  );
}

export function RehomingPage() {
  const { t } = useTranslation();
  usePageTitle(t(k('title')));
  const queue = usePaged(useCallback((cursor?: string) => unitsApi.reviews(cursor), []));
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const items = queue.items;
  const decided = (message: string) => {
    setError(null);
    setNote(message);
    queue.reload();
  };
  return (
    <>
      <h1>{t(k('title'))}</h1>
      <p className="muted">{t(k('intro'))}</p>
      {note && (
        <p className="notice notice--success" role="status">
          {note}
        </p>
      )}
      {error && <ErrorBox error={error} />}
      {queue.loading && !queue.latest && <Loading />}
      {queue.error && <ErrorBox error={queue.error} onRetry={queue.reload} />}
      {queue.latest && items.length === 0 && <p className="muted">{t(k('none'))}</p>}
      {items.length > 0 && (
        <>
          {/* The count of the whole queue only once every page is loaded (a page is not the queue). */}
          {queue.more === null && <p>{t(k('count'), { count: items.length })}</p>}
          <ul className="list">
            {items.map((item) => (
              <ReviewItem
                key={item.id}
                item={item}
                onDecided={decided}
                onError={(e) => {
                  setNote(null);
                  setError(e);
                }}
              />
            ))}
          </ul>
          <LoadMore list={queue} />
        </>
      )}
    </>
  );
}
