/**
 * A round's progress by hamlet (issue #16 item 7; the hamlet is read from the address line by the
 * server) with a button per hamlet, and one for the whole round, that texts an invitation to the
 * residents not yet tested. Loaded when opened; 360 px: the table scrolls in its box.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, request } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { useApi } from '../../hooks.ts';
import { useUnitNames } from '../cases/unitNames.ts';

interface HamletRow {
  communeCode: string | null;
  hamlet: string | null;
  members: number;
  tested: number;
  positives: number;
  testedPercent: number;
}

const base = (zoneId: string, roundId: string) =>
  `/api/zones/${encodeURIComponent(zoneId)}/rounds/${encodeURIComponent(roundId)}`;

export function HamletProgress({ zoneId, roundId }: { zoneId: string; roundId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const invite = async (body: { hamlet?: string; communeCode?: string }) => {
    setMessage(null);
    try {
      const r = await request<{ invited: number; withoutPhone: number }>(
        'POST',
        `${base(zoneId, roundId)}/invitations`,
        body,
      );
      setMessage(t('campaigns.invited', r));
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    }
  };
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
          {t('campaigns.hamlets')}
        </button>{' '}
        <button type="button" className="button button--secondary" onClick={() => void invite({})}>
          {t('campaigns.invite')}
        </button>
      </p>
      {message && <p role="status">{message}</p>}
      {open && <HamletTable zoneId={zoneId} roundId={roundId} onInvite={invite} />}
    </div>
  );
}

function HamletTable(props: {
  zoneId: string;
  roundId: string;
  onInvite: (body: { hamlet?: string; communeCode?: string }) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { zoneId, roundId } = props;
  const load = useCallback(
    () => request<{ items: HamletRow[] }>('GET', `${base(zoneId, roundId)}/hamlets`),
    [zoneId, roundId],
  );
  const { data, error, reload } = useApi(load);
  const communeName = useUnitNames((data?.items ?? []).map((h) => h.communeCode));
  if (!data) return error ? <ErrorBox error={error} onRetry={reload} /> : <Loading />;
  return (
    <div className="table-scroll">
      <table>
        <caption>{t('campaigns.hamlets')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('campaigns.commune')}</th>
            <th scope="col">{t('campaigns.hamlet')}</th>
            <th scope="col">{t('campaigns.tested')}</th>
            <th scope="col">{t('campaigns.positives')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('campaigns.invite')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((h) => (
            <tr key={`${h.communeCode ?? ''}-${h.hamlet ?? ''}`}>
              <td>{communeName(h.communeCode)}</td>
              <td>{h.hamlet ?? t('campaigns.noHamlet')}</td>
              <td>
                {h.tested}/{h.members} ({h.testedPercent}%)
              </td>
              <td>{h.positives}</td>
              <td>
                {h.hamlet && h.tested < h.members && (
                  <button
                    type="button"
                    className="button button--secondary"
                    aria-label={t('campaigns.inviteHamlet', { hamlet: h.hamlet })}
                    onClick={() =>
                      void props.onInvite({
                        hamlet: h.hamlet!,
                        ...(h.communeCode ? { communeCode: h.communeCode } : {}),
                      })
                    }
                  >
                    {t('campaigns.smsButton')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
