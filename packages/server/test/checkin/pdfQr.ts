/**
 * Test helpers for QR codes in files: read the QR image out of a poster PDF (pdfkit embeds the
 * PNG as an RGB image XObject, FlateDecode with PNG predictors) and decode it with jsQR; write a
 * QR code as a Y4M video for Chromium's fake camera (`--use-file-for-fake-video-capture`).
 */
import { writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

/** Undo PNG row filters (predictor 10-15) of `rows` rows of `stride` bytes, `bpp` bytes per pixel. */
function unfilter(data: Buffer, width: number, height: number, bpp: number): Buffer {
  const stride = width * bpp;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const type = data[y * (stride + 1)]!;
    const row = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[y * stride + x - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp]! : 0;
      let v = row[x]!;
      if (type === 1) v += a;
      else if (type === 2) v += b;
      else if (type === 3) v += Math.floor((a + b) / 2);
      else if (type === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = v & 0xff;
    }
  }
  return out;
}

/** The text of the first QR code found among the images of a PDF. */
export function qrFromPdf(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const re = /<<([^]*?)>>\s*stream\r?\n/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const dict = m[1]!;
    if (!dict.includes('/Subtype /Image')) continue;
    const width = Number(/\/Width (\d+)/u.exec(dict)?.[1]);
    const height = Number(/\/Height (\d+)/u.exec(dict)?.[1]);
    const length = Number(/\/Length (\d+)/u.exec(dict)?.[1]);
    const colors = Number(/\/Colors (\d+)/u.exec(dict)?.[1] ?? (dict.includes('DeviceGray') ? 1 : 3));
    const start = m.index + m[0].length;
    const raw = inflateSync(pdf.subarray(start, start + length));
    const pixels = dict.includes('/Predictor') ? unfilter(raw, width, height, colors) : raw;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      for (let k = 0; k < 3; k++) rgba[i * 4 + k] = pixels[i * colors + (colors === 1 ? 0 : k)]!;
      rgba[i * 4 + 3] = 255;
    }
    const found = jsQR(rgba, width, height);
    if (found) return found.data;
  }
  throw new Error('no QR code found in the PDF');
}

/** Write a Y4M (I420) video of `frames` frames showing the QR code of `text` on white, 640×480. */
export async function writeQrVideo(path: string, text: string, frames = 30): Promise<void> {
  const png = PNG.sync.read(await QRCode.toBuffer(text, { margin: 4, width: 400 }));
  const W = 640;
  const H = 480;
  const y = Buffer.alloc(W * H, 235);
  const ox = (W - png.width) >> 1;
  const oy = (H - png.height) >> 1;
  for (let j = 0; j < png.height; j++)
    for (let i = 0; i < png.width; i++) {
      const lum = png.data[(j * png.width + i) * 4]! > 128 ? 235 : 16;
      y[(oy + j) * W + ox + i] = lum;
    }
  const uv = Buffer.alloc((W / 2) * (H / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, uv, uv]);
  const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
