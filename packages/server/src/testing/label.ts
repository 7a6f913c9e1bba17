/**
 * The specimen label: a small PDF (70 × 30 mm, one label per page) with the barcode as a QR code
 * (scanners at the lab read it like a 1-D code), the code in clear, the person's name, year of
 * birth, test type and collection time. Fonts: DejaVu Sans (every Vietnamese glyph).
 */
import { formatDayTime, translate } from '@epilink/core';
import type { Language } from '@epilink/core';
import QRCode from 'qrcode';
import { createPdf } from '../pdf/document.ts';

const MM = 72 / 25.4;

/** What one label shows. */
export interface SpecimenLabel {
  barcode: string;
  fullName: string;
  yearOfBirth: string | null;
  testType: string;
  collectedAt: Date;
}

/** The province's local date and time (the one clock) in the label's language (core's formatDayTime). */
export function vnTime(d: Date, lang: Language = 'vi'): string {
  return formatDayTime(d, lang);
}

/** Render labels (one page each) as a PDF. */
export async function labelPdf(labels: SpecimenLabel[], lang: Language = 'vi'): Promise<Buffer> {
  const { doc, finish } = createPdf({
    size: [70 * MM, 30 * MM],
    margin: 2 * MM,
    autoFirstPage: false,
    info: { Title: translate(lang, 'testing.label.title'), Producer: 'EpiLink' },
  });
  for (const l of labels) {
    doc.addPage();
    const qr = await QRCode.toBuffer(l.barcode, { errorCorrectionLevel: 'M', margin: 1, width: 300 });
    const side = 26 * MM;
    doc.image(qr, 2 * MM, 2 * MM, { width: side, height: side });
    const x = 30 * MM;
    const width = 38 * MM;
    doc
      .font('bold')
      .fontSize(10)
      .fillColor('#000')
      .text(l.barcode, x, 2.5 * MM, { width });
    doc
      .font('bold')
      .fontSize(7)
      .text(l.fullName.slice(0, 60), x, doc.y + 1, { width, height: 18 });
    doc.font('regular').fontSize(6.5);
    if (l.yearOfBirth) doc.text(l.yearOfBirth, x, doc.y, { width });
    doc.text(translate(lang, `testing.type.${l.testType}`), x, doc.y, { width });
    doc.text(translate(lang, 'testing.label.collected', { date: vnTime(l.collectedAt, lang) }), x, doc.y, {
      width,
    });
  }
  if (labels.length === 0) doc.addPage();
  return finish();
}
