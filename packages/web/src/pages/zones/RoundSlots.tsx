/**
 * A round's sampling sites and time slots, and staff booking (issue #16 item 7): opened on demand;
 * the slots of each site (booked / capacity), a form adding a day's slots at one of the round's
 * sites, and a form booking a resident not yet tested — or their whole household — into a slot.
 * 360 px: fields stack, the tables scroll in their box.
 */
import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, request } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDateTime, formatTime } from '../../format.ts';
import { useApi } from '../../hooks.ts';
import { zonesApi } from './api.ts';
import type { Round } from './api.ts';

interface Slot {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  booked: number;
  free: number;
}
interface Site {
  id: string;
  name: string;
  address: string | null;
  sessions: Slot[];
}

const val = (f: FormData, k: string): string => {
  const v = f.get(k);
  return typeof v === 'string' ? v.trim() : '';
};

export function RoundSlots({ zoneId, round }: { zoneId: string; round: Round }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div>
      <p className="actions">
        <button
          type="button"
          className="button button--secondary"
          aria-expanded={open}
          onClick={() => {
            setOpen(!open);
          }}
        >
          {t('campaigns.slots.title')}
        </button>
      </p>
      {open && <SlotsPanel zoneId={zoneId} round={round} />}
    </div>
  );
}

function SlotsPanel({ zoneId, round }: { zoneId: string; round: Round }) {
  const { t, i18n } = useTranslation();
  const base = `/api/zones/${encodeURIComponent(zoneId)}/rounds/${encodeURIComponent(round.id)}`;
  const load = useCallback(() => request<{ sites: Site[] }>('GET', `${base}/slots`), [base]);
  const { data, error, reload } = useApi(load);
  const untested = useApi(useCallback(() => zonesApi.untested(zoneId, round.id), [zoneId, round.id]));
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const when = (s: Slot) =>
    `${formatDateTime(s.startsAt, i18n.language)}–${formatTime(s.endsAt, i18n.language)}`;
  const send = async (e: SubmitEvent<HTMLFormElement>, make: (f: FormData) => Promise<string>) => {
    e.preventDefault();
    setMessage(null);
    try {
      setMessage({ text: await make(new FormData(e.currentTarget)), error: false });
      reload();
      untested.reload();
    } catch (err) {
      setMessage({ text: err instanceof ApiError ? err.message : String(err), error: true });
    }
  };
  if (!data) return error ? <ErrorBox error={error} onRetry={reload} /> : <Loading />;
  const slots = data.sites.flatMap((s) => s.sessions.map((x) => ({ ...x, site: s.name })));
  return (
    <section aria-label={t('campaigns.slots.title')}>
      {message && <p role={message.error ? 'alert' : 'status'}>{message.text}</p>}
      {slots.length === 0 && <p>{t('campaigns.slots.none')}</p>}
      {data.sites
        .filter((s) => s.sessions.length > 0)
        .map((s) => (
          <div className="table-scroll" key={s.id}>
            <table>
              <caption>{s.name}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('campaigns.slots.time')}</th>
                  <th scope="col">{t('campaigns.slots.places')}</th>
                </tr>
              </thead>
              <tbody>
                {s.sessions.map((x) => (
                  <tr key={x.id}>
                    <td>{when(x)}</td>
                    <td>
                      {x.booked}/{x.capacity}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      <form
        className="stack"
        aria-label={t('campaigns.slots.add')}
        onSubmit={(e) =>
          void send(e, async (f) => {
            const r = await request<{ added: number }>('POST', `${base}/slots`, {
              siteId: val(f, 'siteId'),
              day: val(f, 'day'),
              from: val(f, 'from'),
              to: val(f, 'to'),
              minutes: Number(val(f, 'minutes')),
              capacity: Number(val(f, 'capacity')),
            });
            return t('campaigns.slots.added', { count: r.added });
          })
        }
      >
        <h4>{t('campaigns.slots.add')}</h4>
        <label className="field">
          {t('campaigns.slots.site')}
          <select name="siteId" required>
            {data.sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('campaigns.slots.day')}
          <input
            name="day"
            type="date"
            min={round.startsOn}
            max={round.endsOn}
            defaultValue={round.startsOn}
            required
          />
        </label>
        <label className="field">
          {t('campaigns.slots.from')}
          <input name="from" type="time" defaultValue="07:00" required />
        </label>
        <label className="field">
          {t('campaigns.slots.to')}
          <input name="to" type="time" defaultValue="11:00" required />
        </label>
        <label className="field">
          {t('campaigns.slots.minutes')}
          <input name="minutes" type="number" min={10} max={480} defaultValue={30} required />
        </label>
        <label className="field">
          {t('campaigns.slots.capacity')}
          <input name="capacity" type="number" min={1} max={10000} defaultValue={50} required />
        </label>
        <button type="submit" className="button">
          {t('campaigns.slots.add')}
        </button>
      </form>
      {slots.length > 0 && (untested.data?.items.length ?? 0) > 0 && (
        <form
          className="stack"
          aria-label={t('campaigns.slots.book')}
          onSubmit={(e) =>
            void send(e, async (f) => {
              const r = await request<{ booked: number }>('POST', `${base}/bookings`, {
                personId: val(f, 'personId'),
                sessionId: val(f, 'sessionId'),
                household: f.get('household') === 'on',
              });
              return t('campaigns.slots.booked', { count: r.booked });
            })
          }
        >
          <h4>{t('campaigns.slots.book')}</h4>
          <label className="field">
            {t('campaigns.slots.person')}
            <select name="personId" required>
              {untested.data?.items.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.fullName}
                  {p.dateOfBirth ? ` (${p.dateOfBirth.slice(0, 4)})` : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t('campaigns.slots.slot')}
            <select name="sessionId" required>
              {slots
                .filter((x) => x.free > 0)
                .map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.site} · {when(x)} ({x.free})
                  </option>
                ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" name="household" defaultChecked /> {t('campaigns.slots.household')}
          </label>
          <button type="submit" className="button">
            {t('campaigns.slots.book')}
          </button>
        </form>
      )}
    </section>
  );
}
