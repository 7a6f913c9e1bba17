import { describe, expect, it } from 'vitest';
import { describeChanges, positivityPct, renderSentence } from './changes.ts';
import type { SitrepFigures } from './changes.ts';

const day = (over: Partial<SitrepFigures> = {}): SitrepFigures => ({
  newCases: 0,
  activeCases: 0,
  deaths: 0,
  tests: 0,
  testsPositive: 0,
  doses: 0,
  checkins: 0,
  ...over,
});

const sentences = (lang: 'vi' | 'en', today: SitrepFigures, yesterday: SitrepFigures) =>
  describeChanges(today, yesterday).map((s) => renderSentence(lang, s));

describe('what changed since yesterday, written from the numbers', () => {
  it('says new cases rose by 12 (20 %) when they went from 60 to 72, in both languages', () => {
    const today = day({ newCases: 72 });
    const yesterday = day({ newCases: 60 });
    expect(sentences('vi', today, yesterday)[0]).toBe(
      'Số ca mới tăng 12 (↑ 20 %) so với hôm qua, lên 72 ca.',
    );
    expect(sentences('en', today, yesterday)[0]).toBe(
      'New cases rose by 12 (↑ 20 %) since yesterday, to 72.',
    );
  });

  it('says they fell, with the percentage in the language’s decimal sign', () => {
    const [vi] = sentences('vi', day({ newCases: 7 }), day({ newCases: 8 }));
    const [en] = sentences('en', day({ newCases: 7 }), day({ newCases: 8 }));
    expect(vi).toBe('Số ca mới giảm 1 (↓ 12,5 %) so với hôm qua, còn 7 ca.');
    expect(en).toBe('New cases fell by 1 (↓ 12.5 %) since yesterday, to 7.');
  });

  it('chooses the English singular for one and the plural otherwise; Vietnamese has one form', () => {
    expect(sentences('en', day({ deaths: 1 }), day())[2]).toBe('1 death; none yesterday.');
    expect(sentences('en', day({ deaths: 3 }), day())[2]).toBe('3 deaths; none yesterday.');
    expect(sentences('en', day({ newCases: 1 }), day({ newCases: 1 }))[0]).toBe(
      'New cases were unchanged since yesterday: 1 case.',
    );
    expect(sentences('en', day(), day())[0]).toBe('New cases were unchanged since yesterday: 0 cases.');
    expect(sentences('vi', day({ deaths: 1 }), day())[2]).toBe('Có 1 ca tử vong; hôm qua không có ca nào.');
  });

  it('groups thousands the language’s way', () => {
    const [vi] = sentences('vi', day({ newCases: 1500 }), day({ newCases: 1200 }));
    const [en] = sentences('en', day({ newCases: 1500 }), day({ newCases: 1200 }));
    expect(vi).toBe('Số ca mới tăng 300 (↑ 25 %) so với hôm qua, lên 1.500 ca.');
    expect(en).toBe('New cases rose by 300 (↑ 25 %) since yesterday, to 1,500.');
  });

  it('gives positivity in percentage points after the tests, and nothing when there were no tests today', () => {
    const today = day({ tests: 200, testsPositive: 10 });
    const yesterday = day({ tests: 100, testsPositive: 4 });
    const keys = describeChanges(today, yesterday).map((s) => s.key);
    expect(keys).toEqual([
      'sitrep.changes.newCases.same',
      'sitrep.changes.activeCases.same',
      'sitrep.changes.deaths.same',
      'sitrep.changes.tests.rose',
      'sitrep.changes.positivity.rose',
      'sitrep.changes.doses.same',
      'sitrep.changes.checkins.same',
    ]);
    expect(sentences('en', today, yesterday)[4]).toBe(
      'Positivity rose from 4 % to 5 % (↑ 1 percentage point).',
    );
    expect(describeChanges(day(), yesterday).map((s) => s.key)).not.toContain(
      'sitrep.changes.positivity.rose',
    );
    expect(positivityPct(day())).toBeNull();
  });

  it('writes every sentence from the catalogue (no key left untranslated)', () => {
    const all = [
      ...describeChanges(day({ newCases: 5, tests: 3, testsPositive: 1, doses: 2 }), day()),
      ...describeChanges(day(), day({ newCases: 5, tests: 3, testsPositive: 1, doses: 2, checkins: 4 })),
    ];
    for (const lang of ['vi', 'en'] as const) {
      for (const s of all) expect(renderSentence(lang, s)).not.toMatch(/sitrep\.|\{\{/u);
    }
  });
});
