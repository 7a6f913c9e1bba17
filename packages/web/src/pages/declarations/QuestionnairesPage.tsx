/**
 * Questionnaire versions (`/declarations/questionnaires`): every published version with its
 * effective date; officials with the policy role start from a version's JSON, edit it, check it
 * (the core's `questionnaireIssues`, each problem in the catalogue's words, and a preview of the
 * form), and publish it as a new version. Old declarations keep the version they answered.
 */
import type { ErrorDetail } from '@epilink/core';
import { addDays, isRole, roleAllows, today } from '@epilink/core';
import type { Questionnaire } from '@epilink/core/declarations/questionnaire';
import { questionnaireIssues } from '@epilink/core/declarations/validate';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { useApi, usePageTitle } from '../../hooks.ts';
import {
  DECLARATION_KINDS,
  declarationsApi,
  type DeclarationKind,
  type QuestionnaireVersion,
} from './api.ts';
import { blankLevel, type DraftLevel } from './draft.ts';
import { QuestionnaireForm } from './QuestionnaireForm.tsx';

type Checked = { ok: true; questionnaire: Questionnaire } | { ok: false; problems: string[] };

/** The version editor: JSON, check, preview, publish. */
function Editor({
  start,
  onPublished,
}: {
  start: QuestionnaireVersion;
  onPublished: (v: QuestionnaireVersion) => void;
}) {
  const { t, i18n } = useTranslation();
  const [json, setJson] = useState(() => JSON.stringify(start.resource, null, 2));
  const [checked, setChecked] = useState<Checked | null>(null);
  const [effectiveFrom, setEffectiveFrom] = useState(() => addDays(today(), 1));
  const [draft, setDraft] = useState<DraftLevel>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<QuestionnaireVersion | null>(null);
  const describe = (issues: ErrorDetail[]) =>
    issues.map((i) => (i.path ? `${i.path}: ${t(i.messageKey, i.params)}` : t(i.messageKey, i.params)));

  const check = (): Checked => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (e: unknown) {
      const result: Checked = {
        ok: false,
        problems: [
          t('declarationsWeb.publish.badJson', { reason: e instanceof Error ? e.message : String(e) }),
        ],
      };
      setChecked(result);
      return result;
    }
    const issues = questionnaireIssues(parsed, { bilingual: true });
    const result: Checked =
      issues.length > 0
        ? { ok: false, problems: describe(issues) }
        : { ok: true, questionnaire: parsed as Questionnaire };
    setChecked(result);
    if (result.ok) setDraft(blankLevel(result.questionnaire.item));
    return result;
  };

  const publish = () => {
    const result = check();
    if (!result.ok) return;
    setBusy(true);
    setError(null);
    declarationsApi.publish(start.kind, effectiveFrom, result.questionnaire).then(
      (v) => {
        setBusy(false);
        setDone(v);
        onPublished(v);
      },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      },
    );
  };

  return (
    <section className="card" aria-labelledby="publish-editor-title">
      <h2 id="publish-editor-title">
        {t(`declarationsWeb.kinds.${start.kind}`)} · {t('declarationsWeb.publish.edit')}
      </h2>
      <div className="field">
        <label htmlFor="publish-json">{t('declarationsWeb.publish.json')}</label>
        <textarea
          id="publish-json"
          className="decl-json"
          spellCheck={false}
          value={json}
          onChange={(e) => {
            setJson(e.target.value);
            setChecked(null);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="publish-from">{t('declarationsWeb.publish.effectiveFrom')}</label>
        <input
          id="publish-from"
          type="date"
          value={effectiveFrom}
          onChange={(e) => {
            setEffectiveFrom(e.target.value);
          }}
        />
      </div>
      <p className="actions">
        <button type="button" className="button button--secondary" onClick={() => void check()}>
          {t('declarationsWeb.publish.check')}
        </button>
        <button type="button" className="button" onClick={publish} disabled={busy}>
          {t('declarationsWeb.publish.publish')}
        </button>
      </p>
      {checked && !checked.ok && (
        <div className="notice notice--error" role="alert">
          <ul>
            {checked.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {error && <ErrorBox error={error} />}
      {done && (
        <p className="notice notice--success" role="status">
          {t('declarationsWeb.publish.published', {
            version: done.version,
            date: formatDate(done.effectiveFrom, i18n.language) ?? done.effectiveFrom,
          })}
        </p>
      )}
      {checked?.ok && (
        <>
          <p className="notice notice--success">{t('declarationsWeb.publish.checked')}</p>
          <h3>{t('declarationsWeb.publish.preview')}</h3>
          <QuestionnaireForm questionnaire={checked.questionnaire} draft={draft} onChange={setDraft} />
        </>
      )}
    </section>
  );
}

/** The versions page. */
export function QuestionnairesPage() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  usePageTitle(t('declarationsWeb.publish.title'));
  // Officials with policy:read see every version; others the versions in force.
  const mayList = !!user && isRole(user.role) && roleAllows(user.role, 'policy:read');
  const versions = useApi(
    useCallback(() => (mayList ? declarationsApi.versions() : declarationsApi.inForce()), [mayList]),
  );
  const current = useApi(useCallback(() => declarationsApi.inForce(), []));
  // Versions published from this page (in force from a later day, so not yet in the list above).
  const [published, setPublished] = useState<QuestionnaireVersion[]>([]);
  const [editing, setEditing] = useState<QuestionnaireVersion | null>(null);
  const [kind, setKind] = useState<DeclarationKind | 'all'>('all');
  const mayPublish = !!user && isRole(user.role) && roleAllows(user.role, 'policy:write');
  const inForce = new Set((current.latest?.items ?? []).map((v) => v.id));
  const listed = new Set((versions.latest?.items ?? []).map((v) => v.id));
  const items = [...(versions.latest?.items ?? []), ...published.filter((p) => !listed.has(p.id))].filter(
    (v) => kind === 'all' || v.kind === kind,
  );
  return (
    <section aria-labelledby="publish-title">
      <h1 id="publish-title">{t('declarationsWeb.publish.title')}</h1>
      <p className="muted">{t('declarationsWeb.publish.intro')}</p>
      {!mayPublish && <p className="notice notice--info">{t('declarationsWeb.publish.noPermission')}</p>}
      <div className="field">
        <label htmlFor="publish-kind">{t('declarationsWeb.publish.kind')}</label>
        <select
          id="publish-kind"
          value={kind}
          onChange={(e) => {
            setKind(DECLARATION_KINDS.find((k) => k === e.target.value) ?? 'all');
          }}
        >
          <option value="all">{t('declarationsWeb.publish.allKinds')}</option>
          {DECLARATION_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`declarationsWeb.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {versions.error ? (
        <ErrorBox error={versions.error} onRetry={versions.reload} />
      ) : !versions.latest ? (
        <Loading />
      ) : (
        <table className="table table--cards">
          <caption>{t('declarationsWeb.publish.versions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('declarationsWeb.publish.kind')}</th>
              <th scope="col">{t('declarationsWeb.publish.version')}</th>
              <th scope="col">{t('declarationsWeb.publish.effectiveFrom')}</th>
              <th scope="col">{t('declarationsWeb.publish.inForce')}</th>
              {mayPublish && <th scope="col">{t('declarationsWeb.publish.edit')}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((v) => (
              <tr key={v.id}>
                <td data-label={t('declarationsWeb.publish.kind')}>{t(`declarationsWeb.kinds.${v.kind}`)}</td>
                <td data-label={t('declarationsWeb.publish.version')}>{v.version}</td>
                <td data-label={t('declarationsWeb.publish.effectiveFrom')}>
                  {formatDate(v.effectiveFrom, i18n.language) ?? v.effectiveFrom}
                </td>
                <td data-label={t('declarationsWeb.publish.inForce')}>
                  {inForce.has(v.id)
                    ? t('declarationsWeb.publish.yes')
                    : v.effectiveFrom > today()
                      ? t('declarationsWeb.publish.later')
                      : t('declarationsWeb.publish.superseded')}
                </td>
                {mayPublish && (
                  <td data-label={t('declarationsWeb.publish.edit')}>
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={t('declarationsWeb.publish.editVersion', {
                        kind: t(`declarationsWeb.kinds.${v.kind}`),
                        version: v.version,
                      })}
                      onClick={() => {
                        setEditing(v);
                      }}
                    >
                      {t('declarationsWeb.publish.edit')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayPublish && editing && (
        <Editor
          key={editing.id}
          start={editing}
          onPublished={(v) => {
            setPublished((list) => [...list, v]);
            versions.reload();
          }}
        />
      )}
    </section>
  );
}
