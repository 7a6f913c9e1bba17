/** The administration entry (`/admin`): the areas this official may use. */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth.tsx';
import { usePageTitle } from '../../hooks.ts';
import { adminAbilities } from './access.ts';

export function AdminPage() {
  const { t } = useTranslation();
  usePageTitle(t('security.web.admin.title'));
  const { user } = useAuth();
  const can = adminAbilities(user);
  const areas: { show: boolean; to: string; key: string; title?: string }[] = [
    { show: can.accounts, to: '/admin/accounts', key: 'accounts' },
    { show: true, to: '/admin/sessions', key: 'sessions' },
    { show: can.audit, to: '/admin/audit', key: 'audit' },
    { show: can.apiKeys, to: '/admin/api-keys', key: 'apiKeys' },
    { show: can.unitLists, to: '/admin/unit-lists', key: 'unitLists', title: 'unitsAdmin.areas.unitLists' },
    { show: can.rehoming, to: '/admin/rehoming', key: 'rehoming', title: 'unitsAdmin.areas.rehoming' },
    { show: can.webhooks, to: '/admin/webhooks', key: 'webhooks', title: 'fhir.webhooks.title' },
  ];
  return (
    <>
      <h1>{t('security.web.admin.title')}</h1>
      <p className="muted">{t('security.web.admin.intro')}</p>
      <ul className="stats">
        {areas
          .filter((a) => a.show)
          .map((a) => (
            <li key={a.key}>
              <Link className="stat" to={a.to}>
                {t(a.title ?? `security.web.admin.${a.key}.title`)}
              </Link>
            </li>
          ))}
      </ul>
    </>
  );
}
