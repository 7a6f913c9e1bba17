/**
 * The commune's review list (`/declarations`): flagged declarations in the official's area (under
 * follow-up, cleared or positive), newest first, page by page; it reloads by itself when a
 * declaration event arrives on the live stream.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { declarationsApi, type DeclarationSummary } from './api.ts';
import { DccVerdictLine } from './DccVerdictLine.tsx';
import { useCommunes } from './CommunePicker.tsx';
import { useDeclarationEvents } from './liveEvents.ts';

/** A table of declarations (review list, person page); `person` column unless `withPerson` is false. */
export function DeclarationTable({
  items,
  caption,
  withPerson = true,
}: {
  items: DeclarationSummary[];
  caption: string;
  withPerson?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const communes = useCommunes();
  const communeName = (code: string | null) =>
    code === null ? t('web.app.none') : (communes?.find((c) => c.code === code)?.name ?? code);
  const col = (k: string) => t(`declarationsWeb.review.${k}`);
  return (
    <table className="table table--cards">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{col('declaredAt')}</th>
          {withPerson && <th scope="col">{col('person')}</th>}
          <th scope="col">{col('kind')}</th>
          <th scope="col">{col('commune')}</th>
          <th scope="col">{col('action')}</th>
          <th scope="col">{col('status')}</th>
          <th scope="col">{t('declarationsWeb.person.by')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => (
          <tr key={d.id}>
            <td data-label={col('declaredAt')}>{formatDateTime(d.createdAt, i18n.language)}</td>
            {withPerson && (
              <td data-label={col('person')}>
                <Link to={`/people/${encodeURIComponent(d.person.id)}`}>{d.person.fullName}</Link>
              </td>
            )}
            <td data-label={col('kind')}>{t(`declarationsWeb.kinds.${d.kind}`)}</td>
            <td data-label={col('commune')}>{communeName(d.communeCode)}</td>
            <td data-label={col('action')}>
              {t(`declarationsWeb.actions.${d.action}`)}
              {d.reasons.length > 0 && (
                <span className="muted small">
                  {' '}
                  (
                  {d.reasons.map((r) => t(`declarations.triage.reason.${r}`, { defaultValue: r })).join(', ')}
                  )
                </span>
              )}
              {d.dcc && <DccVerdictLine verdict={d.dcc} />}
            </td>
            <td data-label={col('status')}>{t(`declarationsWeb.flagStatus.${d.flagStatus}`)}</td>
            <td data-label={t('declarationsWeb.person.by')}>
              {t(`declarationsWeb.declaredBy.${d.declaredBy}`)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const VIEWS = { open: 'flagged', closed: 'cleared', positive: 'positive' } as const;

/** The review list. */
export function ReviewPage() {
  const { t } = useTranslation();
  usePageTitle(t('declarationsWeb.review.title'));
  const [view, setView] = useState<keyof typeof VIEWS>('open');
  const list = usePaged(
    useCallback((cursor?: string) => declarationsApi.list({ flag: VIEWS[view] }, cursor), [view]),
  );
  useDeclarationEvents(list.reload);
  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{t('declarationsWeb.review.title')}</h1>
      <p className="muted">{t('declarationsWeb.review.intro')}</p>
      <fieldset className="chips">
        <legend className="visually-hidden">{t('declarationsWeb.review.status')}</legend>
        {(Object.keys(VIEWS) as (keyof typeof VIEWS)[]).map((v) => (
          <label key={v} className="radio">
            <input
              type="radio"
              name="review-view"
              checked={view === v}
              onChange={() => {
                setView(v);
              }}
            />
            {t(`declarationsWeb.review.${v}`)}
          </label>
        ))}
      </fieldset>
      {list.error ? (
        <ErrorBox error={list.error} onRetry={list.reload} />
      ) : list.latest === undefined ? (
        <Loading />
      ) : list.items.length === 0 ? (
        <p>{t('declarationsWeb.review.empty')}</p>
      ) : (
        <DeclarationTable items={list.items} caption={t('declarationsWeb.review.title')} />
      )}
      <LoadMore list={list} label={t('declarationsWeb.review.more')} />
    </section>
  );
}
