/** Testing rules: barcodes with check digit, results and Ct, pooled PCR, lab CSV files. */
export * from './barcode.ts';
export * from './results.ts';
export * from './pool.ts';
export * from './labCsv.ts';
