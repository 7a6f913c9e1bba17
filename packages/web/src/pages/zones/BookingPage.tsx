/**
 * One-tap booking behind the SMS invitation (`/xn/:token`, issue #16 item 7): public, phone-first,
 * no sign-in and no name (the link may be forwarded). The campaign's days, the current slot and
 * the coming slots with places; tapping one books it.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError, request } from '../../api.ts';
import { formatDate, formatDateTime, formatTime } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';

interface Booked {
  siteName: string;
  startsAt: string;
  endsAt: string;
}

interface BookingContext {
  zoneName: string;
  startsOn: string;
  endsOn: string;
  open: boolean;
  current: (Booked & { sessionId: string | null }) | null;
  sites: {
    id: string;
    name: string;
    address: string | null;
    sessions: { id: string; startsAt: string; endsAt: string; free: number }[];
  }[];
}

export function BookingPage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  usePageTitle(t('campaigns.booking.title'));
  const url = `/api/public/campaign-bookings/${encodeURIComponent(token)}`;
  const [data, setData] = useState<BookingContext | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const load = useCallback(() => {
    request<BookingContext>('GET', url).then(setData, () => {
      setInvalid(true);
    });
  }, [url]);
  useEffect(load, [load]);
  const when = (b: { startsAt: string; endsAt: string }) =>
    `${formatDateTime(b.startsAt, i18n.language)}–${formatTime(b.endsAt, i18n.language)}`;
  const book = async (sessionId: string) => {
    setMessage(null);
    try {
      const b = await request<Booked>('POST', url, { sessionId });
      setMessage({ text: t('campaigns.booking.done', { site: b.siteName, time: when(b) }), error: false });
      load();
    } catch (e) {
      setMessage({ text: e instanceof ApiError ? e.message : String(e), error: true });
    }
  };
  if (invalid) return <p role="alert">{t('campaigns.booking.invalid')}</p>;
  if (!data) return null;
  return (
    <section className="page booking-page">
      <h1>{t('campaigns.booking.title')}</h1>
      <p>
        {t('campaigns.booking.intro', {
          zone: data.zoneName,
          from: formatDate(data.startsOn, i18n.language),
          to: formatDate(data.endsOn, i18n.language),
        })}
      </p>
      <p>
        {data.current
          ? t('campaigns.booking.current', { site: data.current.siteName, time: when(data.current) })
          : t('campaigns.booking.noSlot')}
      </p>
      {message && <p role={message.error ? 'alert' : 'status'}>{message.text}</p>}
      {!data.open && <p>{t('campaigns.booking.closed')}</p>}
      {data.open && data.sites.length === 0 && <p>{t('campaigns.booking.noneFree')}</p>}
      {data.sites.map((s) => (
        <section key={s.id} aria-label={s.name}>
          <h2>{s.name}</h2>
          {s.address && <p>{s.address}</p>}
          <ul className="plain-list">
            {s.sessions.map((x) => (
              <li key={x.id}>
                <button
                  type="button"
                  className="button"
                  disabled={x.id === data.current?.sessionId}
                  onClick={() => void book(x.id)}
                >
                  {t('campaigns.booking.choose')} {when(x)}
                </button>{' '}
                {t('campaigns.booking.free', { count: x.free })}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
