import { describe, expect, it } from 'vitest';
import { POLICY_KEYS } from '../policy/catalogue.ts';
import { policyRules } from './policyRules.ts';
import type { MessageTree } from './types.ts';
import { translate } from './index.ts';

/** The leaf at a dotted path of a message tree, or undefined. */
function leaf(tree: MessageTree, path: string): string | undefined {
  let node: string | MessageTree | undefined = tree;
  for (const part of path.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

describe('policy rules catalogue: every rule is named for officials in both languages', () => {
  const keys = Object.keys(POLICY_KEYS);

  it.each(['vi', 'en'] as const)(
    'has a title and a one-line description for every policy key in %s',
    (lang) => {
      const tree = policyRules[lang] as MessageTree;
      const missing = keys.filter((key) => {
        const title = leaf(tree, `rules.${key}.title`);
        const description = leaf(tree, `rules.${key}.description`);
        return !title?.trim() || !description?.trim() || description.includes('\n');
      });
      expect(missing).toEqual([]);
    },
  );

  it('names no rule that the catalogue does not know (no stale labels)', () => {
    const labelled: string[] = [];
    const walk = (node: MessageTree, prefix: string) => {
      for (const [k, v] of Object.entries(node)) {
        if (typeof v === 'string') continue;
        if ('title' in v) labelled.push(`${prefix}${k}`);
        else walk(v, `${prefix}${k}.`);
      }
    };
    walk(policyRules.vi.rules, '');
    expect(labelled.sort()).toEqual([...keys].sort());
  });

  it('reads through translate in each language', () => {
    expect(translate('vi', 'policyRules.rules.quarantine.f1.title')).toBe('Cách ly và theo dõi F1');
    expect(translate('en', 'policyRules.rules.quarantine.f1.title')).toBe('Quarantine and monitoring of F1');
    expect(translate('en', 'policyRules.page.days', { count: 1 })).toBe('1 day');
    expect(translate('vi', 'policyRules.page.days', { count: 14 })).toBe('14 ngày');
  });
});
