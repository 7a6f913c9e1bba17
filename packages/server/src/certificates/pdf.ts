/**
 * The printable certificate: a bilingual (Vietnamese / English) A4 page with the QR code and what
 * it certifies. Fonts: DejaVu Sans (npm dejavu-fonts-ttf), which has every Vietnamese glyph.
 */
import { VACCINE_CATALOGUE, formatDay, localDay } from '@epilink/core';
import { displayName, presentCertificate, certificateTypeOf } from '@epilink/dcc';
import type { HealthCertificate } from '@epilink/dcc';
import QRCode from 'qrcode';
import { createPdf } from '../pdf/document.ts';

/** What the PDF shows. */
export interface CertificatePdfInput {
  qr: string;
  hcert: HealthCertificate;
  uvci: string;
  issuedAt: Date;
  expiresAt: Date;
  issuer: string;
}

const TITLE = {
  v: ['GIẤY CHỨNG NHẬN TIÊM CHỦNG COVID-19', 'COVID-19 VACCINATION CERTIFICATE'],
  t: ['GIẤY CHỨNG NHẬN XÉT NGHIỆM COVID-19', 'COVID-19 TEST CERTIFICATE'],
  r: ['GIẤY CHỨNG NHẬN KHỎI BỆNH COVID-19', 'COVID-19 RECOVERY CERTIFICATE'],
} as const;

/**
 * A manufacturer's name from the vaccine catalogue (any version), else from the DCC value set
 * (vaccine-mah-manf), else its code.
 */
export function manufacturerName(code: string): string {
  for (const version of VACCINE_CATALOGUE) {
    const product = version.products.find((p) => p.manufacturerCode === code);
    if (product) return product.manufacturerName;
  }
  return displayName('vaccineManufacturer', code);
}

/**
 * A calendar date (`YYYY-MM-DD`, or an ISO timestamp's local day) in the one date format of the
 * certificate's first language (core's formatDay, Vietnamese: 10/08/2021); anything else as given.
 */
export function certificateDate(value: string): string {
  return formatDay(value, 'vi');
}

/** Render the certificate PDF. */
export async function certificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const type = certificateTypeOf(input.hcert as unknown as Record<string, unknown>) ?? 'v';
  const view = presentCertificate(input.hcert, type);
  const png = await QRCode.toBuffer(input.qr, { errorCorrectionLevel: 'Q', margin: 2, width: 600 });
  const { doc, finish } = createPdf({
    size: 'A4',
    margin: 48,
    info: { Title: TITLE[type][1], Producer: 'EpiLink' },
  });

  doc.font('bold').fontSize(10).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: 'center' });
  doc.font('regular').fontSize(9).text('Độc lập - Tự do - Hạnh phúc', { align: 'center' }).moveDown();
  doc.font('bold').fontSize(16).text(TITLE[type][0], { align: 'center' });
  doc
    .font('regular')
    .fontSize(12)
    .fillColor('#555')
    .text(TITLE[type][1], { align: 'center' })
    .fillColor('#000');
  doc.image(png, (doc.page.width - 260) / 2, doc.y + 12, { width: 260 });
  doc.y += 285;
  const line = (vi: string, en: string, value: string) => {
    doc.font('bold').fontSize(10).text(`${vi} / ${en}: `, { continued: true });
    doc.font('regular').text(value);
  };
  const h = view?.holder ?? { familyNameT: undefined, givenNameT: undefined };
  line('Họ và tên', 'Name', `${input.hcert.nam.fn ?? ''} ${input.hcert.nam.gn ?? ''}`.trim());
  line('Tên chuẩn hóa', 'Standardised name', `${h.familyNameT ?? ''}<<${h.givenNameT ?? ''}`);
  line('Ngày sinh', 'Date of birth', certificateDate(input.hcert.dob));
  const v = input.hcert.v?.[0];
  const t = input.hcert.t?.[0];
  const r = input.hcert.r?.[0];
  if (v) {
    line('Vắc xin', 'Vaccine', v.mp);
    line('Nhà sản xuất', 'Manufacturer', manufacturerName(v.ma));
    line('Mũi tiêm', 'Dose', `${v.dn}/${v.sd}`);
    line('Ngày tiêm', 'Date of vaccination', certificateDate(v.dt));
  }
  if (t) {
    line('Loại xét nghiệm', 'Test type', t.tt);
    line('Kết quả', 'Result', t.tr === '260415000' ? 'Âm tính / Not detected' : 'Dương tính / Detected');
    line('Thời điểm lấy mẫu', 'Sample collected', t.sc);
  }
  if (r) {
    line('Ngày xét nghiệm dương tính đầu tiên', 'First positive test', certificateDate(r.fr));
    line('Hiệu lực', 'Valid', `${certificateDate(r.df)} → ${certificateDate(r.du)}`);
  }
  line('Cơ quan cấp', 'Issuer', input.issuer);
  line('Mã chứng nhận', 'Certificate identifier', input.uvci);
  line('Ngày cấp', 'Issued', certificateDate(localDay(input.issuedAt)));
  line('Hết hạn', 'Expires', certificateDate(localDay(input.expiresAt)));
  doc
    .moveDown()
    .font('regular')
    .fontSize(8)
    .fillColor('#555')
    .text(
      'Mã QR theo định dạng Chứng nhận COVID kỹ thuật số của EU (DCC), có chữ ký số của cơ quan cấp. ' +
        'QR code in the EU Digital COVID Certificate format, digitally signed by the issuer.',
    );
  return finish();
}
