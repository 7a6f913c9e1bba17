/**
 * The citizen's check-in history (`/me/checkins`): its own lazy chunk, so the check-in page a
 * phone opens from a QR code does not carry it.
 */
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { checkinApi, hhmm } from './api.ts';

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e));
}

/** The citizen's check-in history (`/me/checkins`), with check-out for stays still open. */
export function CheckinHistoryPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [checkoutError, setCheckoutError] = useState<ApiError | null>(null);
  usePageTitle(t('checkin.citizen.history'));
  const list = usePaged(useCallback((cursor?: string) => checkinApi.history(cursor), []));
  const error = list.error ?? checkoutError;
  const items = list.latest ? list.items : null;
  return (
    <>
      <h1>{t('checkin.citizen.history')}</h1>
      {error && <ErrorBox error={error} />}
      {error?.status === 401 && <Link to="/me/login">{t('checkin.citizen.signIn')}</Link>}
      {!items && !error && <Loading />}
      {items?.length === 0 && <p className="muted">{t('checkin.citizen.noHistory')}</p>}
      {items && items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('checkin.citizen.venue')}</th>
              <th scope="col">{t('checkin.citizen.in')}</th>
              <th scope="col">{t('checkin.citizen.out')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <td>{i.venue.name}</td>
                <td>{formatDateTime(i.checkedInAt, lang)}</td>
                <td>
                  {i.open ? (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => {
                        setCheckoutError(null);
                        void checkinApi.citizenCheckout(i.id).then(list.reload, (e: unknown) => {
                          setCheckoutError(asApiError(e));
                        });
                      }}
                    >
                      {t('checkin.citizen.checkOut')}
                    </button>
                  ) : (
                    hhmm(i.checkedOutAt, lang)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore list={list} />
    </>
  );
}
