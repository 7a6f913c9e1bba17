/**
 * Quarantine facilities and hospitals of the official's province or district (`/quarantine/facilities`,
 * issue #16 item 2): each facility's places, people staying and free places today; a facility's
 * people (transfer to another facility with a reason), its occupancy over 14 days and its places
 * from a day; the facility-quarantine orders waiting for a place (allocate). Refusals (full, places
 * below the people staying) show the server's translated message. 360 px: cards, not tables.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { useApi, usePageTitle } from '../../hooks.ts';
import type { FacilityItem } from './facilitiesApi.ts';
import { facilitiesApi } from './facilitiesApi.ts';
import { formatDate } from '../../format.ts';

export function FacilitiesPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('facilities.title'));
  const load = useCallback(
    async () => ({ list: await facilitiesApi.list(), pending: await facilitiesApi.pending() }),
    [],
  );
  const { data, latest, error, reload } = useApi(load);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [version, setVersion] = useState(0);
  const state = data ?? latest;

  const act = async (run: () => Promise<unknown>, done: string) => {
    setMessage(null);
    try {
      await run();
      setMessage({ ok: true, text: done });
      setVersion((v) => v + 1);
      reload();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? e.message : String(e) });
    }
  };

  if (!state) return error ? <ErrorBox error={error} onRetry={reload} /> : <Loading />;
  const facilities = state.list.items;
  return (
    <section className="page quarantine-facilities">
      <h1>{t('facilities.title')}</h1>
      <p className="muted">{t('facilities.intro')}</p>
      {message && (message.ok ? <p role="status">{message.text}</p> : <p role="alert">{message.text}</p>)}
      {facilities.length === 0 ? (
        <p>{t('facilities.noFacilities')}</p>
      ) : (
        <ul className="cards" aria-label={t('facilities.title')}>
          {facilities.map((f) => (
            <li key={f.id} className="card">
              <strong>{f.name}</strong>
              <div className="muted">{t(`facilities.kinds.${f.kind}`)}</div>
              <dl className="inline">
                <dt>{t('facilities.capacity')}</dt>
                <dd>{f.capacity ?? t('facilities.unknown')}</dd>
                <dt>{t('facilities.occupied')}</dt>
                <dd>{f.occupied}</dd>
                <dt>{t('facilities.free')}</dt>
                <dd>{f.free ?? '—'}</dd>
              </dl>
              <button
                type="button"
                aria-expanded={open === f.id}
                aria-label={`${t('facilities.details')}: ${f.name}`}
                onClick={() => {
                  setOpen(open === f.id ? null : f.id);
                }}
              >
                {t('facilities.details')}
              </button>
              {open === f.id && (
                <FacilityPanel
                  key={`${f.id}-${version}`}
                  facility={f}
                  others={facilities.filter((o) => o.id !== f.id)}
                  day={state.list.day}
                  act={act}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('facilities.pending')}</h2>
      {state.pending.items.length === 0 ? (
        <p>{t('facilities.noPending')}</p>
      ) : (
        <ul className="cards" aria-label={t('facilities.pending')}>
          {state.pending.items.map((o) => (
            <li key={o.orderId} className="card">
              <strong>{o.name}</strong>
              <div className="muted">
                {t('facilities.orderDates')}: {formatDate(o.startDate, i18n.language)} →{' '}
                {formatDate(o.endDate, i18n.language)}
              </div>
              <PickFacility
                label={`${t('facilities.facility')}: ${o.name}`}
                facilities={facilities}
                submit={t('facilities.allocate')}
                onSubmit={(facilityId) =>
                  act(() => facilitiesApi.allocate(o.orderId, facilityId), t('facilities.allocated'))
                }
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type Act = (run: () => Promise<unknown>, done: string) => Promise<void>;

/** A facility's people (with transfer), its occupancy by day and its places from a day. */
function FacilityPanel(props: { facility: FacilityItem; others: FacilityItem[]; day: string; act: Act }) {
  const { t, i18n } = useTranslation();
  const { facility, others, act } = props;
  const load = useCallback(() => facilitiesApi.detail(facility.id), [facility.id]);
  const { data, error, reload } = useApi(load);
  const [day, setDay] = useState(props.day);
  const [places, setPlaces] = useState(String(facility.capacity ?? ''));
  if (!data) return error ? <ErrorBox error={error} onRetry={reload} /> : <Loading />;
  return (
    <div className="panel">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void act(
            () => facilitiesApi.setCapacity(facility.id, day, Number(places)),
            t('facilities.capacitySaved'),
          );
        }}
      >
        <fieldset>
          <legend>{t('facilities.setCapacity')}</legend>
          <label>
            {t('facilities.capacityFrom')}{' '}
            <input
              type="date"
              required
              value={day}
              onChange={(e) => {
                setDay(e.target.value);
              }}
            />
          </label>{' '}
          <label>
            {t('facilities.capacity')}{' '}
            <input
              type="number"
              min={0}
              max={100000}
              required
              value={places}
              onChange={(e) => {
                setPlaces(e.target.value);
              }}
            />
          </label>{' '}
          <button type="submit">{t('facilities.saveCapacity')}</button>
        </fieldset>
      </form>
      <h3>{t('facilities.occupants')}</h3>
      <ul aria-label={`${t('facilities.occupants')}: ${facility.name}`}>
        {data.occupants.map((o) => (
          <li key={o.orderId}>
            {o.name} — {t('facilities.since')} {o.since}
            <PickFacility
              label={`${t('facilities.transferTo')}: ${o.name}`}
              facilities={others}
              submit={t('facilities.transfer')}
              reasonLabel={`${t('facilities.transferReason')}: ${o.name}`}
              onSubmit={(facilityId, reason) =>
                act(
                  () => facilitiesApi.transfer(o.orderId, facilityId, reason ?? ''),
                  t('facilities.transferred'),
                )
              }
            />
          </li>
        ))}
      </ul>
      <h3>{t('facilities.byDay')}</h3>
      <ol className="compact" aria-label={`${t('facilities.byDay')}: ${facility.name}`}>
        {data.byDay.map((d) => (
          <li key={d.day}>
            {formatDate(d.day, i18n.language)}: {d.occupied} / {d.capacity ?? t('facilities.unknown')}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Choose a facility (and, for a transfer, a reason), then submit. */
function PickFacility(props: {
  label: string;
  facilities: FacilityItem[];
  submit: string;
  reasonLabel?: string;
  onSubmit: (facilityId: string, reason?: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [facilityId, setFacilityId] = useState('');
  const [reason, setReason] = useState('');
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        if (facilityId) void props.onSubmit(facilityId, props.reasonLabel ? reason : undefined);
      }}
    >
      <select
        aria-label={props.label}
        required
        value={facilityId}
        onChange={(e) => {
          setFacilityId(e.target.value);
        }}
      >
        <option value="">{t('facilities.choose')}</option>
        {props.facilities.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name} ({f.free ?? '?'})
          </option>
        ))}
      </select>
      {props.reasonLabel && (
        <input
          aria-label={props.reasonLabel}
          placeholder={t('facilities.transferReason')}
          required
          minLength={3}
          maxLength={1000}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
          }}
        />
      )}{' '}
      <button type="submit">{props.submit}</button>
    </form>
  );
}
