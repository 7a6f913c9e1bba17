/**
 * The sitrep's map, drawn with pdfkit paths: the schematic cartogram of the unit's communes
 * (Contract C, `core/src/geo/cartogram.ts` — the same layout the web map falls back to), each
 * cell coloured by new cases per 100,000 people over 7 days, with a legend.
 */
import { formatNumber } from '@epilink/core';
import { cartogramLayout, fitCartogram } from '@epilink/core/geo/index';
import type { Language } from '@epilink/core';
import type { Box } from './charts.ts';
import type { SitrepUnitRow } from './types.ts';

/** Colour bands of cases per 100,000 over 7 days (upper bounds, exclusive), lightest first. */
export const PER100K_BANDS: readonly { below: number; color: string }[] = [
  { below: 1e-9, color: '#f2f2f2' },
  { below: 20, color: '#fee5d9' },
  { below: 50, color: '#fcae91' },
  { below: 150, color: '#fb6a4a' },
  { below: Infinity, color: '#cb181d' },
];

/** Cases per 100,000 people (null without a population). */
export function per100k(cases: number, population: number): number | null {
  return population > 0 ? (cases * 100_000) / population : null;
}

/** The band colour of a rate. */
export function bandColor(rate: number | null): string {
  if (rate === null) return '#ffffff';
  return (PER100K_BANDS.find((b) => rate < b.below) ?? PER100K_BANDS[PER100K_BANDS.length - 1]!).color;
}

/** Draw the cartogram into a box; returns false (nothing drawn) when the unit has no communes. */
export function drawCartogram(
  doc: PDFKit.PDFDocument,
  box: Box,
  communes: readonly SitrepUnitRow[],
  lang: Language,
): boolean {
  if (communes.length === 0) return false;
  const legendH = 18;
  const layout = fitCartogram(cartogramLayout(communes.map((c) => ({ code: c.code, group: c.group }))), {
    x: box.x,
    y: box.y,
    width: box.w,
    height: box.h - legendH,
  });
  const byCode = new Map(communes.map((c) => [c.code, c]));
  doc.save().lineWidth(0.8).strokeColor('#777777');
  for (const g of layout.groups) {
    const pad = Math.min(layout.cells[0]?.w ?? 4, 8) * 0.2;
    doc.rect(g.x - pad, g.y - pad, g.w + 2 * pad, g.h + 2 * pad).stroke();
  }
  doc.lineWidth(0.3).strokeColor('#999999');
  for (const cell of layout.cells) {
    const c = byCode.get(cell.code);
    doc
      .rect(cell.x, cell.y, cell.w, cell.h)
      .fillAndStroke(bandColor(c ? per100k(c.cases7, c.population) : null), '#999999');
  }
  // Legend: one swatch per band.
  let x = box.x;
  const y = box.y + box.h - legendH + 6;
  doc.font('regular').fontSize(6.5);
  PER100K_BANDS.forEach((band, i) => {
    const prev = PER100K_BANDS[i - 1]?.below ?? 0;
    const label =
      i === 0
        ? '0'
        : i === 1
          ? `< ${formatNumber(lang, band.below)}`
          : band.below === Infinity
            ? `≥ ${formatNumber(lang, prev)}`
            : `${formatNumber(lang, prev)}–${formatNumber(lang, band.below)}`;
    doc.rect(x, y, 9, 9).fillAndStroke(band.color, '#999999');
    doc.fillColor('#333333').text(label, x + 12, y + 1, { lineBreak: false });
    x += 12 + doc.widthOfString(label) + 10;
  });
  doc.restore();
  return true;
}
