/**
 * @epilink/core — pure domain rules shared by server, web and CLI. No I/O in this package.
 */
export * from './text/normalize.ts';
export * from './text/csv.ts';
export * from './errors/codes.ts';
export * from './i18n/index.ts';
export * from './access/index.ts';
export * from './identity/dates.ts';
export * from './identity/id-number.ts';
export * from './identity/phone.ts';
export * from './identity/qr.ts';
export * from './linkage/index.ts';
export * from './policy/index.ts';
export * from './diseases/definitions.ts';
export * from './vaccination/index.ts';
export * from './checkin/index.ts';
export * from './testing/index.ts';
export * from './cases/index.ts';
export * from './time/clock.ts';
export * from './time/format.ts';
export * from './sitrep/index.ts';
export * from './levels/index.ts';
export * from './analytics/index.ts';
export * from './zones/index.ts';
export * from './declarations/index.ts';
export * from './quarantine/index.ts';
