/**
 * The streaming xlsx reader keeps every multi-byte character, wherever the inflated chunks split
 * (exceljs's own SAX step decoded each chunk alone: "Th\uFFFD\uFFFD" for "Thị").
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '@epilink/core';
import { scanInThread } from './parse-thread.ts';
import type { StagedChunk } from './parse-thread.ts';
import { readRows } from './read.ts';
import { scanFile } from './scan.ts';
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

  it('parses in a worker thread to the same staged rows as on the server thread, and refuses the same way', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('DS');
    sheet.addRow(['Danh sách tiêm chủng']);
    sheet.addRow(['Họ và tên', 'Ngày sinh', 'Số CCCD', 'Mũi', 'Ngày tiêm']);
    for (let i = 0; i < 250; i++)
      sheet.addRow([
        `${WORDS[i % 10]} Thị ${i}`,
        new Date(Date.UTC(1960, 0, 1 + i)),
        `0830${i}`,
        1,
        { formula: 'A1', result: 2 },
      ]);
    sheet.addRow(['Trần Văn Bình', '1/2/1970', null, true, { formula: 'B2' }]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const inline: unknown[] = [];
    const onThread = await scanFile(bytes, 'xlsx', 'doses', 'vi', (row) => {
      inline.push([row.rowNumber, row.cells]);
    });
    const chunks: StagedChunk[] = [];
    const threaded = await scanInThread(
      { bytes, format: 'xlsx', kind: 'doses', lang: 'vi', chunkRows: 100 },
      (c) => {
        chunks.push(c);
        return Promise.resolve();
      },
    );
    expect(threaded).toMatchObject(onThread);
    expect(chunks.map((c) => [c.firstSeq, c.rowCount])).toEqual([
      [0, 100],
      [100, 100],
      [200, 51],
    ]);
    expect(chunks.flatMap((c) => JSON.parse(c.rows) as unknown[])).toEqual(inline);

    const noHeader = new ExcelJS.Workbook();
    noHeader.addWorksheet('DS').addRow(['một', 'hai']);
    const refused = await scanInThread(
      {
        bytes: Buffer.from(await noHeader.xlsx.writeBuffer()),
        format: 'xlsx',
        kind: 'doses',
        lang: 'en',
        chunkRows: 1_000,
      },
      () => Promise.resolve(),
    ).catch((e: unknown) => e);
    expect(isAppError(refused, 'IMPORT_FILE_REFUSED') && refused.details[0]?.messageKey).toBe(
      'imports.file.noHeader',
    );
  });
});
