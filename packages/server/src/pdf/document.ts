/**
 * One way to make a PDF: a pdfkit document with the DejaVu Sans fonts (npm dejavu-fonts-ttf, every
 * Vietnamese glyph) registered as `regular` and `bold`, and its bytes collected for the response.
 * Used by certificates, venue posters and specimen labels.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/** A document to draw on, and `finish()` that ends it and resolves with the PDF bytes. */
export function createPdf(options: PDFKit.PDFDocumentOptions): {
  doc: PDFKit.PDFDocument;
  finish: () => Promise<Buffer>;
} {
  const doc = new PDFDocument(options);
  doc.registerFont('regular', join(FONT_DIR, 'DejaVuSans.ttf'));
  doc.registerFont('bold', join(FONT_DIR, 'DejaVuSans-Bold.ttf'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });
  return {
    doc,
    finish: () => {
      doc.end();
      return done;
    },
  };
}
