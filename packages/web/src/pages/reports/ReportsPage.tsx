/**
 * `/situation/reports` — the daily situation reports (issue #13 item 9): stored sitreps of a unit
 * of my jurisdiction (scheduled and on-demand), each with its headline, the sentences of what
 * changed since yesterday, and its PDF and xlsx; "Generate now" makes one for a chosen day.
 */
import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { today } from '@epilink/core';
import { ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { SituationTabs } from '../situation/SituationTabs.tsx';
import { fetchSitreps, generateSitrep, sitrepFileUrl, type Sitrep } from './api.ts';
import { ReportUnitSelect } from './ReportUnitSelect.tsx';
import './reports.css';

const HEADLINE_KEYS = ['newCases', 'activeCases', 'deaths', 'tests', 'positivityPct', 'doses'] as const;

function SitrepCard({ s }: { s: Sitrep }) {
  const { t, i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN');
  const label = `${s.unitName} · ${formatDate(s.day, i18n.language) ?? s.day}`;
  return (
    <li className="card sitrep" aria-label={label}>
      <h3>{label}</h3>
      <p className="muted">
        {t(`sitrep.web.kinds.${s.kind}`)} · {t('sitrep.web.generatedAt')}{' '}
        {formatDateTime(s.generatedAt, i18n.language)}
      </p>
      <dl className="sitrep__figures" aria-label={t('sitrep.web.headline')}>
        {HEADLINE_KEYS.filter((k) => s.headline[k] !== undefined).map((k) => (
          <div key={k}>
            <dt>{t(`sitrep.figures.${k === 'positivityPct' ? 'positivity' : k}`)}</dt>
            <dd>
              {nf.format(s.headline[k] ?? 0)}
              {k === 'positivityPct' ? ' %' : ''}
            </dd>
          </div>
        ))}
      </dl>
      <ul className="sitrep__changes">
        {s.sentences.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className="sitrep__files">
        <a className="button" href={sitrepFileUrl(s.id, 'pdf')} download>
          {t('sitrep.web.downloadPdf')}
        </a>{' '}
        <a className="button button--secondary" href={sitrepFileUrl(s.id, 'xlsx')} download>
          {t('sitrep.web.downloadXlsx')}
        </a>
      </p>
    </li>
  );
}

export function ReportsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('sitrep.web.title'));
  const { user } = useAuth();
  const dayId = useId();
  const [unit, setUnit] = useState(user?.jurisdiction.code ?? '');
  const [day, setDay] = useState(today());
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const load = useCallback((cursor?: string) => fetchSitreps(unit, cursor), [unit]);
  const list = usePaged(load);

  const generate = async () => {
    setBusy(true);
    setDone(null);
    setFailure(null);
    try {
      const s = await generateSitrep({ unitCode: unit, day, lang: i18n.language === 'en' ? 'en' : 'vi' });
      setDone(t('sitrep.web.generated', { unit: s.unitName, day: formatDate(s.day, i18n.language) }));
      list.reload();
    } catch (e) {
      setFailure(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
    } finally {
      setBusy(false);
    }
  };

  if (user?.jurisdiction.level === 'commune') {
    // Reports are of the province and its districts or areas: a commune official has none to read
    // or make (the server refuses a commune), so the page says where their commune's figures are.
    const name = user.jurisdiction.name;
    return (
      <div className="reports">
        <h1>{t('sitrep.web.title')}</h1>
        <SituationTabs />
        <p className="notice">{t('sitrep.web.communeNote', { unit: name })}</p>
        <p>
          <Link className="button" to="/situation">
            {t('sitrep.web.communeDashboard', { unit: name })}
          </Link>
        </p>
      </div>
    );
  }

  return (
    <div className="reports">
      <h1>{t('sitrep.web.title')}</h1>
      <SituationTabs />
      <p className="muted">{t('sitrep.web.intro')}</p>
      <form
        className="reports__form"
        onSubmit={(e) => {
          e.preventDefault();
          void generate();
        }}
      >
        <ReportUnitSelect value={unit} onChange={setUnit} />
        <div className="field">
          <label htmlFor={dayId}>{t('sitrep.web.day')}</label>
          <input
            id={dayId}
            type="date"
            value={day}
            max={today()}
            onChange={(e) => {
              setDay(e.target.value);
            }}
          />
        </div>
        <button type="submit" disabled={busy || !unit || !day}>
          {busy ? t('sitrep.web.generating') : t('sitrep.web.generate')}
        </button>
      </form>
      {done && (
        <p role="status" className="notice notice--success">
          {done}
        </p>
      )}
      {failure && <ErrorBox error={failure} />}
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {!list.latest && !list.error && <Loading />}
      {list.latest && list.items.length === 0 && <p>{t('sitrep.web.empty')}</p>}
      {list.latest && list.items.length > 0 && (
        <ul className="sitrep-list" aria-label={t('sitrep.web.title')}>
          {list.items.map((s) => (
            <SitrepCard key={s.id} s={s} />
          ))}
        </ul>
      )}
      {list.latest && <LoadMore list={list} />}
    </div>
  );
}
