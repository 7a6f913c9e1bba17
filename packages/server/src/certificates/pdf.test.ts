/**
 * Issue 19 item 9: the certificate PDF showed the manufacturer's code (`ORG-100020693`) and ISO
 * dates. It names the manufacturer from the vaccine catalogue and writes dates in the one
 * Vietnamese format from Intl (the PDF's text read back with pdf.js).
 */
import { describe, expect, it } from 'vitest';
import type { HealthCertificate } from '@epilink/dcc';
import { certificateDate, certificatePdf, manufacturerName } from './pdf.ts';

async function pdfText(pdf: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const page = await doc.getPage(1);
  const content = await page.getTextContent();
  return content.items.map((i) => ('str' in i ? i.str : '')).join('');
}

describe('certificate PDF', () => {
  it('names the manufacturer and writes dates as dd/mm/yyyy', async () => {
    const hcert = {
      ver: '1.3.0',
      nam: { fn: 'Nguyễn', gn: 'Văn An', fnt: 'NGUYEN', gnt: 'VAN<AN' },
      dob: '1990-05-17',
      v: [
        {
          tg: '840539006',
          vp: '1157024006',
          mp: 'BBIBP-CorV',
          ma: 'ORG-100020693',
          dn: 2,
          sd: 2,
          dt: '2021-08-10',
          co: 'VN',
          is: 'Bộ Y tế',
          ci: 'URN:UVCI:01:VN:TEST1',
        },
      ],
    } as unknown as HealthCertificate;
    const text = await pdfText(
      await certificatePdf({
        qr: 'HC1:TEST',
        hcert,
        uvci: 'URN:UVCI:01:VN:TEST1',
        issuedAt: new Date('2021-09-01T03:00:00Z'),
        expiresAt: new Date('2022-09-01T03:00:00Z'),
        issuer: 'Sở Y tế Bến Tre',
      }),
    );
    expect(text).toContain('China Sinopharm International Corp. - Beijing location');
    expect(text).not.toContain('ORG-100020693');
    expect(text).toContain('17/05/1990');
    expect(text).toContain('10/08/2021');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/u);
  });

  it('keeps what it cannot name or read as a date', () => {
    expect(manufacturerName('ORG-UNKNOWN')).toBe('ORG-UNKNOWN');
    expect(certificateDate('1990')).toBe('1990');
    expect(certificateDate('2021-08-10T09:00:00+07:00')).toBe('10/08/2021');
  });
});
