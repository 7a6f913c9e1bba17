/**
 * `/zones` and `/campaigns` (issue #16 items 6–7): the zones (or campaigns) of my jurisdiction and a
 * form to draw one — as communes/districts picked by name or as a polygon (points typed or clicked).
 */
import { today } from '@epilink/core';
import { lazy, Suspense, useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, type UnitMatch } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { UnitSearch, unitLabel } from '../../components/UnitSearch.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { zonesApi } from './api.ts';
import type { ZoneKind } from './api.ts';
import { formatDate } from '../../format.ts';

/** The polygon drawn on the map (Leaflet's chunk, loaded when drawing by polygon). */
const DrawPolygon = lazy(() => import('./DrawPolygon.tsx'));

/** A zone is drawn from communes and districts (a whole province is too wide). */
const ZONE_LEVELS = ['district', 'commune'] as const;

/** Parse "lon,lat" lines into points (null when a line is not two numbers). */
export function parsePoints(text: string): [number, number][] | null {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const out: [number, number][] = [];
  for (const line of lines) {
    const parts = line.split(/[,;\s]+/u).map(Number);
    if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n))) return null;
    out.push([parts[0]!, parts[1]!]);
  }
  return out;
}

function CreateZone({ kind, onCreated }: { kind: ZoneKind; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [by, setBy] = useState<'units' | 'polygon'>('units');
  const [units, setUnits] = useState<UnitMatch[]>([]);
  const [polygonText, setPolygonText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => {
      const v = f.get(k);
      return typeof v === 'string' ? v.trim() : '';
    };
    const points = by === 'polygon' ? parsePoints(text('polygon')) : null;
    const body = {
      kind,
      name: text('name'),
      reason: text('reason'),
      decisionRef: text('decisionRef'),
      startsOn: text('startsOn'),
      ...(by === 'units' ? { unitCodes: units.map((u) => u.code) } : { polygon: points ?? [] }),
      ...(kind === 'campaign' && text('targetPercent')
        ? { targetPercent: Number(text('targetPercent')) }
        : {}),
    };
    setBusy(true);
    setError(null);
    zonesApi.create(body).then(
      (r) => {
        onCreated(r.id);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
      },
    );
  };
  return (
    <form
      className="card"
      onSubmit={submit}
      aria-label={t(kind === 'campaign' ? 'zones.createCampaign' : 'zones.create')}
    >
      <h2>{t(kind === 'campaign' ? 'zones.createCampaign' : 'zones.create')}</h2>
      <div className="field">
        <label htmlFor="zone-name">{t('zones.name')}</label>
        <input id="zone-name" name="name" required minLength={2} maxLength={160} />
      </div>
      <div className="field">
        <label htmlFor="zone-reason">{t('zones.reason')}</label>
        <input id="zone-reason" name="reason" required minLength={2} maxLength={500} />
      </div>
      <div className="field">
        <label htmlFor="zone-decision">{t('zones.decisionRef')}</label>
        <input id="zone-decision" name="decisionRef" required maxLength={80} />
      </div>
      <div className="field">
        <label htmlFor="zone-start">{t('zones.startsOn')}</label>
        <input id="zone-start" name="startsOn" type="date" required />
      </div>
      {kind === 'campaign' && (
        <div className="field">
          <label htmlFor="zone-target">{t('zones.targetPercent')}</label>
          <input id="zone-target" name="targetPercent" type="number" min={1} max={100} defaultValue={90} />
        </div>
      )}
      <fieldset className="field">
        <legend>{t('zones.drawBy')}</legend>
        <label>
          <input
            type="radio"
            name="by"
            checked={by === 'units'}
            onChange={() => {
              setBy('units');
            }}
          />{' '}
          {t('zones.byUnits')}
        </label>{' '}
        <label>
          <input
            type="radio"
            name="by"
            checked={by === 'polygon'}
            onChange={() => {
              setBy('polygon');
            }}
          />{' '}
          {t('zones.byPolygon')}
        </label>
      </fieldset>
      {by === 'units' ? (
        <fieldset className="field">
          <legend>{t('zones.unitCodes')}</legend>
          {units.length > 0 && (
            <ul className="chips" aria-label={t('registry.units.search.chosen')}>
              {units.map((u) => (
                <li key={u.code} className="chip">
                  {unitLabel(t, u)}{' '}
                  <button
                    type="button"
                    className="link"
                    aria-label={t('registry.units.search.remove', { name: u.name })}
                    onClick={() => {
                      setUnits((all) => all.filter((x) => x.code !== u.code));
                    }}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <UnitSearch
            within={user?.jurisdiction.code}
            levels={ZONE_LEVELS}
            onPick={(u) => {
              setUnits((all) => (all.some((x) => x.code === u.code) ? all : [...all, u]));
            }}
          />
        </fieldset>
      ) : (
        <div className="field">
          <label htmlFor="zone-polygon">{t('zones.polygon')}</label>
          <Suspense fallback={null}>
            <DrawPolygon asOf={today()} onChange={setPolygonText} />
          </Suspense>
          <textarea
            id="zone-polygon"
            name="polygon"
            rows={5}
            required
            value={polygonText}
            onChange={(e) => {
              setPolygonText(e.target.value);
            }}
          />
          <p className="hint">{t('zones.polygonHelp')}</p>
        </div>
      )}
      {error && <ErrorBox error={error} />}
      <p className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t('zones.save')}
        </button>
      </p>
    </form>
  );
}

/** The list and creation page of zones (`kind` blockade) or campaigns. */
export function ZonesPage({ kind }: { kind: ZoneKind }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const title = t(kind === 'campaign' ? 'zones.campaignsTitle' : 'zones.title');
  usePageTitle(title);
  const base = kind === 'campaign' ? '/campaigns' : '/zones';
  const list = usePaged(useCallback((cursor?: string) => zonesApi.list(kind, cursor), [kind]));
  return (
    <div className="page">
      <h1>{title}</h1>
      <p>{t(kind === 'campaign' ? 'zones.campaignsIntro' : 'zones.intro')}</p>
      <section aria-label={t('zones.list')}>
        {list.loading && !list.latest && <Loading />}
        {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
        {list.latest && list.items.length === 0 && (
          <p>{t(kind === 'campaign' ? 'zones.noCampaign' : 'zones.none')}</p>
        )}
        <ul className="list">
          {list.items.map((z) => (
            <li key={z.id}>
              <Link to={`${base}/${z.id}`}>{z.name}</Link> · {z.decisionRef} ·{' '}
              {formatDate(z.startsOn, i18n.language)} ·{' '}
              {t(kind === 'campaign' ? `zones.campaignStatus.${z.status}` : `zones.status.${z.status}`)}
            </li>
          ))}
        </ul>
        <LoadMore list={list} label={t('zones.more')} />
      </section>
      <CreateZone
        kind={kind}
        onCreated={(id) => {
          void navigate(`${base}/${id}`);
        }}
      />
    </div>
  );
}
