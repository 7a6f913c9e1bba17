import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../hooks.ts';

/** Any unknown address inside the app. */
export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('web.notFound.title'));
  return (
    <>
      <h1>{t('web.notFound.title')}</h1>
      <p>{t('web.notFound.text')}</p>
      <p>
        <Link to="/">{t('web.notFound.home')}</Link>
      </p>
    </>
  );
}
