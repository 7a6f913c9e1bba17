/**
 * Issue #19 item 9: dates appeared in ISO, dd/mm/yyyy and d/m/yyyy on the same screens. Every
 * date a reader sees goes through core's one formatter (packages/core/src/time/format.ts:
 * formatDay, formatDayTime, formatTimeOfDay; the web's format.ts delegates to it). This test
 * scans the web app and the server's PDF/export modules for the ways a date gets formatted by
 * hand, so a new screen that does it fails here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../..', import.meta.url));

/** Where dates are shown to people: screens, PDFs, exports. */
const SCANNED = [
  'packages/web/src',
  'packages/server/src/pdf',
  'packages/server/src/certificates',
  'packages/server/src/quarantine',
  'packages/server/src/testing',
  'packages/server/src/sitrep',
  'packages/server/src/checkin',
  'packages/server/src/zones',
  'packages/server/src/indicators',
];

/** Hand-made date formatting, each with why it is refused. */
const FORBIDDEN: { pattern: RegExp; why: string }[] = [
  { pattern: /\.toLocaleDateString\(/u, why: 'device locale and zone; use formatDay' },
  { pattern: /\.toLocaleTimeString\(/u, why: 'device locale and zone; use formatTimeOfDay' },
  { pattern: /new Date\([^)]*\)\.toLocaleString\(/u, why: 'device locale and zone; use formatDayTime' },
  { pattern: /new Intl\.DateTimeFormat\(/u, why: "a second date format; use core's formatter" },
  {
    pattern: /\$\{[^}]*\.slice\(8, ?10\)\}\/\$\{[^}]*\.slice\(5, ?7\)\}/u,
    why: 'dd/mm built from an ISO string; use formatDay',
  },
  { pattern: /[Aa]t\.slice\(0, ?1[06]\)/u, why: 'an ISO timestamp cut for display; use formatDayTime' },
  {
    // `<td>{p.day}</td>`, `· {o.startDate} →`: a date field rendered as sent (an attribute value,
    // `value={x.day}`, is not shown as text).
    pattern: /(?<![=\w$])\{[\w.?!]+\.(?:\w*(?:On|Date|Day)|day|date|effectiveFrom)\}/u,
    why: 'a date shown as the API sends it (ISO); use formatDate',
  },
];

/**
 * Known exceptions, each for a reason other than showing a date: a tick label on a chart axis
 * (day/month, too narrow for the full date).
 */
const ALLOWED = new Set([
  'packages/server/src/sitrep/charts.ts',
  'packages/web/src/pages/situation/charts.ts',
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    if (!/\.tsx?$/u.test(e.name) || /\.test\.tsx?$/u.test(e.name)) return [];
    return [path];
  });
}

/** Every forbidden use in a source text, as `line: why`. */
export function handFormattedDates(text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const { pattern, why } of FORBIDDEN) if (pattern.test(line)) found.push(`${i + 1}: ${why}`);
  });
  return found;
}

describe('issue 19 item 9: one date format, from core', () => {
  it('finds hand-made formatting in a screen written in a hurry', () => {
    const hurried = [
      'const when = new Date(v.at).toLocaleDateString("vi-VN");',
      'const at = `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;',
      '<td>{new Date(p.createdAt).toLocaleString()}</td>',
      'at: list.generatedAt.slice(0, 16),',
      '<td>{p.day}</td> · {o.startDate} →',
    ].join('\n');
    expect(handFormattedDates(hurried)).toHaveLength(5);
    expect(handFormattedDates('<input value={x.day} /> {formatDate(p.day, lang)}')).toEqual([]);
    expect(handFormattedDates('const day = formatDay(v.at, i18n.language);')).toEqual([]);
  });

  it('no screen, PDF or export formats a date by hand', () => {
    const offenders = SCANNED.flatMap((dir) =>
      sources(join(root, dir)).flatMap((path) => {
        const file = relative(root, path);
        if (ALLOWED.has(file)) return [];
        return handFormattedDates(readFileSync(path, 'utf8')).map((hit) => `${file}:${hit}`);
      }),
    );
    expect(offenders).toEqual([]);
  });
});
