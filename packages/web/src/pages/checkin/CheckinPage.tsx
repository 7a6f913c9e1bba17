/**
 * The page a venue's QR code opens (`/c/:token`), phone-first and public. A signed-in citizen
 * checks in with one tap (and may tick household members); anyone else checks in as a guest
 * with phone and name, or signs in right here with a one-time code. Check-out is one tap.
 */
import { useCallback, useEffect, useState, type SubmitEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type MyPerson } from '../../api.ts';
import {
  CitizenIdentityFields,
  EMPTY_IDENTITY,
  identityPayload,
  type IdentityDraft,
} from '../../components/CitizenIdentityFields.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { usePageTitle } from '../../hooks.ts';
import { checkinApi, hhmm, type PublicVenue, type Visit } from './api.ts';

const GUEST_KEY = 'epilink.checkin.guest';

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e));
}

function storedGuest(): { phone: string; fullName: string } {
  try {
    const raw = localStorage.getItem(GUEST_KEY);
    if (raw) return JSON.parse(raw) as { phone: string; fullName: string };
  } catch {
    // storage disabled
  }
  return { phone: '', fullName: '' };
}

export function CheckinPage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [venue, setVenue] = useState<PublicVenue | null>(null);
  const [people, setPeople] = useState<MyPerson[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [visits, setVisits] = useState<Visit[] | null>(null);
  const [checkedOut, setCheckedOut] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [guest, setGuest] = useState(storedGuest);
  const [checkoutToken, setCheckoutToken] = useState<string | null>(() => {
    try {
      return localStorage.getItem(`${GUEST_KEY}.out.${token}`);
    } catch {
      return null;
    }
  });
  const [identify, setIdentify] = useState(false);
  const [identity, setIdentity] = useState<IdentityDraft>(EMPTY_IDENTITY);
  const [signIn, setSignIn] = useState<{ open: boolean; phone: string; code: string; sent: boolean }>({
    open: false,
    phone: '',
    code: '',
    sent: false,
  });
  usePageTitle(venue?.name ?? t('checkin.citizen.title'));

  const loadPeople = useCallback(() => {
    api.myPersons().then(
      (r) => {
        setPeople(r.items);
        setChosen(r.items.filter((p) => p.relation === 'self').map((p) => p.id));
      },
      () => {
        setPeople([]);
      },
    );
  }, []);

  useEffect(() => {
    checkinApi.venueOf(token).then(
      (r) => {
        setVenue(r.venue);
      },
      (e: unknown) => {
        setError(asApiError(e));
      },
    );
    loadPeople();
  }, [token, loadPeople]);

  const run = (p: Promise<void>) => {
    setBusy(true);
    setError(null);
    p.catch((e: unknown) => {
      setError(asApiError(e));
    }).finally(() => {
      setBusy(false);
    });
  };

  const citizenCheckin = () => {
    run(
      checkinApi.citizenCheckin(token, chosen).then((r) => {
        setVisits(r.visits);
        setCheckedOut(null);
      }),
    );
  };
  const guestCheckin = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    run(
      checkinApi.guestCheckin(token, guest.phone, guest.fullName).then((r) => {
        try {
          localStorage.setItem(GUEST_KEY, JSON.stringify(guest));
          // The check-out token of this stay (a repeated tap gets none: the first one holds it).
          if (r.checkoutToken) localStorage.setItem(`${GUEST_KEY}.out.${token}`, r.checkoutToken);
        } catch {
          // storage disabled: the token lives in this page only
        }
        if (r.checkoutToken) setCheckoutToken(r.checkoutToken);
        setVisits(r.visits);
        setCheckedOut(null);
      }),
    );
  };
  const checkout = () => {
    const first = visits?.[0];
    if (!first) return;
    const signedIn = (people?.length ?? 0) > 0;
    run(
      (signedIn
        ? checkinApi.citizenCheckout(first.id)
        : checkinApi.guestCheckout(token, checkoutToken ?? '')
      ).then((r) => {
        setCheckedOut(r.visits[0]?.checkedOutAt ?? new Date().toISOString());
        setVisits(null);
      }),
    );
  };
  const sendCode = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    run(
      api.citizenStart(signIn.phone.trim()).then(() => {
        setSignIn((s) => ({ ...s, sent: true }));
      }),
    );
  };
  const verifyCode = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    run(
      api
        .citizenVerify(
          signIn.phone.trim(),
          signIn.code.trim(),
          identify ? identityPayload(identity) : undefined,
        )
        .then(
          () => {
            setSignIn({ open: false, phone: '', code: '', sent: false });
            setIdentify(false);
            setIdentity(EMPTY_IDENTITY);
            loadPeople();
          },
          (err: unknown) => {
            // First sign-in with this phone: ask who holds it, then the same button signs in.
            if (err instanceof ApiError && err.code === 'CITIZEN_IDENTITY_REQUIRED') setIdentify(true);
            else throw err;
          },
        ),
    );
  };

  if (!venue && !error) return <Loading />;
  const signedIn = (people?.length ?? 0) > 0;
  const first = visits?.[0];
  return (
    <>
      <p className="eyebrow">{t('checkin.citizen.title')}</p>
      {venue && (
        <>
          <h1>{venue.name}</h1>
          <p className="lead">
            {t('checkin.citizen.venueAt', {
              type: t(`checkin.type.${venue.type}`),
              address: [venue.address, venue.communeName].filter(Boolean).join(', '),
            })}
          </p>
        </>
      )}
      {error && <ErrorBox error={error} />}
      {first && (
        <div className="notice notice--success" role="status">
          <p>
            {first.duplicate
              ? t('checkin.citizen.alreadyIn', { time: hhmm(first.checkedInAt, lang) })
              : t('checkin.citizen.checkedIn', {
                  time: hhmm(first.checkedInAt, lang),
                  until: hhmm(first.checkedOutAt, lang),
                })}
          </p>
          <button type="button" className="button" onClick={checkout} disabled={busy}>
            {t('checkin.citizen.checkOut')}
          </button>
        </div>
      )}
      {first && signedIn && (
        <p>
          <Link to="/me/checkins">{t('checkin.citizen.history')}</Link>
        </p>
      )}
      {checkedOut && (
        <p className="notice notice--success" role="status">
          {t('checkin.citizen.checkedOut', { time: hhmm(checkedOut, lang) })}
        </p>
      )}
      {venue && !first && signedIn && people && (
        <section aria-label={t('checkin.citizen.checkIn')}>
          {people.length > 1 && (
            <fieldset className="fieldset">
              <legend>{t('checkin.citizen.household')}</legend>
              {people.map((p) => (
                <label key={p.id} className="checkbox">
                  <input
                    type="checkbox"
                    checked={chosen.includes(p.id)}
                    onChange={(e) => {
                      setChosen((c) => (e.target.checked ? [...c, p.id] : c.filter((x) => x !== p.id)));
                    }}
                  />{' '}
                  {p.fullName}
                </label>
              ))}
            </fieldset>
          )}
          <button
            type="button"
            className="button button--large"
            onClick={citizenCheckin}
            disabled={busy || chosen.length === 0}
          >
            {t('checkin.citizen.checkIn')}
          </button>
          <p>
            <Link to="/me/checkins">{t('checkin.citizen.history')}</Link>
          </p>
        </section>
      )}
      {venue && !first && people !== null && !signedIn && (
        <>
          <form className="form" onSubmit={guestCheckin} aria-label={t('checkin.citizen.guest')}>
            <h2>{t('checkin.citizen.guest')}</h2>
            <label className="field">
              <span>{t('checkin.citizen.phone')}</span>
              <input
                type="tel"
                inputMode="tel"
                autoComplete="tel"
                required
                value={guest.phone}
                onChange={(e) => {
                  setGuest((g) => ({ ...g, phone: e.target.value }));
                }}
              />
            </label>
            <label className="field">
              <span>{t('checkin.citizen.fullName')}</span>
              <input
                autoComplete="name"
                required
                value={guest.fullName}
                onChange={(e) => {
                  setGuest((g) => ({ ...g, fullName: e.target.value }));
                }}
              />
            </label>
            <p className="muted">{t('checkin.citizen.guestNote', { days: venue.retentionDays })}</p>
            <button type="submit" className="button button--large" disabled={busy}>
              {t('checkin.citizen.checkIn')}
            </button>
          </form>
          <section>
            {!signIn.open ? (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  setSignIn((s) => ({ ...s, open: true, phone: guest.phone }));
                }}
              >
                {t('checkin.citizen.signIn')}
              </button>
            ) : !signIn.sent ? (
              <form className="form" onSubmit={sendCode} aria-label={t('checkin.citizen.signIn')}>
                <label className="field">
                  <span>{t('security.web.citizen.phone')}</span>
                  <input
                    type="tel"
                    required
                    value={signIn.phone}
                    onChange={(e) => {
                      setSignIn((s) => ({ ...s, phone: e.target.value }));
                    }}
                  />
                </label>
                <button type="submit" className="button" disabled={busy}>
                  {t('security.web.citizen.sendCode')}
                </button>
              </form>
            ) : (
              <form className="form" onSubmit={verifyCode} aria-label={t('checkin.citizen.signIn')}>
                <p className="muted">{t('security.web.citizen.codeSent')}</p>
                <label className="field">
                  <span>{t('security.web.citizen.code')}</span>
                  <input
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    required
                    value={signIn.code}
                    onChange={(e) => {
                      setSignIn((s) => ({ ...s, code: e.target.value }));
                    }}
                  />
                </label>
                {identify && <CitizenIdentityFields value={identity} onChange={setIdentity} />}
                <button type="submit" className="button" disabled={busy}>
                  {t('security.web.citizen.signIn')}
                </button>
              </form>
            )}
          </section>
        </>
      )}
    </>
  );
}
