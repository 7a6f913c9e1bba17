import { describe, expect, it } from 'vitest';
import { hasImageMetadata, sanitizeImage } from './evidence.ts';

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const segment = (marker: number, payload: number[]) => [
  0xff,
  marker,
  (payload.length + 2) >> 8,
  (payload.length + 2) & 0xff,
  ...payload,
];

/** An EXIF block (big-endian TIFF) whose IFD0 points to a GPS IFD with a latitude of 10°14'N. */
function exifWithGps(): number[] {
  const tiff = [
    ...ascii('MM'), 0, 42, 0, 0, 0, 8, // header, IFD0 at 8
    0, 1, // one entry
    0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, // GPSInfo → 26
    0, 0, 0, 0, // no next IFD
    0, 2, // GPS IFD: two entries
    0, 1, 0, 2, 0, 0, 0, 2, ...ascii('N'), 0, 0, 0, // GPSLatitudeRef 'N'
    0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 56, // GPSLatitude, 3 rationals at 56
    0, 0, 0, 0,
    0, 0, 0, 10, 0, 0, 0, 1, 0, 0, 0, 14, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1,
  ]; // prettier-ignore
  return [...ascii('Exif'), 0, 0, ...tiff];
}

function jpegWithGps(): Uint8Array {
  return new Uint8Array([
    0xff, 0xd8,
    ...segment(0xe0, [...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xe1, exifWithGps()),
    ...segment(0xfe, ascii('taken at home')),
    ...segment(0xdb, [0, ...new Array<number>(64).fill(1)]),
    ...segment(0xc0, [8, 0x04, 0xb0, 0x06, 0x40, 1, 1, 0x11, 0]), // 1600 x 1200
    ...segment(0xda, [1, 1, 0, 0, 0x3f, 0]),
    0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78,
    0xff, 0xd9,
  ]); // prettier-ignore
}

describe('evidence photos: metadata never kept', () => {
  it('takes the EXIF block with its GPS position (and comments) out of a JPEG, keeping the picture', () => {
    const input = jpegWithGps();
    expect(hasImageMetadata(input)).toBe(true);
    const out = sanitizeImage(input);
    if (typeof out === 'string') throw new Error(out);
    expect(out).toMatchObject({ type: 'image/jpeg', width: 1600, height: 1200, removed: ['APP1', 'COM'] });
    const text = String.fromCharCode(...out.bytes);
    expect(text).not.toContain('Exif');
    expect(text).not.toContain('taken at home');
    expect(out.bytes.some((v, k) => v === 0xff && out.bytes[k + 1] === 0xe1)).toBe(false);
    // The scan data (with its stuffed byte and restart marker) is untouched, and it ends as it did.
    expect(text).toContain(String.fromCharCode(0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0xff, 0xd9));
    expect(hasImageMetadata(out.bytes)).toBe(false);
    expect(sanitizeImage(out.bytes)).toMatchObject({ removed: [], width: 1600 });
  });

  it('drops PNG eXIf and text chunks, and refuses what is not a JPEG or PNG image', () => {
    const chunk = (type: string, data: number[]) => [
      0, 0, 0, data.length, ...ascii(type), ...data, 0, 0, 0, 0,
    ]; // prettier-ignore
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
      ...chunk('IHDR', [0, 0, 1, 0, 0, 0, 0, 200, 8, 2, 0, 0, 0]),
      ...chunk('eXIf', exifWithGps().slice(6)),
      ...chunk('tEXt', ascii('GPS\0 10.2N')),
      ...chunk('IDAT', [1, 2, 3]),
      ...chunk('IEND', []),
    ]); // prettier-ignore
    const out = sanitizeImage(png);
    if (typeof out === 'string') throw new Error(out);
    expect(out).toMatchObject({ type: 'image/png', width: 256, height: 200, removed: ['eXIf', 'tEXt'] });
    expect(String.fromCharCode(...out.bytes)).not.toContain('GPS');
    expect(sanitizeImage(new TextEncoder().encode('<script>alert(1)</script>'))).toBe('notImage');
    expect(sanitizeImage(new TextEncoder().encode('GIF89a......'))).toBe('notImage');
    expect(sanitizeImage(jpegWithGps().subarray(0, 30))).toBe('corrupt');
  });
});
