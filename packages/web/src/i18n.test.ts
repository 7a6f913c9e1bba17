import { describe, expect, it } from 'vitest';
import { namespaces, PLURAL_CATEGORIES, type MessageTree } from '@epilink/core';

/** Every leaf path of a tree, with its text. */
function leaves(tree: MessageTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [p, v] of leaves(value, path)) out.set(p, v);
  }
  return out;
}

const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{\{\s*(\w+)\s*(?:,\s*\w+\s*)?\}\}/gu)].map((m) => m[1]))].sort();

const pluralSuffix = new RegExp(`_(${PLURAL_CATEGORIES.join('|')})$`, 'u');

/** The counted leaf a plural variant (`x_one`) belongs to, or undefined for an ordinary key. */
const pluralBase = (key: string) => (pluralSuffix.test(key) ? key.replace(pluralSuffix, '') : undefined);

describe('message catalogue', () => {
  it('registers the web namespace', () => {
    expect(Object.keys(namespaces)).toContain('web');
  });

  for (const [name, ns] of Object.entries(namespaces)) {
    describe(name, () => {
      const vi = leaves(ns.vi);
      const en = leaves(ns.en);

      it('has every Vietnamese key in English and every English key in Vietnamese', () => {
        expect([...vi.keys()].filter((k) => !en.has(k))).toEqual([]);
        expect([...en.keys()].filter((k) => !vi.has(k) && pluralBase(k) === undefined)).toEqual([]);
      });

      it('adds plural variants only beside a leaf counted by {{count}}, with its placeholders', () => {
        const stray = [...en, ...vi].filter(([k, text]) => {
          const base = pluralBase(k);
          if (base === undefined || vi.has(k)) return false;
          const baseText = vi.get(base);
          return (
            baseText === undefined ||
            !placeholders(baseText).includes('count') ||
            placeholders(text).some((p) => !placeholders(baseText).includes(p))
          );
        });
        expect(stray.map(([k]) => k)).toEqual([]);
      });

      it('has no empty text', () => {
        const empty = [...vi, ...en].filter(([, text]) => text.trim() === '').map(([k]) => k);
        expect(empty).toEqual([]);
      });

      it('uses the same {{placeholders}} in both languages', () => {
        const differ = [...vi].filter(([k, text]) => {
          const other = en.get(k);
          return other !== undefined && placeholders(text).join() !== placeholders(other).join();
        });
        expect(differ.map(([k]) => k)).toEqual([]);
      });
    });
  }
});
