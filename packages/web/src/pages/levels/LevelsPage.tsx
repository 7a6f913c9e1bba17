/**
 * `/situation/levels` — the steering committee's weekly epidemic levels (issue #13 items 3-4): the
 * week's proposal per unit with its inputs and the criterion that decided it, the rules applied
 * with their source and verification status, overrides with a mandatory reason, confirmation
 * (which publishes), and the weeks before. Officials without `level:confirm` see it read-only.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isRole, roleAllows, today, weekMonday } from '@epilink/core';
import { ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { useApi, usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { SituationTabs } from '../situation/SituationTabs.tsx';
import { computeWeek, confirmWeek, fetchWeek, fetchWeeks } from './api.ts';
import type { Level, Override, RuleInfo, UnitLevel, WeekLevels } from './api.ts';
import { LevelBadge } from './LevelBadge.tsx';
import { UnitInputs } from './UnitInputs.tsx';
import { formatDate } from '../../format.ts';
import { policyRuleTitle } from '../../policyRuleTitle.ts';

type Draft = Record<string, { level: string; reason: string }>;
const keyOf = (u: UnitLevel) => `${u.level}|${u.code}`;

function Rules({ rules }: { rules: WeekLevels['rules'] }) {
  const { t, i18n } = useTranslation();
  const entries = Object.entries(rules).filter((e): e is [string, RuleInfo] => e[1] != null);
  return (
    <section className="card" aria-labelledby="levels-rules">
      <h2 id="levels-rules">{t('levels.committee.rules')}</h2>
      <ul className="levels__rules">
        {entries.map(([key, r]) => (
          <li key={key}>
            {/* The rule by its title; its internal key, note and JSON paths are the policy editors' (policy screen). */}
            <strong>{policyRuleTitle(t, `epidemicLevel.${key}`)}</strong> — {t('levels.committee.source')}:{' '}
            {r.source.document}
            {r.source.article ? ` (${r.source.article})` : ''}, {formatDate(r.effectiveFrom, i18n.language)}.{' '}
            <strong
              className={
                r.verification === 'confirmed' && r.unverifiedPaths.length === 0 ? '' : 'text-warning'
              }
            >
              {r.verification !== 'confirmed'
                ? t('levels.committee.unverified')
                : r.unverifiedPaths.length > 0
                  ? t('policyRules.page.partlyUnverified')
                  : t('levels.committee.verified')}
            </strong>
          </li>
        ))}
      </ul>
    </section>
  );
}

function UnitRow({
  unit,
  editable,
  draft,
  onDraft,
}: {
  unit: UnitLevel;
  editable: boolean;
  draft: { level: string; reason: string } | undefined;
  onDraft: (d: { level: string; reason: string }) => void;
}) {
  const { t } = useTranslation();
  const name = `${unit.name} (${t(`levels.unitLevel.${unit.level}`)})`;
  return (
    <tr>
      <th scope="row" data-label={t('levels.committee.unit')}>
        {unit.name}
        <div className="muted small">{t(`levels.unitLevel.${unit.level}`)}</div>
      </th>
      <td data-label={t('levels.committee.proposal')}>
        <LevelBadge level={unit.epidemicLevel} />
        {unit.overridden && (
          <div className="muted small">
            {t('levels.committee.overriddenFrom', { level: unit.proposedLevel })}
            {unit.reason ? ` — ${unit.reason}` : ''}
          </div>
        )}
      </td>
      <td data-label={t('levels.committee.decided')}>{t(`levels.criterion.${unit.decidingCriterion}`)}</td>
      <td data-label={t('levels.committee.inputs')}>
        <UnitInputs inputs={unit.inputs} />
      </td>
      {editable && (
        <td data-label={t('levels.committee.override')}>
          <div className="levels__override">
            <select
              aria-label={t('levels.committee.overrideLevel', { unit: name })}
              value={draft?.level ?? ''}
              onChange={(e) => {
                onDraft({ level: e.target.value, reason: draft?.reason ?? '' });
              }}
            >
              <option value="">—</option>
              {[1, 2, 3, 4].map((l) => (
                <option key={l} value={l}>
                  {t(`levels.name.level${l}`)}
                </option>
              ))}
            </select>
            {draft?.level && (
              <input
                type="text"
                aria-label={t('levels.committee.reason', { unit: name })}
                placeholder={t('levels.committee.reasonHint')}
                value={draft.reason}
                minLength={5}
                maxLength={1000}
                required
                onChange={(e) => {
                  onDraft({ level: draft.level, reason: e.target.value });
                }}
              />
            )}
          </div>
        </td>
      )}
    </tr>
  );
}

function WeekView({
  data,
  canConfirm,
  onConfirmed,
}: {
  data: WeekLevels;
  canConfirm: boolean;
  onConfirmed: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<Draft>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const editable = canConfirm && data.status === 'proposed';
  const confirm = async () => {
    const overrides: Override[] = data.units.flatMap((u) => {
      const d = draft[keyOf(u)];
      return d?.level
        ? [{ unitCode: u.code, unitLevel: u.level, level: Number(d.level) as Level, reason: d.reason }]
        : [];
    });
    setBusy(true);
    setError(null);
    try {
      const r = await confirmWeek(data.week, overrides);
      onConfirmed(
        t('levels.committee.confirmedMessage', {
          week: formatDate(r.week, i18n.language),
          count: r.confirmed,
          overridden: r.overridden,
        }),
      );
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p>
        <strong>{t('levels.committee.status')}:</strong>{' '}
        {t(data.status === 'confirmed' ? 'levels.committee.confirmed' : 'levels.committee.proposed')} ·{' '}
        {t('levels.committee.assessed', {
          from: formatDate(data.assessedFrom, i18n.language),
          to: formatDate(data.assessedTo, i18n.language),
        })}
      </p>
      <Rules rules={data.rules} />
      <div className="table-scroll">
        <table className="table table--cards">
          <caption className="visually-hidden">{t('levels.committee.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('levels.committee.unit')}</th>
              <th scope="col">{t('levels.committee.proposal')}</th>
              <th scope="col">{t('levels.committee.decided')}</th>
              <th scope="col">{t('levels.committee.inputs')}</th>
              {editable && <th scope="col">{t('levels.committee.override')}</th>}
            </tr>
          </thead>
          <tbody>
            {data.units.map((u) => (
              <UnitRow
                key={keyOf(u)}
                unit={u}
                editable={editable}
                draft={draft[keyOf(u)]}
                onDraft={(d) => {
                  setDraft((prev) => ({ ...prev, [keyOf(u)]: d }));
                }}
              />
            ))}
          </tbody>
        </table>
      </div>
      {error && <ErrorBox error={error} />}
      {editable && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
        >
          <button type="submit" className="button" disabled={busy}>
            {t('levels.committee.confirm')}
          </button>
        </form>
      )}
    </>
  );
}

export function LevelsPage() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  usePageTitle(t('levels.committee.title'));
  const canConfirm = user !== null && isRole(user.role) && roleAllows(user.role, 'level:confirm');
  const [week, setWeek] = useState(() => weekMonday(today()));
  const [version, setVersion] = useState(0);
  const [computeError, setComputeError] = useState<ApiError | null>(null);
  const [computing, setComputing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(() => fetchWeek(week).catch(nullIfNotFound), [week, version]); // eslint-disable-line react-hooks/exhaustive-deps
  const loadWeeks = useCallback((cursor?: string) => fetchWeeks(cursor), [version]); // eslint-disable-line react-hooks/exhaustive-deps
  const current = useApi(load);
  const weeks = usePaged(loadWeeks);
  const compute = async () => {
    setComputing(true);
    setComputeError(null);
    try {
      await computeWeek(week);
      setVersion((v) => v + 1);
    } catch (e) {
      setComputeError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
    } finally {
      setComputing(false);
    }
  };
  return (
    <div className="levels">
      <h1>{t('levels.committee.title')}</h1>
      <SituationTabs />
      <p className="muted">{t('levels.committee.intro')}</p>
      <p>
        <Link to="/levels">{t('levels.committee.publicLink')}</Link>
      </p>
      <div className="reports__form">
        <div className="field">
          <label htmlFor="levels-week">{t('levels.committee.week')}</label>
          <input
            id="levels-week"
            type="date"
            value={week}
            onChange={(e) => {
              if (e.target.value) {
                setWeek(weekMonday(e.target.value));
                setDone(null);
              }
            }}
          />
        </div>
        {canConfirm && current.data?.status !== 'confirmed' && (
          <button
            type="button"
            className="button button--secondary"
            disabled={computing}
            onClick={() => void compute()}
          >
            {computing ? t('levels.committee.computing') : t('levels.committee.compute')}
          </button>
        )}
      </div>
      {done && (
        <p className="notice notice--success" role="status">
          {done}
        </p>
      )}
      {computeError && <ErrorBox error={computeError} />}
      {current.error && <ErrorBox error={current.error} onRetry={current.reload} />}
      {current.loading && <Loading />}
      {current.data === null && <p>{t('levels.committee.noWeek')}</p>}
      {current.data && (
        <WeekView
          key={`${current.data.week}|${current.data.status}|${current.data.computedAt}`}
          data={current.data}
          canConfirm={canConfirm}
          onConfirmed={(message) => {
            setDone(message);
            setVersion((v) => v + 1);
          }}
        />
      )}
      {weeks.items.length > 0 && (
        <section aria-labelledby="levels-history">
          <h2 id="levels-history">{t('levels.committee.history')}</h2>
          <ul className="chips">
            {weeks.items.map((w) => (
              <li key={w.week}>
                <button
                  type="button"
                  className="chip"
                  aria-pressed={w.week === week}
                  onClick={() => {
                    setWeek(w.week);
                  }}
                >
                  {formatDate(w.week, i18n.language)} ·{' '}
                  {t(w.status === 'confirmed' ? 'levels.committee.confirmed' : 'levels.committee.proposed')}
                </button>
              </li>
            ))}
          </ul>
          <LoadMore list={weeks} />
        </section>
      )}
    </div>
  );
}

function nullIfNotFound(e: unknown): null {
  if (e instanceof ApiError && e.status === 404) return null;
  throw e;
}
