import { describe, it, expect } from 'vitest';
import { detectPersonQr, MAX_QR_LENGTH, parseCccdCardQr, parsePersonalQr } from './qr.ts';

const CARD =
  '083190012345|321456789|Nguyễn Thị Hoà|15071990|Nữ|Ấp 1, Xã Phú Túc, Châu Thành, Bến Tre|10052021';
const PERSONAL = '083190012345|NGUYEN THI HOA|1990-07-15|0|QID123|';

describe('the Personal QR (1405/QĐ-BTTTT)', () => {
  it('reads ID, upper-case name, date of birth and who generated it', () => {
    expect(parsePersonalQr(PERSONAL)).toEqual({
      ok: true,
      value: {
        format: 'personal',
        idNumber: '083190012345',
        idKind: 'cccd',
        fullName: 'NGUYEN THI HOA',
        dateOfBirth: '1990-07-15',
        onBehalf: false,
        qid: 'QID123',
        ext: '',
      },
    });
    const behalf = parsePersonalQr('321456789|TRAN VAN B|2015-01-02|1||');
    expect(behalf.ok && behalf.value.onBehalf).toBe(true);
  });

  it('rejects a bad date, identity type or ID number', () => {
    expect(parsePersonalQr('083190012345|A|1990-02-31|0||')).toMatchObject({ reason: 'QR_INVALID_DATE' });
    expect(parsePersonalQr('083190012345|A|15/07/1990|0||')).toMatchObject({ reason: 'QR_INVALID_DATE' });
    expect(parsePersonalQr('083190012345|A|1990-07-15|2||')).toMatchObject({
      reason: 'QR_INVALID_IDENTITY_TYPE',
    });
    expect(parsePersonalQr('999190012345|A|1990-07-15|0||')).toEqual({
      ok: false,
      reason: 'QR_INVALID_ID',
      idReason: 'ID_UNKNOWN_PROVINCE',
    });
  });
});

describe('the CCCD chip-card QR', () => {
  it('reads the card and converts its dates', () => {
    const r = parseCccdCardQr(CARD);
    expect(r).toEqual({
      ok: true,
      value: {
        format: 'cccd',
        cccd: '083190012345',
        oldCmnd: '321456789',
        fullName: 'Nguyễn Thị Hoà',
        dateOfBirth: '1990-07-15',
        sex: 'female',
        address: 'Ấp 1, Xã Phú Túc, Châu Thành, Bến Tre',
        issueDate: '2021-05-10',
        inconsistencies: [],
      },
    });
  });

  it('accepts a card without old CMND and NFD text, and notes an inconsistent sex digit', () => {
    const nfd = '083090012345||Trần Văn Đức|01011990|Nữ|Bến Tre|01012022'.normalize('NFD');
    const r = parseCccdCardQr(nfd);
    expect(r.ok && r.value.fullName).toBe('Trần Văn Đức'.normalize('NFC'));
    expect(r.ok && r.value.oldCmnd).toBeNull();
    expect(r.ok && r.value.inconsistencies.map((i) => i.code)).toEqual(['CCCD_SEX_MISMATCH']);
  });

  it('rejects 31 February, an unknown sex and an issue date before birth', () => {
    expect(parseCccdCardQr(CARD.replace('15071990', '31021990'))).toMatchObject({
      reason: 'QR_INVALID_DATE',
    });
    expect(parseCccdCardQr(CARD.replace('|Nữ|', '|X|'))).toMatchObject({ reason: 'QR_INVALID_SEX' });
    expect(parseCccdCardQr(CARD.replace('10052021', '10051980'))).toMatchObject({
      reason: 'QR_INVALID_DATE',
    });
  });
});

describe('hostile scans', () => {
  it('refuses oversized, control-character, bidi-override and wrongly split strings', () => {
    expect(detectPersonQr('A'.repeat(MAX_QR_LENGTH + 1))).toMatchObject({ reason: 'QR_TOO_LONG' });
    expect(detectPersonQr(`${PERSONAL.slice(0, 5)}\u0000${PERSONAL.slice(5)}`)).toMatchObject({
      reason: 'QR_CONTROL_CHARACTERS',
    });
    expect(detectPersonQr(CARD.replace('Nguyễn', '\u202eNguyễn'))).toMatchObject({
      reason: 'QR_CONTROL_CHARACTERS',
    });
    expect(detectPersonQr('083190012345|NGUYEN|1990-07-15')).toMatchObject({ reason: 'QR_UNRECOGNISED' });
    expect(detectPersonQr('')).toMatchObject({ reason: 'QR_EMPTY' });
    expect(detectPersonQr('|||||')).toMatchObject({ ok: false });
    expect(detectPersonQr('083190012345|<script>alert(1)</script>|1990-07-15|0||')).toMatchObject({
      reason: 'QR_INVALID_NAME',
    });
  });

  it("still reads a scan that ends with the scanner's newline, and picks the format by field count", () => {
    expect(detectPersonQr(`${PERSONAL}\r\n`)).toMatchObject({ ok: true, value: { format: 'personal' } });
    expect(detectPersonQr(CARD)).toMatchObject({ ok: true, value: { format: 'cccd' } });
  });
});
