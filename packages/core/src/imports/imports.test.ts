import { describe, expect, it } from 'vitest';
import { makeCccd } from '../identity/id-number.ts';
import { imports as importsMessages } from '../i18n/imports.ts';
import {
  autoMap,
  checkMapping,
  decodeText,
  excelSerialToDate,
  findHeaderRow,
  IMPORT_KINDS,
  importKind,
  indexCodes,
  readDate,
  validateRow,
} from './index.ts';
import type { ImportCell, RowContext } from './index.ts';

const today = '2026-12-03';

describe('a commune officer’s spreadsheet is mapped by its headers', () => {
  it('maps Vietnamese headers with or without tones, NFD or upper case, and English ones', () => {
    const headers = [
      'STT',
      'HO VA TEN',
      'Ngày sinh'.normalize('NFD'),
      'giới tính',
      'Số CCCD:',
      'Phone',
      'Mã xã',
    ];
    expect(autoMap('people', headers)).toEqual({
      fullName: 1,
      dateOfBirth: 2,
      sex: 3,
      cccd: 4,
      phone: 5,
      communeCode: 6,
    });
  });

  it('maps every field of every kind by its Vietnamese label, and no data cell with digits as a header', () => {
    // The scan asks of every data row whether it is a second header line; a cell with a digit is
    // not folded (no field's label or alias holds one), which must leave the mapping unchanged.
    for (const kind of IMPORT_KINDS) {
      const fields = importKind(kind).fields.map((f) => f.key);
      const labels = fields.map((f) => (importsMessages.vi.field as Record<string, string>)[f] ?? f);
      expect(Object.keys(autoMap(kind, labels)).sort()).toEqual([...fields].sort());
    }
    const dataRow = ['Nguyễn Thị An', '01/06/2026', makeCccd('083', 'female', 1990, 7), '28756', '1'];
    expect(autoMap('doses', dataRow)).toEqual({});
    expect(autoMap('doses', ['Mũi 1', 'Ngày tiêm 2'])).toEqual({});
  });

  it('finds the header row under a merged title banner and reports what is missing', () => {
    const rows = [['DANH SÁCH TIÊM CHỦNG XÃ A', '', ''], [], ['Họ tên', 'Ngày sinh', 'Vắc xin']];
    expect(findHeaderRow('doses', rows)).toBe(2);
    const problems = checkMapping('doses', autoMap('doses', rows[2]!), 3);
    expect(problems.map((p) => p.field)).toEqual(
      expect.arrayContaining(['communeCode', 'doseNumber', 'date']),
    );
    expect(checkMapping('people', { fullName: 0, dateOfBirth: 0, communeCode: 9 }, 3)).toEqual(
      expect.arrayContaining([
        { field: 'dateOfBirth', reason: 'columnTwice' },
        { field: 'communeCode', reason: 'badColumn' },
      ]),
    );
  });
});

describe('dates are read the Vietnamese way', () => {
  it('reads dd/mm/yyyy, d/m/yy, ISO and Excel serial numbers', () => {
    expect(readDate('05/03/2021', today)).toEqual({ ok: true, value: '2021-03-05' });
    expect(readDate('5/3/21', today)).toEqual({ ok: true, value: '2021-03-05' });
    expect(readDate('5/3/98', today)).toEqual({ ok: true, value: '1998-03-05' });
    expect(readDate('05/03/2021 14:30', today)).toEqual({ ok: true, value: '2021-03-05' });
    expect(readDate('1990-12-31', today)).toEqual({ ok: true, value: '1990-12-31' });
    expect(readDate(44260, today)).toEqual({ ok: true, value: '2021-03-05' });
    expect(excelSerialToDate(60.5)).toBe('1900-02-28'); // Excel's phantom 29/02/1900 never lands
  });

  it("reads an instant with its zone as the province's day it falls on, not the day before the T", () => {
    // 22:37 UTC on 3 March is 05:37 on 4 March in Bến Tre (UTC+7); a lab system exports UTC.
    expect(readDate('2021-03-03T22:37:00.000Z', today)).toEqual({ ok: true, value: '2021-03-04' });
    expect(readDate('2021-03-03T16:59:59Z', today)).toEqual({ ok: true, value: '2021-03-03' });
    expect(readDate('2021-03-04T05:37+07:00', today)).toEqual({ ok: true, value: '2021-03-04' });
    expect(readDate('2021-03-03 22:37:00Z', today)).toEqual({ ok: true, value: '2021-03-04' });
    expect(readDate('2021-02-30T10:00:00Z', today)).toEqual({ ok: false, reason: 'dateInvalid' });
  });

  it('refuses impossible, future and malformed dates with their reason', () => {
    expect(readDate('31/02/2021', today)).toEqual({ ok: false, reason: 'dateInvalid' });
    expect(readDate('01/01/2030', today)).toEqual({ ok: false, reason: 'dateInFuture' });
    expect(readDate('March 5', today)).toEqual({ ok: false, reason: 'dateFormat' });
  });
});

describe('rows are validated field by field', () => {
  const context: RowContext = { today, codes: { units: ['27301', '27302'] } };
  const codes = indexCodes(context);
  const mapping = { fullName: 0, dateOfBirth: 1, sex: 2, cccd: 3, phone: 4, communeCode: 5 };
  const cccd = makeCccd('027', 'female', 1990, 12345);

  it('stores a good row composed (NFC) with a row key', () => {
    const cells: ImportCell[] = [
      'Nguyễn Thị Hoà'.normalize('NFD'),
      '12/05/1990',
      'Nữ',
      cccd,
      '0912 345 678',
      '27301',
    ];
    const result = validateRow('people', mapping, cells, context, codes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.values.fullName).toBe('Nguyễn Thị Hoà'.normalize('NFC'));
    expect(result.values.phone).toBe('0912345678');
    expect(result.key).toBe(`people|cccd=${cccd}`);
  });

  it('reports each bad cell with its column and reason', () => {
    const cells: ImportCell[] = ['Trần Văn B', '31/02/1990', 'X', '0271', '12345', '99999'];
    const result = validateRow('people', mapping, cells, context, codes);
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'dateOfBirth', column: 1, reason: 'dateInvalid' },
        { field: 'sex', column: 2, reason: 'sexInvalid' },
        { field: 'cccd', column: 3, reason: 'cccdLength' },
        { field: 'phone', column: 4, reason: 'phoneInvalid' },
        { field: 'communeCode', column: 5, reason: 'unknownCode' },
      ],
    });
  });

  it('flags a CCCD that contradicts the sex, and a formula without a value', () => {
    const cells: ImportCell[] = ['Lê Văn C', '12/05/1990', 'Nam', cccd, { formula: 'A1&B1' }, '27302'];
    const result = validateRow('people', mapping, cells, context, codes);
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'phone', column: 4, reason: 'formula' },
        { field: 'cccd', column: 3, reason: 'cccdSexMismatch' },
      ],
    });
  });
});

describe('CSV encodings', () => {
  it('converts Windows-1258 (tones as separate bytes) to composed Unicode', () => {
    // "Nguyễn Văn Đức" in code page 1258: ê + combining tilde, ă, Đ, ư + combining acute.
    const bytes = Uint8Array.from([
      0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e, 0x20, 0x56, 0xe3, 0x6e, 0x20, 0xd0, 0xfd, 0xec, 0x63,
    ]);
    expect(decodeText(bytes)).toEqual({ ok: true, text: 'Nguyễn Văn Đức', encoding: 'windows-1258' });
  });

  it('refuses VNI and TCVN3 with a reason that says which', () => {
    // VNI: "Nguyeãn Vaên Ñöùc"
    const vni = Uint8Array.from([
      0x4e, 0x67, 0x75, 0x79, 0x65, 0xe3, 0x6e, 0x20, 0x56, 0x61, 0xea, 0x6e, 0x20, 0xd1, 0xf6, 0xf9, 0x63,
    ]);
    expect(decodeText(vni)).toEqual({ ok: false, reason: 'legacyVni' });
    // TCVN3: "V¨n ®­êng" (Văn đường)
    const tcvn = Uint8Array.from([0x56, 0xa8, 0x6e, 0x20, 0xae, 0xad, 0xea, 0x6e, 0x67]);
    expect(decodeText(tcvn)).toEqual({ ok: false, reason: 'legacyTcvn3' });
  });

  it('reads UTF-8 with a BOM and composes NFD text', () => {
    const bytes = new TextEncoder().encode('\ufeffHọ tên'.normalize('NFD'));
    expect(decodeText(bytes)).toEqual({ ok: true, text: 'Họ tên', encoding: 'utf-8' });
  });
});
