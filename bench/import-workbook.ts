/**
 * The import bench's dose register: `rows` dose rows with Vietnamese names, CCCDs consistent with
 * sex and year of birth, one commune, one vaccine and lot, written as Excel writes (shared
 * strings). Run as its own process by bench/import.ts so that the writer's memory is not counted
 * as the import's: `tsx bench/import-workbook.ts PATH ROWS`.
 */
import { pathToFileURL } from 'node:url';
import { makeCccd } from '@epilink/core';
import ExcelJS from 'exceljs';

/** The bench's commune (Phú Khương) and vaccine product. */
export const COMMUNE = '28756';
export const PRODUCT = 'EU/1/20/1528';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng'];
const MIDDLE = ['Thị', 'Văn', 'Hữu', 'Minh', 'Ngọc'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hoà', 'Khánh', 'Lan', 'Mai', 'Nam', 'Phúc', 'Quyên', 'Sơn'];

/** Write the register (see the module comment). */
export async function writeWorkbook(path: string, rows: number): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const sheet = book.addWorksheet('Tiêm chủng');
  sheet
    .addRow([
      'Họ và tên',
      'Ngày sinh',
      'Giới tính',
      'Số CCCD',
      'Mã xã',
      'Vắc xin',
      'Mũi',
      'Ngày tiêm',
      'Số lô',
    ])
    .commit();
  for (let i = 0; i < rows; i++) {
    const year = 1950 + (i % 50);
    const female = i % 2 === 0;
    const name = `${FAMILY[i % 10]} ${female ? 'Thị' : MIDDLE[(i >> 1) % 5]} ${GIVEN[Math.floor(i / 10) % 12]} ${GIVEN[Math.floor(i / 120) % 12]}`;
    sheet
      .addRow([
        name,
        `${1 + (i % 28)}/${1 + (i % 12)}/${year}`,
        female ? 'Nữ' : 'Nam',
        makeCccd('083', female ? 'female' : 'male', year, i),
        COMMUNE,
        PRODUCT,
        1,
        '01/06/2026',
        'BENCH-1',
      ])
      .commit();
  }
  sheet.commit();
  await book.commit();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [path, rows] = process.argv.slice(2);
  if (path === undefined || rows === undefined) throw new Error('usage: import-workbook.ts PATH ROWS');
  void writeWorkbook(path, Number(rows));
}
