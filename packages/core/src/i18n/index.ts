import { checkin } from './checkin.ts';
import { errors } from './errors.ts';
import { registry } from './registry.ts';
import { vaccination } from './vaccination.ts';
import { web } from './web.ts';
import { security } from './security.ts';
import { testing } from './testing.ts';
import { casesWeb } from './casesWeb.ts';
import { cases } from './cases.ts';
import { fields } from './fields.ts';
import type { Language, MessageTree, Namespace } from './types.ts';

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
  cases,
  fields,
} satisfies Record<string, Namespace<MessageTree>>;

/** The full message tree for one language, as i18next resources. */
export function messagesFor(lang: Language): Record<string, MessageTree> {
  const out: Record<string, MessageTree> = {};
  for (const [name, ns] of Object.entries(namespaces)) out[name] = ns[lang];
  return out;
}

/** Translate a key (`errors.notFound`) with `{{param}}` interpolation; falls back to Vietnamese, then the key. */
export function translate(lang: Language, key: string, params: Record<string, string | number> = {}): string {
  const template = lookup(messagesFor(lang), key) ?? lookup(messagesFor('vi'), key) ?? key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/gu, (_, name: string) =>
    String(params[name] ?? `{{${name}}}`),
  );
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
