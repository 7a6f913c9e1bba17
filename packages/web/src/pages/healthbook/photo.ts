/**
 * The evidence photo of a correction request, prepared on the device (#17 item 3): drawn on a
 * canvas at most 1600 px a side (upright, as the camera meant it) and re-encoded as JPEG — which
 * leaves every metadata block (EXIF, GPS position, time, camera) behind — then checked with the
 * same byte walker the server uses (anything left is taken out). The server checks again; this only spares the upload.
 */
import { sanitizeImage } from '@epilink/core/healthbook/evidence';

/** Longest side sent. */
export const PHOTO_MAX_SIDE = 1600;
/** Target size of the JPEG (the server keeps up to 700 KB). */
const TARGET_BYTES = 600 * 1024;

/** A photo ready to send. */
export interface PreparedPhoto {
  type: 'image/jpeg';
  /** Base64 of the JPEG bytes. */
  data: string;
  width: number;
  height: number;
  bytes: number;
}

function toBlob(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (b) => {
        if (b) resolve(b);
        else reject(new Error('encode failed'));
      },
      'image/jpeg',
      quality,
    );
  });
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Resize and re-encode a chosen file; throws when it is not a picture the browser can read. */
export async function preparePhoto(file: Blob): Promise<PreparedPhoto> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no canvas');
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  let blob = await toBlob(canvas, 0.85);
  for (const q of [0.7, 0.55, 0.4]) {
    if (blob.size <= TARGET_BYTES) break;
    blob = await toBlob(canvas, q);
  }
  // A browser may still write a colour profile or comment: the same byte walker takes it out.
  const clean = sanitizeImage(new Uint8Array(await blob.arrayBuffer()));
  if (typeof clean === 'string') throw new Error(clean);
  const bytes = clean.bytes;
  return { type: 'image/jpeg', data: base64(bytes), width, height, bytes: bytes.length };
}
