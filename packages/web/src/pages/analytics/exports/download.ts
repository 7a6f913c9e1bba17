/**
 * Exports of the analysis page (issue #14 item 7): a chart as a PNG — its SVG (ECharts' SVG
 * renderer) drawn on a canvas, white background, twice the pixels, its title above — and a chart's
 * data as an xlsx workbook (exceljs, the library the server's indicator exports use, loaded only
 * when asked). Both are saved through a temporary link.
 */

/** One sheet: a header row then data rows. */
export interface Sheet {
  name: string;
  rows: (string | number | null)[][];
}

/** Save a blob under a file name (a temporary object URL clicked as a download link). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 30_000);
}

const TITLE_HEIGHT = 28;

/** The SVG as a PNG, `scale` pixels per CSS pixel, with `title` written above it. */
export async function svgToPng(svg: SVGSVGElement, title: string, scale = 2): Promise<Blob> {
  const box = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width || Number(svg.getAttribute('width')) || 600));
  const height = Math.max(1, Math.round(box.height || Number(svg.getAttribute('height')) || 280));
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const text = new XMLSerializer().serializeToString(clone);
  const image = await loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`);
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = (height + TITLE_HEIGHT) * scale;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  ctx.scale(scale, scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height + TITLE_HEIGHT);
  ctx.fillStyle = '#1a1a1a';
  ctx.font = '600 14px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillText(title, 8, TITLE_HEIGHT / 2, width - 16);
  ctx.drawImage(image, 0, TITLE_HEIGHT, width, height);
  // Load events and toDataURL, not decode() and toBlob(): with those, about one click in four
  // (analytics-exports.e2e, headless Chromium 156) saved nothing and showed no error — a promise
  // that never settled; with these, none in 12 runs (3 of 12 before). A chart's PNG is small.
  return dataUrlToBlob(canvas.toDataURL('image/png'));
}

/** An image loaded from `src` (load/error events, not `decode()`, which can stay pending). */
function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      resolve(image);
    };
    image.onerror = () => {
      reject(new Error('the chart could not be drawn'));
    };
    image.src = src;
  });
}

/** A base64 data URL as a Blob of its media type. */
function dataUrlToBlob(url: string): Blob {
  const comma = url.indexOf(',');
  const type = /^data:([^;,]+)/u.exec(url)?.[1] ?? 'application/octet-stream';
  const bytes = Uint8Array.from(atob(url.slice(comma + 1)), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type });
}

/** The sheets as an xlsx workbook (first row bold, numbers as numbers, text as text). */
export async function sheetsToXlsx(sheets: readonly Sheet[]): Promise<Blob> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'EpiLink';
  const used = new Set<string>();
  for (const sheet of sheets) {
    // Excel: ≤ 31 characters, none of : \ / ? * [ ], unique in the workbook.
    let name = sheet.name.replace(/[:\\/?*[\]]/gu, ' ').slice(0, 31) || 'Sheet';
    for (let i = 2; used.has(name); i++) name = `${name.slice(0, 28)} ${i}`;
    used.add(name);
    const ws = workbook.addWorksheet(name);
    for (const row of sheet.rows) ws.addRow(row.map((v) => v ?? ''));
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}
