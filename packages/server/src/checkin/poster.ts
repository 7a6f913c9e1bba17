/**
 * The venue QR poster: a printable PDF (A4 or A5) in Vietnamese with the venue's name and
 * address, the QR code of its check-in URL and short instructions; one page per venue, so the
 * posters of a whole commune come as one PDF. Fonts: DejaVu Sans (every Vietnamese glyph).
 */
import { checkinUrl, translate } from '@epilink/core';
import type { Language } from '@epilink/core';
import QRCode from 'qrcode';
import { createPdf } from '../pdf/document.ts';

/** One venue on a poster. */
export interface PosterVenue {
  name: string;
  type: string;
  address: string;
  communeName: string | null;
  token: string;
}

export type PosterSize = 'A4' | 'A5';

/** Render the posters of one or more venues (one page each) as a PDF. */
export async function posterPdf(
  venues: PosterVenue[],
  options: { size: PosterSize; baseUrl: string; lang?: Language },
): Promise<Buffer> {
  const lang = options.lang ?? 'vi';
  const t = (key: string, params?: Record<string, string>) => translate(lang, `checkin.${key}`, params);
  const a5 = options.size === 'A5';
  const margin = a5 ? 32 : 48;
  const { doc, finish } = createPdf({
    size: options.size,
    margin,
    autoFirstPage: false,
    info: { Title: t('poster.title'), Producer: 'EpiLink' },
  });
  for (const venue of venues) {
    doc.addPage();
    const width = doc.page.width - 2 * margin;
    const url = checkinUrl(options.baseUrl, venue.token);
    const png = await QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: 2, width: 800 });
    doc
      .font('bold')
      .fontSize(a5 ? 13 : 18)
      .fillColor('#b00020')
      .text(t('poster.title'), { align: 'center', width });
    doc.moveDown(0.5);
    doc
      .font('bold')
      .fontSize(a5 ? 18 : 26)
      .fillColor('#000')
      .text(venue.name, { align: 'center', width });
    doc.moveDown(0.3);
    const place = [venue.address, venue.communeName].filter(Boolean).join(', ');
    doc
      .font('regular')
      .fontSize(a5 ? 10 : 13)
      .fillColor('#333')
      .text(place, { align: 'center', width });
    doc.text(t(`type.${venue.type}`), { align: 'center', width });
    const qrSize = a5 ? 250 : 360;
    const y = doc.y + (a5 ? 10 : 18);
    doc.image(png, margin + (width - qrSize) / 2, y, { width: qrSize, height: qrSize });
    doc.y = y + qrSize + (a5 ? 8 : 16);
    doc
      .font('regular')
      .fontSize(a5 ? 9 : 12)
      .fillColor('#000')
      .text(t('poster.instructions'), margin, doc.y, {
        width,
        lineGap: 2,
      });
    doc.moveDown(0.6);
    doc
      .fontSize(a5 ? 7 : 9)
      .fillColor('#555')
      .text(url, { align: 'center', width, link: url });
    doc.text(t('poster.footer', { code: venue.token.slice(0, 6) }), { align: 'center', width });
  }
  if (venues.length === 0) doc.addPage();
  return finish();
}
