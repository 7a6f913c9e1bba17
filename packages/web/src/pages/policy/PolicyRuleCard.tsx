import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format.ts';
import { diseaseName } from '../../diseaseName.ts';
import { readableValue } from './policyValue.ts';
import type { PolicyRule } from './types.ts';

/** The verification badge of one version: verified, partly not verified, not verified. */
export function VerificationBadge({ rule }: { rule: PolicyRule }) {
  const { t } = useTranslation();
  const partly = rule.verification === 'confirmed' && (rule.unverifiedPaths?.length ?? 0) > 0;
  const label = partly
    ? t('policyRules.page.partlyUnverified')
    : t(`registry.policy.verification.${rule.verification}`);
  return (
    <span className={`badge policy-badge policy-badge--${partly ? 'partly' : rule.verification}`}>
      {label}
    </span>
  );
}

/** The source document of a version: number, date when known, article and a link. */
export function SourceLine({ rule }: { rule: PolicyRule }) {
  const { t, i18n } = useTranslation();
  const { document, date, article, url } = rule.source;
  const dated = formatDate(date ?? null, i18n.language);
  return (
    <>
      {dated
        ? t('policyRules.page.sourceDated', { document, date: dated })
        : t('policyRules.page.sourceDocument', { document })}
      {article && <> · {t('policyRules.page.article', { article })}</>}
      {url && /^https?:\/\//u.test(url) && (
        <>
          {' · '}
          <a href={url} target="_blank" rel="noopener noreferrer">
            {t('policyRules.page.openSource')}
          </a>
        </>
      )}
    </>
  );
}

/** The value of a version in the form made for its type. */
export function ValueView({ rule, editor }: { rule: PolicyRule; editor: boolean }) {
  const { t, i18n } = useTranslation();
  const readable = readableValue(t, (k) => i18n.exists(k), i18n.language, rule.key, rule.value);
  const nothing = readable.text === null && readable.parts.length === 0;
  return (
    <div className="policy-value">
      {readable.text !== null && <p className="policy-value__text">{readable.text}</p>}
      {readable.parts.length > 0 && (
        <dl className="policy-value__lines">
          {readable.parts.map((part) =>
            part.kind === 'line' ? (
              <div key={part.label}>
                <dt>{part.label}</dt>
                <dd>{part.text}</dd>
              </div>
            ) : (
              <div key={part.label} className="policy-value__table">
                <dt>{part.label}</dt>
                <dd>
                  <table className="table small">
                    <thead>
                      <tr>
                        {part.columns.map((c) => (
                          <th key={c} scope="col">
                            {c}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {part.rows.map((row, i) => (
                        <tr key={i}>
                          {row.map((cell, j) => (
                            <td key={j} data-label={part.columns[j]}>
                              {cell}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </dd>
              </div>
            ),
          )}
        </dl>
      )}
      {editor && nothing && <p className="muted small">{t('policyRules.page.onlyInDetails')}</p>}
      {editor && !nothing && readable.partial && (
        <p className="muted small">{t('policyRules.page.moreInDetails')}</p>
      )}
    </div>
  );
}

/**
 * One rule for officials: its name and what it is for, the version in force (value, source
 * document, verification), every version by effective date, and for policy editors the raw data.
 */
export function PolicyRuleCard({
  ruleKey,
  versions,
  editor,
}: {
  ruleKey: string;
  versions: PolicyRule[];
  editor: boolean;
}) {
  const { t, i18n } = useTranslation();
  const base = `policyRules.rules.${ruleKey}`;
  const title = i18n.exists(`${base}.title`) ? t(`${base}.title`) : ruleKey;
  const headingId = `policy-${ruleKey.replace(/\W/gu, '-')}`;
  const inForce = versions.filter((v) => v.inForce);
  const disease = (r: PolicyRule) =>
    r.diseaseCode ? diseaseName(r.diseaseCode, i18n.language) : t('registry.policy.allDiseases');
  return (
    <section className="card policy-rule" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {i18n.exists(`${base}.description`) && <p className="muted">{t(`${base}.description`)}</p>}
      <h3 className="small">{t('policyRules.page.currentValue')}</h3>
      {inForce.length === 0 && <p className="muted small">{t('policyRules.page.noVersionInForce')}</p>}
      {inForce.map((r) => (
        <div key={r.id} className="policy-rule__current">
          {inForce.length > 1 && <p className="small">{disease(r)}</p>}
          <ValueView rule={r} editor={editor} />
          <p className="small">
            <VerificationBadge rule={r} /> <SourceLine rule={r} />
          </p>
        </div>
      ))}
      <h3 className="small">{t('policyRules.page.history')}</h3>
      <table className="table table--cards small">
        <thead>
          <tr>
            <th scope="col">{t('registry.policy.effectiveFrom')}</th>
            <th scope="col">{t('registry.policy.disease')}</th>
            <th scope="col">{t('registry.policy.source')}</th>
            <th scope="col">{t('registry.policy.status')}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((r) => (
            <tr key={r.id}>
              <td data-label={t('registry.policy.effectiveFrom')}>
                {formatDate(r.effectiveFrom, i18n.language)}
              </td>
              <td data-label={t('registry.policy.disease')}>{disease(r)}</td>
              <td data-label={t('registry.policy.source')}>
                <SourceLine rule={r} />
              </td>
              <td data-label={t('registry.policy.status')}>
                {r.inForce && <span className="badge">{t('registry.policy.inForce')}</span>}{' '}
                <VerificationBadge rule={r} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editor && (
        <details className="policy-rule__technical">
          <summary>{t('policyRules.page.technicalDetails')}</summary>
          <p className="small">{t('policyRules.page.technicalKey', { key: ruleKey })}</p>
          {versions.map((r) => (
            <div key={r.id}>
              <p className="small">{formatDate(r.effectiveFrom, i18n.language)}</p>
              <pre className="mono small">{JSON.stringify(r.value, null, 1)}</pre>
            </div>
          ))}
        </details>
      )}
    </section>
  );
}
