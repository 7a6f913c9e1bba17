/**
 * exceljs's streaming workbook reader, with its UTF-8 decoding fixed. Its SAX step
 * (exceljs/lib/utils/parse-sax.js) turns every inflated chunk into a string on its own
 * (`TextDecoder.decode(chunk)` without `stream: true`), so a multi-byte character split across two
 * chunks came back as two U+FFFD ("Th\uFFFD\uFFFD" for "Thị"; exceljs issues #2063, #2084, #2316,
 * open). Strings pass through that step untouched, so the worksheet and shared-strings parts are
 * decoded here first with a StringDecoder, which carries an incomplete character over to the next
 * chunk: the bytes are decoded as one text, whatever the chunk boundaries.
 */
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';

/** Decode a stream of UTF-8 chunks as one text (strings are passed through). */
export async function* utf8Text(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** The reader's parts this module wraps (not in exceljs's typings). */
interface ReaderParts {
  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string): AsyncGenerator;
  _parseSharedStrings(entry: Readable): AsyncGenerator;
}

/** A streaming reader over the bytes of an xlsx file (see the module comment). */
export function workbookStream(bytes: Buffer): ExcelJS.stream.xlsx.WorkbookReader {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const parts = reader as unknown as ReaderParts;
  const parseWorksheet = parts._parseWorksheet.bind(reader);
  const parseSharedStrings = parts._parseSharedStrings.bind(reader);
  parts._parseWorksheet = (chunks, sheetNo) => parseWorksheet(utf8Text(chunks), sheetNo);
  parts._parseSharedStrings = (entry) => {
    // A readable stream's own decoding is a StringDecoder too; set before the part flows.
    entry.setEncoding('utf8');
    return parseSharedStrings(entry);
  };
  return reader;
}
