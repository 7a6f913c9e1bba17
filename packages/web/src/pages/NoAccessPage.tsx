import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../hooks.ts';

/** A page of the officials' app the signed-in role may not open (reached by typing its address). */
export function NoAccessPage() {
  const { t } = useTranslation();
  usePageTitle(t('web.noAccess.title'));
  return (
    <>
      <h1>{t('web.noAccess.title')}</h1>
      <p>{t('web.noAccess.text')}</p>
      <p>
        <Link to="/">{t('web.noAccess.home')}</Link>
      </p>
    </>
  );
}
