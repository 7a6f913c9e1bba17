import { isRole, roleAllows } from '@epilink/core';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { useApi, usePageTitle } from '../../hooks.ts';
import { NewVersionForm } from './NewVersionForm.tsx';
import { PolicyRuleCard } from './PolicyRuleCard.tsx';
import './policy.css';
import type { PolicyList, PolicyRule } from './types.ts';

/**
 * The policy store for officials: every rule authorities change, by its name and purpose, the
 * value in force in a form made for its type, its source document and verification status, and
 * every version by effective date. A new version is added, never edited in place; policy editors
 * also see the raw data and the form to add a version.
 */
export function PolicyPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  usePageTitle(t('registry.policy.title'));
  const editor = user !== null && isRole(user.role) && roleAllows(user.role, 'policy:write');
  const list = useApi(useCallback(() => request<PolicyList>('GET', '/api/policy/rules'), []));
  // While a saved version reloads the list, the last one stays (and the form with its message).
  const data = list.data ?? list.latest;
  const byKey = useMemo(() => {
    const groups = new Map<string, PolicyRule[]>();
    for (const r of data?.rules ?? []) groups.set(r.key, [...(groups.get(r.key) ?? []), r]);
    return groups;
  }, [data]);

  return (
    <>
      <h1>{t('registry.policy.title')}</h1>
      <p className="muted">{t('registry.policy.intro')}</p>
      {list.error && <p role="alert">{list.error.message}</p>}
      {(data?.keys ?? []).map((k) => (
        <PolicyRuleCard key={k.key} ruleKey={k.key} versions={byKey.get(k.key) ?? []} editor={editor} />
      ))}
      {data && editor && <NewVersionForm keys={data.keys.map((k) => k.key)} onSaved={list.reload} />}
    </>
  );
}
