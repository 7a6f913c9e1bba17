/**
 * The sitrep PDF (A4, bilingual): every label and sentence in the report's language first and the
 * other language beneath it in grey, so one file serves the committee and partners. Page 1: the
 * headline figures and what changed since yesterday; page 2: the epidemic curve, positivity and
 * coverage charts; page 3: the map and the table of subordinate units. Fonts: the shipped DejaVu.
 */
import {
  formatDay,
  formatDayTime,
  formatNumber,
  positivityPct,
  provinceTimeZone,
  renderSentence,
  round1,
  translate,
} from '@epilink/core';
import type { Language } from '@epilink/core';
import { createPdf } from '../pdf/document.ts';
import { CHART_COLORS, barChart, lineChart, percentBars } from './charts.ts';
import { drawSitrepMap, per100k } from './map.ts';
import type { SitrepData } from './types.ts';

const MARGIN = 40;
const WIDTH = 595.28 - 2 * MARGIN;
const GREY = '#666666';
const INK = '#111111';

type Params = Record<string, string | number>;

function other(lang: Language): Language {
  return lang === 'vi' ? 'en' : 'vi';
}

/** A heading in the report's language with the other language beneath. */
function heading(doc: PDFKit.PDFDocument, lang: Language, key: string, params: Params = {}, size = 12): void {
  doc
    .font('bold')
    .fontSize(size)
    .fillColor(INK)
    .text(translate(lang, `sitrep.${key}`, params), MARGIN, doc.y, { width: WIDTH });
  doc
    .font('regular')
    .fontSize(size - 3)
    .fillColor(GREY)
    .text(translate(other(lang), `sitrep.${key}`, params), { width: WIDTH });
  doc.moveDown(0.4);
}

function headlineBoxes(doc: PDFKit.PDFDocument, d: SitrepData): void {
  const { lang } = d;
  const pos = positivityPct(d.today);
  const items: { key: string; value: string }[] = [
    { key: 'newCases', value: formatNumber(lang, d.today.newCases) },
    { key: 'activeCases', value: formatNumber(lang, d.today.activeCases) },
    { key: 'deaths', value: formatNumber(lang, d.today.deaths) },
    { key: 'tests', value: formatNumber(lang, d.today.tests) },
    { key: 'positivity', value: pos === null ? '—' : `${formatNumber(lang, round1(pos))} %` },
    { key: 'doses', value: formatNumber(lang, d.today.doses) },
    { key: 'checkins', value: formatNumber(lang, d.today.checkins) },
  ];
  const cols = 4;
  const w = (WIDTH - (cols - 1) * 8) / cols;
  const h = 58;
  const top = doc.y;
  items.forEach((item, i) => {
    const x = MARGIN + (i % cols) * (w + 8);
    const y = top + Math.floor(i / cols) * (h + 8);
    doc.save().lineWidth(0.6).strokeColor('#bbbbbb').rect(x, y, w, h).stroke().restore();
    doc
      .font('bold')
      .fontSize(18)
      .fillColor(INK)
      .text(item.value, x + 6, y + 6, { width: w - 12, lineBreak: false });
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(INK)
      .text(translate(lang, `sitrep.figures.${item.key}`), x + 6, y + 30, {
        width: w - 12,
        lineBreak: false,
      });
    doc
      .fontSize(7)
      .fillColor(GREY)
      .text(translate(other(lang), `sitrep.figures.${item.key}`), x + 6, y + 41, {
        width: w - 12,
        lineBreak: false,
      });
  });
  doc.x = MARGIN;
  doc.y = top + Math.ceil(items.length / cols) * (h + 8) + 6;
}

function firstPage(doc: PDFKit.PDFDocument, d: SitrepData): void {
  const { lang } = d;
  heading(doc, lang, 'pdf.title', {}, 18);
  // Dates in each language's one format (core's formatDay / formatDayTime), never ISO.
  const facts: [string, (l: Language) => Params][] = [
    ['pdf.unit', () => ({ name: d.unit.name, code: d.unit.code })],
    ['pdf.day', (l) => ({ day: formatDay(d.day, l) })],
    ['pdf.disease', () => ({ disease: d.disease })],
    ['pdf.generated', (l) => ({ at: formatDayTime(d.generatedAt, l), zone: provinceTimeZone() })],
  ];
  for (const [key, params] of facts) {
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(INK)
      .text(translate(lang, `sitrep.${key}`, params(lang)), MARGIN, doc.y, {
        continued: true,
      });
    doc.fillColor(GREY).text(`  ·  ${translate(other(lang), `sitrep.${key}`, params(other(lang)))}`);
  }
  doc.moveDown(0.8);
  heading(doc, lang, 'pdf.headline');
  headlineBoxes(doc, d);
  heading(doc, lang, 'pdf.changes');
  for (const s of d.changes) {
    doc
      .font('regular')
      .fontSize(9.5)
      .fillColor(INK)
      .text(`• ${renderSentence(lang, s)}`, MARGIN, doc.y, { width: WIDTH });
    doc
      .fontSize(8)
      .fillColor(GREY)
      .text(`  ${renderSentence(other(lang), s)}`, { width: WIDTH });
    doc.moveDown(0.25);
  }
}

function chartsPage(doc: PDFKit.PDFDocument, d: SitrepData): void {
  const { lang } = d;
  const fmt = (v: number) => formatNumber(lang, round1(v));
  const chartBox = () => ({ x: MARGIN + 36, y: doc.y + 4, w: WIDTH - 40, h: 150 });
  heading(doc, lang, 'pdf.curve');
  let box = chartBox();
  barChart(doc, box, d.days, d.series.casesByReport, fmt);
  doc.x = MARGIN;
  doc.y = box.y + box.h + 20;
  heading(doc, lang, 'pdf.positivity');
  box = chartBox();
  const positivity = d.series.tests.map((t, i) =>
    t > 0 ? (100 * (d.series.testsPositive[i] ?? 0)) / t : null,
  );
  lineChart(doc, box, d.days, positivity, fmt);
  doc.x = MARGIN;
  doc.y = box.y + box.h + 20;
  heading(doc, lang, 'pdf.coverage');
  const rows = d.coverage.map((c) => ({
    label: c.ageBand,
    values: [c.firstDose, c.fullSchedule, c.booster].map((n) =>
      c.population > 0 ? (100 * n) / c.population : 0,
    ),
  }));
  if (rows.length === 0) {
    doc.font('regular').fontSize(9).fillColor(GREY).text(translate(lang, 'sitrep.pdf.noData'), MARGIN, doc.y);
    return;
  }
  const legend = (['firstDose', 'fullSchedule', 'booster'] as const).map(
    (k) => `${translate(lang, `sitrep.columns.${k}`)} / ${translate(other(lang), `sitrep.columns.${k}`)}`,
  );
  const colors = [CHART_COLORS.first, CHART_COLORS.full, CHART_COLORS.booster];
  let lx = MARGIN;
  const ly = doc.y;
  legend.forEach((label, i) => {
    doc.rect(lx, ly, 8, 8).fill(colors[i] ?? INK);
    doc
      .font('regular')
      .fontSize(7)
      .fillColor(INK)
      .text(label, lx + 11, ly, { lineBreak: false });
    lx += 11 + doc.widthOfString(label) + 12;
  });
  box = { x: MARGIN, y: ly + 14, w: WIDTH, h: Math.min(200, 28 * rows.length) };
  percentBars(doc, box, rows, colors, fmt);
}

function mapPage(doc: PDFKit.PDFDocument, d: SitrepData): void {
  const { lang } = d;
  heading(doc, lang, 'pdf.map');
  const box = { x: MARGIN, y: doc.y, w: WIDTH, h: 300 };
  if (drawSitrepMap(doc, box, d)) {
    const { communes, attribution, licence } = d.boundaries;
    const loaded = d.communes.length > 0 && communes.length >= 0.9 * d.communes.length;
    const key = loaded ? 'sitrep.pdf.mapPolygons' : 'sitrep.pdf.mapLegend';
    const lines = [`${translate(lang, key)} · ${translate(other(lang), key)}`];
    if (attribution) {
      const credit = licence ? `${attribution} (${licence})` : attribution;
      lines.push(
        `${translate(lang, 'sitrep.pdf.mapCredit', { credit })} · ${translate(other(lang), 'sitrep.pdf.mapCredit', { credit })}`,
      );
    }
    doc.font('regular').fontSize(7).fillColor(GREY);
    doc.text(lines.join('\n'), MARGIN, box.y + box.h + 2, { width: WIDTH });
    doc.y = box.y + box.h + 28;
  } else {
    doc.font('regular').fontSize(9).fillColor(GREY).text(translate(lang, 'sitrep.pdf.noData'), MARGIN, doc.y);
    doc.moveDown();
  }
  if (d.children.length === 0) return;
  heading(doc, lang, 'pdf.children');
  const cols = ['unitCode', 'unitName', 'population', 'per100k'] as const;
  const widths = [60, 215, 110, 130];
  const row = (cells: string[], bold: boolean) => {
    const y = doc.y;
    if (y > 780) doc.addPage();
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc
        .font(bold ? 'bold' : 'regular')
        .fontSize(8)
        .fillColor(INK)
        .text(c, x, top, {
          width: (widths[i] ?? 60) - 4,
          lineBreak: false,
          align: i >= 2 ? 'right' : 'left',
        });
      x += widths[i] ?? 60;
    });
    doc.x = MARGIN;
    doc.y = top + 12;
  };
  row(
    cols.map((c) => translate(lang, `sitrep.columns.${c}`)),
    true,
  );
  row(
    cols.map((c) => translate(other(lang), `sitrep.columns.${c}`)),
    false,
  );
  for (const c of d.children) {
    const rate = per100k(c.cases7, c.population);
    row(
      [
        c.code,
        c.name,
        formatNumber(lang, c.population),
        rate === null ? '—' : formatNumber(lang, round1(rate)),
      ],
      false,
    );
  }
}

/** Render a sitrep's PDF bytes. */
export async function renderSitrepPdf(d: SitrepData): Promise<Buffer> {
  const { doc, finish } = createPdf({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `${translate(d.lang, 'sitrep.pdf.title')} ${d.unit.name} ${formatDay(d.day, d.lang)}`,
      Author: 'EpiLink',
    },
  });
  firstPage(doc, d);
  doc.addPage();
  chartsPage(doc, d);
  doc.addPage();
  mapPage(doc, d);
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const n = i - range.start + 1;
    const params = { n, total: range.count };
    // Writing in the bottom margin: lift the margin so pdfkit does not open a new page.
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(7)
      .fillColor(GREY)
      .text(
        `${translate(d.lang, 'sitrep.pdf.footer')} ${translate(d.lang, 'sitrep.pdf.page', params)} · ${translate(other(d.lang), 'sitrep.pdf.page', params)}`,
        MARGIN,
        841.89 - 28,
        { width: WIDTH, align: 'center', lineBreak: false },
      );
  }
  return finish();
}
