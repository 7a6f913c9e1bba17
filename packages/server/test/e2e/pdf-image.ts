/**
 * Take the picture embedded in a PDF back out as a PNG file, so a test can hand a printed
 * certificate's QR code to the verifier exactly as a phone camera would see the page. Reads the
 * image XObjects of an uncompressed-object PDF (as pdfkit writes them): FlateDecode pixel data,
 * with or without PNG predictors; the alpha mask (SMask) is dropped (a QR code is opaque).
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';

interface PdfImage {
  width: number;
  height: number;
  channels: number;
  bitsPerComponent: number;
  predictor: number;
  data: Buffer;
  isMask: boolean;
}

function imagesOf(pdf: Buffer): PdfImage[] {
  const text = pdf.toString('latin1');
  const maskRefs = new Set([...text.matchAll(/\/SMask (\d+) 0 R/gu)].map((m) => m[1]));
  const out: PdfImage[] = [];
  for (const m of text.matchAll(/(\d+) 0 obj\s*<<((?:(?!endobj)[\s\S])*?)\bstream\r?\n/gu)) {
    const dict = m[2]!;
    if (!/\/Subtype\s*\/Image/u.test(dict) || !/\/Filter\s*\/FlateDecode/u.test(dict)) continue;
    const num = (key: string) => Number(new RegExp(`/${key}\\s+(\\d+)`, 'u').exec(dict)?.[1] ?? NaN);
    const start = m.index + m[0].length;
    const space = /\/ColorSpace\s*\/(\w+)/u.exec(dict)?.[1];
    out.push({
      width: num('Width'),
      height: num('Height'),
      channels: space === 'DeviceRGB' ? 3 : 1,
      bitsPerComponent: num('BitsPerComponent'),
      predictor: Number.isNaN(num('Predictor')) ? 1 : num('Predictor'),
      data: pdf.subarray(start, start + num('Length')),
      isMask: maskRefs.has(m[1]),
    });
  }
  return out;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** The largest non-mask image of the PDF as PNG bytes (throws when there is none). */
export function largestImageAsPng(pdf: Buffer): Buffer {
  const image = imagesOf(pdf)
    .filter((i) => !i.isMask && i.bitsPerComponent === 8)
    .sort((a, b) => b.width * b.height - a.width * a.height)[0];
  if (!image) throw new Error('no image in the PDF');
  const raw = inflateSync(image.data);
  const stride = image.width * image.channels;
  let rows: Buffer;
  if (image.predictor >= 10) {
    rows = raw; // PNG predictors: every row already starts with its filter byte
  } else {
    rows = Buffer.alloc((stride + 1) * image.height);
    for (let y = 0; y < image.height; y++) raw.copy(rows, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(image.width, 0);
  ihdr.writeUInt32BE(image.height, 4);
  ihdr[8] = 8;
  ihdr[9] = image.channels === 3 ? 2 : 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
