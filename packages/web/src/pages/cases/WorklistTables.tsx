/**
 * The worklist's sections as compact tables: a heading with the count, the column headers (the
 * sorted one says so to assistive technology), the rows, and "load more" when the server has more.
 */
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format.ts';
import { casesApi, type CaseSummary, type Tracer } from './api.ts';
import { AssignSelect } from './AssignSelect.tsx';
import { MoreActions, NewBadge } from './WorklistRows.tsx';
import type { WorklistSort } from './worklistView.ts';

/** A column: its label and the sort that orders by it (if any). */
export interface Column {
  label: string;
  sort?: WorklistSort;
}

/** One section of the worklist as a table. */
export function SectionTable({
  id,
  title,
  columns,
  sort,
  count,
  more,
  children,
}: {
  id: string;
  title: string;
  columns: Column[];
  sort: WorklistSort;
  count: number;
  more: (() => void) | null;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={id} className="worklist-section">
      <h2 id={id}>{title}</h2>
      {count === 0 ? (
        <p className="muted">{t('casesWeb.worklist.nothing')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table worklist-table" aria-labelledby={id}>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th
                    key={c.label}
                    scope="col"
                    aria-sort={c.sort !== undefined && c.sort === sort ? 'descending' : undefined}
                  >
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
      {more && (
        <p className="actions">
          <button type="button" className="button button--secondary" onClick={more}>
            {t('web.app.loadMore')}
          </button>
        </p>
      )}
    </section>
  );
}

/** A case waiting for its interview: open it, take it, or assign it. */
export function CaseRow({
  item,
  userId,
  tracers,
  fresh,
  communeName,
  onDone,
  onFailed,
}: {
  item: CaseSummary;
  userId: string | null;
  tracers: Tracer[];
  fresh: boolean;
  communeName: string;
  onDone: (message: string) => void;
  onFailed: () => void;
}) {
  const { t, i18n } = useTranslation();
  const assign = (tracerId: string | null) => {
    void casesApi.assignCase(item.id, tracerId).then(() => {
      onDone(t('casesWeb.worklist.done', { name: item.fullName }));
    }, onFailed);
  };
  return (
    <tr aria-label={item.fullName} className={fresh ? 'row--new' : undefined}>
      <th scope="row">
        <Link to={`/cases/${item.id}`}>{item.fullName}</Link> <NewBadge fresh={fresh} />
      </th>
      <td data-label={t('screensWeb.worklist.col.status')}>
        {t(`casesWeb.classification.${item.classification}`)}
      </td>
      <td data-label={t('screensWeb.worklist.col.sample')}>{formatDate(item.sampleDate, i18n.language)}</td>
      <td data-label={t('screensWeb.worklist.col.commune')}>{communeName}</td>
      <td data-label={t('screensWeb.worklist.col.contacts')} className="num">
        {item.contactCount}
      </td>
      <td>
        <div className="row-actions">
          <Link className="button" to={`/cases/${item.id}`}>
            {t('casesWeb.worklist.openCase')}
          </Link>
          {userId && item.assignedTracerId !== userId && (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                assign(userId);
              }}
            >
              {t('casesWeb.worklist.assignToMe')}
            </button>
          )}
        </div>
        <MoreActions>
          <AssignSelect
            name={item.fullName}
            value={item.assignedTracerId}
            tracers={tracers}
            onAssign={assign}
          />
        </MoreActions>
      </td>
    </tr>
  );
}
