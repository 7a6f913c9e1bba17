/** Spreadsheet import: kinds and fields, header mapping, cell values, row validation, encodings. */
export * from './kinds.ts';
export * from './mapping.ts';
export * from './values.ts';
export * from './rows.ts';
export * from './encoding.ts';
export * from './access.ts';
