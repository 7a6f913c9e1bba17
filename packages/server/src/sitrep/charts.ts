/**
 * The sitrep's charts drawn with pdfkit primitives (no chart library reaches a PDF without a
 * browser): a bar chart (the epidemic curve), a line chart (positivity) and grouped horizontal bars
 * (coverage by age band). Each draws inside a box with its axis labels; empty data draws the frame.
 */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const AXIS = '#555555';
const GRID = '#dddddd';
export const CHART_COLORS = {
  bars: '#c0392b',
  line: '#1f6fb2',
  first: '#9ecae1',
  full: '#3182bd',
  booster: '#08519c',
};

/** A "nice" axis maximum (1, 2, 5 × 10^n) at or above the data's maximum. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** `dd/mm` of a `YYYY-MM-DD` day. */
function shortDay(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}`;
}

function frame(doc: PDFKit.PDFDocument, box: Box, max: number, format: (v: number) => string): void {
  doc.save().lineWidth(0.5);
  for (let i = 0; i <= 4; i++) {
    const y = box.y + box.h - (box.h * i) / 4;
    doc
      .strokeColor(i === 0 ? AXIS : GRID)
      .moveTo(box.x, y)
      .lineTo(box.x + box.w, y)
      .stroke();
    doc
      .fillColor(AXIS)
      .font('regular')
      .fontSize(6)
      .text(format((max * i) / 4), box.x - 34, y - 3, { width: 30, align: 'right', lineBreak: false });
  }
  doc.restore();
}

function dayTicks(doc: PDFKit.PDFDocument, box: Box, days: readonly string[]): void {
  const step = box.w / Math.max(1, days.length);
  doc.save().fillColor(AXIS).font('regular').fontSize(6);
  days.forEach((d, i) => {
    if ((days.length - 1 - i) % 7 !== 0) return;
    doc.text(shortDay(d), box.x + i * step - 8, box.y + box.h + 3, {
      width: step + 16,
      align: 'center',
      lineBreak: false,
    });
  });
  doc.restore();
}

/** Vertical bars, one per day (the epidemic curve). */
export function barChart(
  doc: PDFKit.PDFDocument,
  box: Box,
  days: readonly string[],
  values: readonly number[],
  format: (v: number) => string,
): void {
  const max = niceMax(Math.max(0, ...values));
  frame(doc, box, max, format);
  const step = box.w / Math.max(1, values.length);
  doc.save().fillColor(CHART_COLORS.bars);
  values.forEach((v, i) => {
    const h = (box.h * v) / max;
    if (h > 0) doc.rect(box.x + i * step + step * 0.15, box.y + box.h - h, step * 0.7, h).fill();
  });
  doc.restore();
  dayTicks(doc, box, days);
}

/** A line over days; null values break the line (a day without tests has no positivity). */
export function lineChart(
  doc: PDFKit.PDFDocument,
  box: Box,
  days: readonly string[],
  values: readonly (number | null)[],
  format: (v: number) => string,
): void {
  const max = niceMax(Math.max(0, ...values.map((v) => v ?? 0)));
  frame(doc, box, max, format);
  const step = box.w / Math.max(1, values.length);
  doc.save().strokeColor(CHART_COLORS.line).fillColor(CHART_COLORS.line).lineWidth(1.2);
  let drawing = false;
  values.forEach((v, i) => {
    const x = box.x + i * step + step / 2;
    if (v === null) {
      if (drawing) doc.stroke();
      drawing = false;
      return;
    }
    const y = box.y + box.h - (box.h * v) / max;
    if (drawing) doc.lineTo(x, y);
    else doc.moveTo(x, y);
    drawing = true;
  });
  if (drawing) doc.stroke();
  values.forEach((v, i) => {
    if (v !== null) doc.circle(box.x + i * step + step / 2, box.y + box.h - (box.h * v) / max, 1.3).fill();
  });
  doc.restore();
  dayTicks(doc, box, days);
}

/** Grouped horizontal bars in percent (0–100): one group per label, one bar per series. */
export function percentBars(
  doc: PDFKit.PDFDocument,
  box: Box,
  rows: readonly { label: string; values: readonly number[] }[],
  colors: readonly string[],
  format: (v: number) => string,
): void {
  const labelW = 60;
  const plot = { x: box.x + labelW, y: box.y, w: box.w - labelW, h: box.h };
  const groupH = plot.h / Math.max(1, rows.length);
  doc
    .save()
    .lineWidth(0.5)
    .strokeColor(AXIS)
    .moveTo(plot.x, plot.y)
    .lineTo(plot.x, plot.y + plot.h)
    .stroke();
  rows.forEach((r, gi) => {
    const gy = plot.y + gi * groupH;
    doc
      .fillColor(AXIS)
      .font('regular')
      .fontSize(7)
      .text(r.label, box.x, gy + groupH / 2 - 4, { width: labelW - 4, align: 'right', lineBreak: false });
    const barH = (groupH * 0.8) / Math.max(1, r.values.length);
    r.values.forEach((v, i) => {
      const w = (plot.w - 34) * Math.min(1, Math.max(0, v / 100));
      const y = gy + groupH * 0.1 + i * barH;
      doc
        .fillColor(colors[i % colors.length] ?? AXIS)
        .rect(plot.x, y, w, barH * 0.85)
        .fill();
      doc
        .fillColor(AXIS)
        .fontSize(6)
        .text(`${format(v)} %`, plot.x + w + 2, y + barH * 0.1, { width: 32, lineBreak: false });
    });
  });
  doc.restore();
}
