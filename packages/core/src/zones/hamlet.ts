/**
 * The hamlet (ấp, khóm, thôn, khu phố, tổ dân phố, xóm, bản) of an address line (issue #16 item 7):
 * the registry keeps no hamlet field, but Vietnamese addresses name it as one comma-separated part
 * ("Số 12, Ấp Phú Hòa, Xã …"). Pure, so the server and the demo read it the same way.
 */

const HAMLET_WORDS = ['tổ dân phố', 'khu phố', 'khu vực', 'ấp', 'khóm', 'thôn', 'xóm', 'bản', 'tổ'];

/**
 * The hamlet named in an address (its words as written, spaces collapsed, first letter capital),
 * or null when no part of the address starts with a hamlet word followed by a name.
 */
export function hamletOf(address: string | null | undefined): string | null {
  if (!address) return null;
  for (const raw of address.normalize('NFC').split(',')) {
    const part = raw.trim().replace(/\s+/gu, ' ');
    const lower = part.toLocaleLowerCase('vi');
    for (const word of HAMLET_WORDS) {
      if (lower.startsWith(`${word} `) && part.length > word.length + 1 && part.length <= 80) {
        return part.charAt(0).toLocaleUpperCase('vi') + part.slice(1);
      }
    }
  }
  return null;
}
