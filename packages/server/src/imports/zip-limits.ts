/**
 * Limits on what an uploaded xlsx (a zip archive) inflates to, checked before exceljs reads a byte
 * of it. A zip bomb is a small file whose parts inflate to gigabytes: exceljs's streaming reader
 * (unzipper's `Parse`) inflates every part it meets — a worksheet met before the shared strings
 * even goes to a temporary file whole, and the shared strings are cached in memory — so the 64 MB
 * upload limit bounds the file, not its contents.
 *
 * The check reads the archive's central directory (the list of parts, at its end), refuses too
 * many parts or a declared inflated total over the budget, then verifies that the local parts are
 * exactly the listed ones (no part hidden between them, which a streaming reader would still
 * inflate) and inflates each part once, counting its bytes and discarding them, stopping as soon
 * as the budget is exceeded. Memory holds one zlib window, never the inflated parts; a header that
 * lies about a part's size is caught by the count.
 */
import { createInflateRaw } from 'node:zlib';

/** The limits (see {@link inflationBudget}). */
export interface ZipLimits {
  /** Most parts an archive may hold (an xlsx from Excel or LibreOffice has about 10 to 30). */
  maxEntries: number;
  /** Most bytes all parts together may inflate to, whatever the file's size. */
  maxInflatedBytes: number;
  /** Most inflated bytes per byte of the file (real workbooks: under 20). */
  maxRatio: number;
  /** A small file may always inflate this much (whatever the ratio). */
  floorBytes: number;
}

/** The limits in force: 1 GiB at most (a 64 MB workbook of a million rows inflates to ~600 MB). */
export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 1000,
  maxInflatedBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  floorBytes: 16 * 1024 * 1024,
};

/** The inflated bytes a file of `fileBytes` may hold. */
export function inflationBudget(fileBytes: number, limits: ZipLimits = ZIP_LIMITS): number {
  return Math.min(limits.maxInflatedBytes, Math.max(limits.floorBytes, fileBytes * limits.maxRatio));
}

interface Part {
  method: number;
  flags: number;
  compressed: number;
  inflated: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** A data descriptor is at most 24 bytes; a hidden local part needs at least 30. */
const MAX_GAP = 30;

/** Why an archive is refused: the `imports.file.*` reason and its message's parameters. */
export interface ZipRefusal {
  reason: 'inflatedTooLarge' | 'tooManyParts' | 'unreadable';
  params: Record<string, number>;
}

class Refused extends Error {
  constructor(readonly refusal: ZipRefusal) {
    super(refusal.reason);
  }
}

const unreadable = () => new Refused({ reason: 'unreadable', params: {} });

/** Check an xlsx archive against the limits: null when it may be read, else why not. */
export async function zipRefusal(bytes: Buffer, limits: ZipLimits = ZIP_LIMITS): Promise<ZipRefusal | null> {
  try {
    await checkArchive(bytes, limits);
    return null;
  } catch (e) {
    if (e instanceof Refused) return e.refusal;
    // zlib refused a part's data: a damaged archive.
    return unreadable().refusal;
  }
}

async function checkArchive(bytes: Buffer, limits: ZipLimits): Promise<void> {
  const budget = inflationBudget(bytes.length, limits);
  const tooLarge = () =>
    new Refused({ reason: 'inflatedTooLarge', params: { limitMb: Math.floor(budget / 1024 / 1024) } });
  const { parts, centralOffset } = centralDirectory(bytes, limits);
  let declared = 0;
  for (const p of parts) declared += p.inflated;
  if (declared > budget) throw tooLarge();
  // The local parts must follow one another with nothing between them but data descriptors.
  const sorted = [...parts].sort((a, b) => a.localOffset - b.localOffset);
  let expected = 0;
  const ranges: Array<{ part: Part; start: number; end: number }> = [];
  for (const part of sorted) {
    const gap = part.localOffset - expected;
    if (gap < 0 || gap >= MAX_GAP || part.localOffset + 30 > bytes.length) throw unreadable();
    if (bytes.readUInt32LE(part.localOffset) !== LOCAL) throw unreadable();
    const localFlags = bytes.readUInt16LE(part.localOffset + 6);
    if ((localFlags & 8) === 0) {
      const sameSizes =
        bytes.readUInt32LE(part.localOffset + 18) === part.compressed &&
        bytes.readUInt32LE(part.localOffset + 22) === part.inflated;
      if (!sameSizes) throw unreadable();
    }
    const start =
      part.localOffset +
      30 +
      bytes.readUInt16LE(part.localOffset + 26) +
      bytes.readUInt16LE(part.localOffset + 28);
    const end = start + part.compressed;
    if (end > centralOffset) throw unreadable();
    ranges.push({ part, start, end });
    expected = end;
  }
  if (centralOffset - expected < 0 || centralOffset - expected >= MAX_GAP) throw unreadable();
  // Inflate each part for its count only, stopping once the budget is spent.
  let inflated = 0;
  for (const { part, start, end } of ranges) {
    const data = bytes.subarray(start, end);
    const size = part.method === 0 ? data.length : await inflatedSize(data, budget - inflated);
    if (size === null) throw tooLarge();
    if (size !== part.inflated) throw unreadable();
    inflated += size;
    if (inflated > budget) throw tooLarge();
  }
}

function centralDirectory(bytes: Buffer, limits: ZipLimits): { parts: Part[]; centralOffset: number } {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw unreadable();
  const count = bytes.readUInt16LE(eocd + 10);
  const centralOffset = bytes.readUInt32LE(eocd + 16);
  if (count > limits.maxEntries)
    throw new Refused({ reason: 'tooManyParts', params: { max: limits.maxEntries } });
  // Zip64 (0xFFFF parts or a 4 GB offset) is never needed below the upload limit.
  if (count === 0xffff || centralOffset >= eocd) throw unreadable();
  const parts: Part[] = [];
  let at = centralOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > eocd || bytes.readUInt32LE(at) !== CENTRAL) throw unreadable();
    const part: Part = {
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      compressed: bytes.readUInt32LE(at + 20),
      inflated: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
    };
    // Encrypted parts, and methods other than stored and deflate, are not xlsx.
    if ((part.flags & 1) !== 0 || (part.method !== 0 && part.method !== 8)) throw unreadable();
    if (part.method === 0 && part.compressed !== part.inflated) throw unreadable();
    parts.push(part);
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return { parts, centralOffset };
}

/**
 * The size `data` (raw deflate) inflates to, or null once it passes `stopAfter` (inflating stops
 * there). Chunks are counted and dropped.
 */
function inflatedSize(data: Buffer, stopAfter: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw();
    let size = 0;
    inflater.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > stopAfter) {
        inflater.destroy();
        resolve(null);
      }
    });
    inflater.on('end', () => {
      resolve(size);
    });
    inflater.on('error', reject);
    inflater.end(data);
  });
}
