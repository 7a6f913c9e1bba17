/**
 * Templates: one xlsx per kind, headers in Vietnamese (row 1, required fields marked *) and
 * English (row 2), data from row 3; code fields carry a drop-down list (data validation) drawn
 * from a "codes" sheet — communes of the official's jurisdiction, vaccine products, test types,
 * outcomes, sexes, diseases. The import reads both header rows back (tone-insensitively).
 */
import { translate } from '@epilink/core';
import type { Jurisdiction, Language } from '@epilink/core';
import { importKind } from '@epilink/core/imports/index';
import type { CodeList, ImportKind } from '@epilink/core/imports/index';
import ExcelJS from 'exceljs';
import type { DbOrTx } from '../db/client.ts';
import { communesWithin, fixedCodes } from './context.ts';
import { columnLetter } from './scan.ts';

/**
 * The sheet's range-wide validations (exceljs has them at run time — one rule for a whole column
 * range instead of one per cell — but its typings only declare the per-cell form).
 */
function validations(sheet: ExcelJS.Worksheet): { add(range: string, rule: ExcelJS.DataValidation): void } {
  return (sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } })
    .dataValidations;
}

/** Rows of the template that carry drop-down lists. */
const TEMPLATE_ROWS = 5000;

/** The template of a kind as xlsx bytes. */
export async function buildTemplate(
  db: DbOrTx,
  kind: ImportKind,
  jurisdiction: Jurisdiction,
  lang: Language,
): Promise<Buffer> {
  const def = importKind(kind);
  const lists: Record<CodeList, string[]> = {
    ...fixedCodes(),
    units: [...(await communesWithin(db, jurisdiction)).keys()].sort(),
  };
  const book = new ExcelJS.Workbook();
  book.creator = 'EpiLink';
  const data = book.addWorksheet(translate(lang, 'imports.template.sheetData'));
  const codes = book.addWorksheet(translate(lang, 'imports.template.sheetCodes'));
  data.addRow(def.fields.map((f) => `${translate('vi', `imports.field.${f.key}`)}${f.required ? ' *' : ''}`));
  data.addRow(def.fields.map((f) => translate('en', `imports.field.${f.key}`)));
  data.getRow(1).font = { bold: true };
  data.getRow(2).font = { italic: true };
  data.views = [{ state: 'frozen', ySplit: 2 }];
  const used: CodeList[] = [];
  def.fields.forEach((field, i) => {
    const column = data.getColumn(i + 1);
    column.width = Math.max(14, translate('vi', `imports.field.${field.key}`).length + 4);
    const letter = columnLetter(i);
    if (field.type === 'date') column.numFmt = 'dd/mm/yyyy';
    if (field.type === 'cccd' || field.type === 'phone') column.numFmt = '@';
    if (typeof field.type !== 'object') return;
    const list = field.type.code;
    if (!used.includes(list)) used.push(list);
    const codeColumn = columnLetter(used.indexOf(list));
    const count = Math.max(1, lists[list].length);
    const sheetName = codes.name.replace(/'/gu, "''");
    validations(data).add(`${letter}3:${letter}${TEMPLATE_ROWS}`, {
      type: 'list',
      allowBlank: true,
      showErrorMessage: true,
      errorTitle: translate(lang, 'imports.template.codeListTitle'),
      formulae: [`'${sheetName}'!$${codeColumn}$2:$${codeColumn}$${count + 1}`],
    });
  });
  used.forEach((list, i) => {
    const column = codes.getColumn(i + 1);
    column.width = 24;
    codes.getCell(1, i + 1).value = translate(lang, `imports.codeList.${list}`);
    lists[list].forEach((code, r) => {
      codes.getCell(r + 2, i + 1).value = code;
    });
  });
  const note = book.addWorksheet('README');
  note.getCell('A1').value = translate(lang, 'imports.template.note');
  return Buffer.from(await book.xlsx.writeBuffer());
}
