/**
 * The citizen declaration pages under `/declare` (one code chunk, so what the service worker keeps
 * when the page is opened is all the pages need offline): the choice of declaration, its form, and
 * the result. Reachable without an account; `?me=1` (the link from the citizen's own pages) offers
 * declaring for the household members in their care.
 */
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useSearchParams } from 'react-router-dom';
import { usePageTitle } from '../../hooks.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { DECLARATION_KINDS } from './api.ts';
import { DeclareFormPage } from './DeclareFormPage.tsx';
import { DeclareShell } from './DeclareShell.tsx';
import { ReceiptPage } from './ReceiptPage.tsx';
import { receipts } from './receipts.ts';
import { formatDateTime } from '../../format.ts';
import './declarations.css';

/** `/declare`: the three declarations, and the ones this device sent. */
export function DeclareHomePage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  usePageTitle(t('declarationsWeb.citizen.title'));
  const suffix = params.get('me') === '1' ? '?me=1' : '';
  const sent = receipts();
  return (
    <section aria-labelledby="declare-home-title">
      <h1 id="declare-home-title">{t('declarationsWeb.citizen.title')}</h1>
      <p className="muted">{t('declarationsWeb.citizen.intro')}</p>
      <h2>{t('declarationsWeb.citizen.choose')}</h2>
      <ul className="decl-kinds">
        {DECLARATION_KINDS.map((kind) => (
          <li key={kind} className="card">
            <Link to={`/declare/${kind}${suffix}`}>{t(`declarationsWeb.kinds.${kind}`)}</Link>
            <p className="muted small">{t(`declarationsWeb.kindHints.${kind}`)}</p>
          </li>
        ))}
      </ul>
      {suffix === '' && (
        <p>
          <Link to="/me/login">{t('declarationsWeb.citizen.signIn')}</Link>
        </p>
      )}
      {sent.length > 0 && (
        <>
          <h2>{t('declarationsWeb.citizen.my')}</h2>
          <ul className="plain-list">
            {sent.map((r) => (
              <li key={r.id}>
                <Link to={`/declare/result/${encodeURIComponent(r.id)}`}>
                  {t(`declarationsWeb.kinds.${r.kind}`)} · {r.personName} ·{' '}
                  {formatDateTime(r.declaredAt, i18n.language)}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Every `/declare/*` page inside the offline shell. */
export function CitizenDeclarations() {
  return (
    <DeclareShell>
      <Routes>
        <Route index element={<DeclareHomePage />} />
        <Route path="result/:id" element={<ReceiptPage />} />
        <Route path=":kind" element={<DeclareFormPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </DeclareShell>
  );
}
