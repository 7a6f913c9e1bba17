/**
 * The audit viewer (`/admin/audit`, province-level security officers): filter by official,
 * person, action and time; page through the rows (newest first); export the filtered rows as CSV
 * (the export is itself audited); verify the hash chain.
 */
import { useCallback, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDateTime, labelOr } from '../../format.ts';
import { useApi, usePageTitle } from '../../hooks.ts';
import { adminAbilities } from './access.ts';
import { asApiError } from './AccountForm.tsx';
import { AUDIT_ACTIONS, adminApi, type AuditFilter, type AuditRow, type ChainReport } from './api.ts';

const k = (key: string) => `security.web.admin.audit.${key}`;
const EMPTY = { actorName: '', personId: '', action: '', from: '', to: '' };

/** A `datetime-local` value as an ISO instant (empty stays empty). */
function toIso(local: string): string {
  return local ? new Date(local).toISOString() : '';
}

/** The "verify the chain" button and its result (intact, or the first broken row). */
function VerifyChain() {
  const { t } = useTranslation();
  const [report, setReport] = useState<ChainReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div>
      <button
        type="button"
        className="button button--secondary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          setReport(null);
          adminApi
            .verifyAudit()
            .then(setReport, (e: unknown) => {
              setError(asApiError(e));
            })
            .finally(() => {
              setBusy(false);
            });
        }}
      >
        {busy ? t(k('verifying')) : t(k('verify'))}
      </button>
      {report?.ok && (
        <p className="notice notice--success" role="status" data-testid="chain-result">
          {t(k('verifyOk'), { count: report.checked })}
        </p>
      )}
      {report && !report.ok && (
        <p className="notice notice--error" role="alert" data-testid="chain-result">
          {t(k('verifyBroken'), {
            id: report.firstBroken?.id ?? '?',
            seq: report.firstBroken?.seq ?? '—',
            reason: report.firstBroken ? t(k(`reasons.${report.firstBroken.reason}`)) : '?',
          })}
        </p>
      )}
      {error && <ErrorBox error={error} />}
    </div>
  );
}

const SCROLL_BOX = { overflowX: 'auto', maxWidth: '100%' } as const;

/** The rows as a table (cards on a phone). */
function AuditTable({ rows }: { rows: AuditRow[] }) {
  const { t, i18n } = useTranslation();
  return (
    // Nine columns with record ids: on a desktop the table scrolls in its box, never the page
    // (at 1280 px it pushed the page 10 px wide and cut the address column).
    <div style={SCROLL_BOX}>
      <table className="table table--cards" aria-label={t(k('title'))}>
        <thead>
          <tr>
            <th scope="col">{t(k('when'))}</th>
            <th scope="col">{t(k('who'))}</th>
            <th scope="col">{t(k('role'))}</th>
            <th scope="col">{t(k('action'))}</th>
            <th scope="col">{t(k('entity'))}</th>
            <th scope="col">{t(k('person'))}</th>
            <th scope="col">{t(k('fields'))}</th>
            <th scope="col">{t(k('purpose'))}</th>
            <th scope="col">{t(k('where'))}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid="audit-row">
              <td data-label={t(k('when'))}>{formatDateTime(r.at, i18n.language)}</td>
              <th scope="row" data-label={t(k('who'))}>
                {r.actorName ?? '—'}
              </th>
              <td data-label={t(k('role'))}>{labelOr(t, `web.roles.${r.actorRole}`, r.actorRole)}</td>
              <td data-label={t(k('action'))}>
                <span title={r.action}>{labelOr(t, k(`actions.${r.action}`), r.action)}</span>
              </td>
              <td data-label={t(k('entity'))}>
                <span title={r.entity}>{labelOr(t, `auditEntities.${r.entity}`, r.entity)}</span>
                {r.entityId && <span className="muted small mono"> {r.entityId}</span>}
              </td>
              <td data-label={t(k('person'))} className="mono small">
                {r.personId ?? '—'}
              </td>
              <td data-label={t(k('fields'))} title={r.fields.join(', ')}>
                {r.fields.map((f) => labelOr(t, `fields.names.${f}`, f)).join(', ') || '—'}
              </td>
              <td data-label={t(k('purpose'))}>{r.purpose ?? '—'}</td>
              <td data-label={t(k('where'))}>{r.ip ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  usePageTitle(t(k('title')));
  const { user } = useAuth();
  const [form, setForm] = useState(EMPTY);
  const [filter, setFilter] = useState<AuditFilter>({});
  const first = useApi(useCallback(() => adminApi.audit(filter), [filter]));
  // Further pages belong to the first page they followed: a new filter starts over.
  const [extra, setExtra] = useState<{ after: unknown; rows: AuditRow[]; next: number | null } | null>(null);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const own = extra !== null && extra.after === first.data ? extra : null;
  const more = own?.rows ?? [];
  const next = own ? own.next : (first.data?.nextBefore ?? null);
  const rows = [...(first.data?.items ?? []), ...more];

  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [key]: e.target.value }));
  };
  const apply = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setMoreError(null);
    setFilter({
      actorName: form.actorName.trim(),
      personId: form.personId.trim(),
      action: form.action,
      from: toIso(form.from),
      to: toIso(form.to),
    });
  };
  const loadMore = () => {
    if (next === null) return;
    const after = first.data;
    adminApi.audit(filter, next).then(
      (r) => {
        setExtra({ after, rows: [...more, ...r.items], next: r.nextBefore });
      },
      (e: unknown) => {
        setMoreError(asApiError(e));
      },
    );
  };

  return (
    <>
      <h1>{t(k('title'))}</h1>
      <form className="form card" role="search" aria-label={t(k('filters'))} onSubmit={apply}>
        <label className="field">
          <span>{t(k('actor'))}</span>
          <input maxLength={100} value={form.actorName} onChange={set('actorName')} />
        </label>
        <label className="field">
          <span>{t(k('person'))}</span>
          <input
            maxLength={36}
            pattern="[0-9a-fA-F\-]{36}"
            value={form.personId}
            onChange={set('personId')}
          />
        </label>
        <label className="field">
          <span>{t(k('action'))}</span>
          <select value={form.action} onChange={set('action')}>
            <option value="">{t(k('anyAction'))}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {labelOr(t, k(`actions.${a}`), a)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t(k('from'))}</span>
          <input type="datetime-local" value={form.from} onChange={set('from')} />
        </label>
        <label className="field">
          <span>{t(k('to'))}</span>
          <input type="datetime-local" value={form.to} onChange={set('to')} />
        </label>
        <p className="actions">
          <button type="submit" className="button">
            {t(k('apply'))}
          </button>{' '}
          {adminAbilities(user).auditExport && (
            <a className="button button--secondary" href={adminApi.auditExportUrl(filter)} download>
              {t(k('export'))}
            </a>
          )}
        </p>
      </form>
      <VerifyChain />
      {first.loading && <Loading />}
      {first.error && <ErrorBox error={first.error} onRetry={first.reload} />}
      {first.data && rows.length === 0 && <p className="muted">{t(k('none'))}</p>}
      {rows.length > 0 && <AuditTable rows={rows} />}
      {moreError && <ErrorBox error={moreError} />}
      {next !== null && (
        <p className="actions">
          <button type="button" className="button button--secondary" onClick={loadMore}>
            {t(k('more'))}
          </button>
        </p>
      )}
    </>
  );
}
