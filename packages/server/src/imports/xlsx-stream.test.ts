/**
 * The streaming xlsx reader keeps every multi-byte character, wherever the inflated chunks split
 * (exceljs's own SAX step decoded each chunk alone: "Th\uFFFD\uFFFD" for "Thị").
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readRows } from './read.ts';
import { utf8Text } from './xlsx-stream.ts';

const WORDS = ['Nguyễn', 'Thị', 'Hoàng', 'Đặng', 'Huỳnh', 'Phượng', 'Yến', 'Ngọc', 'Trường', '黄'];

describe('streaming xlsx', () => {
  it('decodes a character split across two chunks as one', async () => {
    const bytes = Buffer.from('<t>Thị</t>', 'utf8');
    const parts: string[] = [];
    for await (const s of utf8Text([bytes.subarray(0, 6), bytes.subarray(6)])) parts.push(s);
    expect(parts.join('')).toBe('<t>Thị</t>');
  });

  it('reads 30,000 Vietnamese names (inline and shared strings) without a replacement character', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('DS');
    const names: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      const name = `${WORDS[i % 10]} ${WORDS[(i * 7) % 10]} ${WORDS[(i * 3) % 10]} ${i}`;
      names.push(name);
      sheet.addRow([name, `Ấp ${WORDS[i % 9]}`]);
    }
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const read: string[] = [];
    for await (const row of readRows(bytes, 'xlsx', 'vi')) read.push(row.cells[0] as string);
    expect(read.filter((n) => n.includes('\uFFFD'))).toEqual([]);
    expect(read).toEqual(names);
  });
});
