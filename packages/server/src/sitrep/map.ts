/**
 * The sitrep's map, drawn with pdfkit paths: the schematic cartogram of the unit's communes
 * (Contract C, `core/src/geo/cartogram.ts` — the same layout the web map falls back to), each
 * cell coloured by new cases per 100,000 people over 7 days, with a legend.
 */
import { formatNumber } from '@epilink/core';
import { cartogramLayout, fitCartogram, projectRings } from '@epilink/core/geo/index';
import type { UnitBoundary } from '@epilink/core/geo/index';
import type { Language } from '@epilink/core';
import type { Box } from './charts.ts';
import type { SitrepData, SitrepUnitRow } from './types.ts';

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

const LEGEND_H = 18;

/** The colour legend under the map. */
function legend(doc: PDFKit.PDFDocument, x0: number, y: number, lang: Language): void {
  let x = x0;
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
}

/** Polygons (shipped districts, loaded communes) coloured by their rate, names at their anchors. */
function drawPolygons(
  doc: PDFKit.PDFDocument,
  box: Box,
  boundaries: readonly UnitBoundary[],
  rates: ReadonlyMap<string, number | null>,
  labels: boolean,
): void {
  const units = projectRings(boundaries, { x: box.x, y: box.y, width: box.w, height: box.h });
  doc.save().lineWidth(0.5);
  for (const u of units) {
    for (const ring of u.rings) {
      ring.forEach(([x, y], i) => (i === 0 ? doc.moveTo(x, y) : doc.lineTo(x, y)));
      doc.closePath();
    }
    doc.fillAndStroke(bandColor(rates.get(u.code) ?? null), '#555555');
  }
  if (labels) {
    doc.font('regular').fontSize(6).fillColor('#111111');
    for (const u of units) {
      const name = u.name ?? u.code;
      doc.text(name, u.anchor[0] - 40, u.anchor[1] - 3, { width: 80, align: 'center', lineBreak: false });
    }
  }
  doc.restore();
}

/** The cartogram's cells coloured by rate, group frames named. */
function drawCells(
  doc: PDFKit.PDFDocument,
  box: Box,
  communes: readonly SitrepUnitRow[],
  groupNames: ReadonlyMap<string, string>,
): void {
  const layout = fitCartogram(cartogramLayout(communes.map((c) => ({ code: c.code, group: c.group }))), {
    x: box.x,
    y: box.y + 8,
    width: box.w,
    height: box.h - 8,
  });
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const pad = Math.min(layout.cells[0]?.w ?? 4, 8) * 0.2;
  doc.save().lineWidth(0.8).strokeColor('#777777');
  for (const g of layout.groups) {
    doc.rect(g.x - pad, g.y - pad, g.w + 2 * pad, g.h + 2 * pad).stroke();
    const name = groupNames.get(g.group);
    if (name && groupNames.size > 1) {
      doc
        .font('regular')
        .fontSize(5.5)
        .fillColor('#333333')
        .text(name, g.x - pad, g.y - pad - 7, { width: g.w + 2 * pad, lineBreak: false, ellipsis: true });
    }
  }
  doc.lineWidth(0.3);
  for (const cell of layout.cells) {
    const c = byCode.get(cell.code);
    doc
      .rect(cell.x, cell.y, cell.w, cell.h)
      .fillAndStroke(bandColor(c ? per100k(c.cases7, c.population) : null), '#999999');
  }
  doc.restore();
}

/**
 * The sitrep's map in a box. With the communes' polygons loaded (most of them): the communes drawn
 * as they are. Otherwise the shipped district or area polygons (the real shape, coloured by their
 * 7-day rate) beside the commune cartogram. Returns false when there is nothing to draw.
 */
export function drawSitrepMap(doc: PDFKit.PDFDocument, box: Box, d: SitrepData): boolean {
  const rates = new Map<string, number | null>();
  for (const c of [...d.children, ...d.communes]) rates.set(c.code, per100k(c.cases7, c.population));
  const cases7 = d.series.casesByReport.slice(-7).reduce((s, n) => s + n, 0);
  rates.set(d.unit.code, per100k(cases7, d.unit.population));
  const area = { ...box, h: box.h - LEGEND_H };
  const { districts, communes: loaded } = d.boundaries;
  if (d.communes.length > 0 && loaded.length >= 0.9 * d.communes.length) {
    drawPolygons(doc, area, loaded, rates, false);
  } else if (districts.length > 0 && d.communes.length > 0) {
    const half = (area.w - 16) / 2;
    drawPolygons(doc, { ...area, w: half }, districts, rates, districts.length > 1);
    const groupNames = new Map(d.children.map((c) => [c.code, c.name]));
    drawCells(doc, { ...area, x: area.x + half + 16, w: half }, d.communes, groupNames);
  } else if (d.communes.length > 0) {
    drawCells(doc, area, d.communes, new Map(d.children.map((c) => [c.code, c.name])));
  } else if (districts.length > 0) {
    drawPolygons(doc, area, districts, rates, true);
  } else return false;
  legend(doc, box.x, box.y + box.h - LEGEND_H + 6, d.lang);
  return true;
}
