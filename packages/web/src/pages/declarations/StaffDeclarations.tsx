/**
 * The staff's declaration pages under `/declarations`: the commune's review list, entering a paper
 * declaration, the checkpoint scanner, and the questionnaire versions.
 */
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { CheckpointPage } from './CheckpointPage.tsx';
import { QuestionnairesPage } from './QuestionnairesPage.tsx';
import { ReviewPage } from './ReviewPage.tsx';
import { StaffDeclarePage } from './StaffDeclarePage.tsx';
import './declarations.css';

const TABS = [
  { to: '/declarations', key: 'review', end: true },
  { to: '/declarations/new', key: 'new', end: false },
  { to: '/declarations/checkpoint', key: 'checkpoint', end: false },
  { to: '/declarations/questionnaires', key: 'questionnaires', end: false },
] as const;

/** The module's own menu. */
function DeclarationTabs() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('declarationsWeb.tabs.label')} className="tabs">
      <ul className="chips">
        {TABS.map((tab) => (
          <li key={tab.key}>
            <NavLink to={tab.to} end={tab.end} className="chip">
              {t(`declarationsWeb.tabs.${tab.key}`)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Every `/declarations/*` staff page. */
export function StaffDeclarations() {
  return (
    <>
      <DeclarationTabs />
      <Routes>
        <Route index element={<ReviewPage />} />
        <Route path="new" element={<StaffDeclarePage />} />
        <Route path="checkpoint" element={<CheckpointPage />} />
        <Route path="questionnaires" element={<QuestionnairesPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </>
  );
}
