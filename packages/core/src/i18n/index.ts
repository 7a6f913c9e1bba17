import { checkin } from './checkin.ts';
import { errors } from './errors.ts';
import { registry } from './registry.ts';
import { vaccination } from './vaccination.ts';
import { web } from './web.ts';
import { security } from './security.ts';
import { testing } from './testing.ts';
import { casesWeb } from './casesWeb.ts';
import { referralsWeb } from './referralsWeb.ts';
import { cases } from './cases.ts';
import { fields } from './fields.ts';
import { unitsAdmin } from './unitsAdmin.ts';
import { situation } from './situation.ts';
import { sitrep } from './sitrep.ts';
import { indicators } from './indicators.ts';
import { map } from './map.ts';
import { levels } from './levels.ts';
import { analytics } from './analytics.ts';
import { imports } from './imports.ts';
import { analyticsWeb } from './analyticsWeb.ts';
import { analyticsExportsWeb } from './analyticsExportsWeb.ts';
import { alarmsWeb } from './alarmsWeb.ts';
import { screensWeb } from './screensWeb.ts';
import { scenariosWeb } from './scenariosWeb.ts';
import { backtestWeb } from './backtestWeb.ts';
import { declarations } from './declarations.ts';
import { declarationsWeb } from './declarationsWeb.ts';
import { quarantine } from './quarantine.ts';
import { zones } from './zones.ts';
import { facilities } from './facilities.ts';
import { healthbook } from './healthbook.ts';
import { campaigns } from './campaigns.ts';
import { fhir } from './fhir.ts';
import { policyRules } from './policyRules.ts';
import { citizenGuide } from './citizenGuide.ts';
import { corrections } from './corrections.ts';
import { auditEntities } from './auditEntities.ts';
import type { Language, MessageTree, Namespace } from './types.ts';
import { formatDay } from '../time/format.ts';

export * from './types.ts';

/**
 * Every namespace of the product. A domain adds its own file here (`registry.ts`, `web.ts`, …)
 * and registers it below; keys are addressed as `namespace.path.to.leaf`.
 */
export const namespaces = {
  errors,
  registry,
  web,
  vaccination,
  checkin,
  security,
  testing,
  casesWeb,
  referralsWeb,
  cases,
  fields,
  unitsAdmin,
  situation,
  sitrep,
  indicators,
  map,
  levels,
  analytics,
  imports,
  analyticsWeb,
  alarmsWeb,
  scenariosWeb,
  backtestWeb,
  screensWeb,
  declarations,
  declarationsWeb,
  quarantine,
  zones,
  facilities,
  healthbook,
  campaigns,
  analyticsExportsWeb,
  fhir,
  policyRules,
  citizenGuide,
  corrections,
  auditEntities,
} satisfies Record<string, Namespace<MessageTree>>;

/** The full message tree for one language, as i18next resources. */
export function messagesFor(lang: Language): Record<string, MessageTree> {
  const out: Record<string, MessageTree> = {};
  for (const [name, ns] of Object.entries(namespaces)) out[name] = ns[lang];
  return out;
}

/** The `Intl` locale of each UI language. */
export const INTL_LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

/**
 * Translate a key (`errors.notFound`) the way the web app's i18next does: a numeric `count` picks
 * the language's plural variant (`key_one`, by `Intl.PluralRules`) when the catalogue has one;
 * `{{param}}` interpolates, `{{param, number}}` formats a number in the language (`Intl`) and
 * `{{param, date}}` a calendar day or instant in the language's one date format (`formatDay`). Falls
 * back to Vietnamese, then to the key.
 */
export function translate(lang: Language, key: string, params: Record<string, string | number> = {}): string {
  const count = params.count;
  const plural =
    typeof count === 'number'
      ? `${key}_${new Intl.PluralRules(INTL_LOCALES[lang]).select(count)}`
      : undefined;
  const template =
    (plural === undefined ? undefined : lookup(messagesFor(lang), plural)) ??
    lookup(messagesFor(lang), key) ??
    lookup(messagesFor('vi'), key) ??
    key;
  return template.replace(
    /\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/gu,
    (whole, name: string, format?: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      if (format === 'number' && typeof value === 'number') return formatNumber(lang, value);
      if (format === 'date' && typeof value === 'string') return formatDay(value, lang);
      return String(value);
    },
  );
}

/** A number with the language's grouping and decimal sign (1.234,5 in Vietnamese, 1,234.5 in English). */
export function formatNumber(lang: Language, value: number): string {
  return new Intl.NumberFormat(INTL_LOCALES[lang]).format(value);
}

function lookup(tree: MessageTree, key: string): string | undefined {
  let node: string | MessageTree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Pick the language from an Accept-Language header or a `lang` value; Vietnamese by default. */
export function pickLanguage(header: string | undefined | null): Language {
  if (!header) return 'vi';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}
