/**
 * @epilink/core — pure domain rules shared by server, web and CLI. No I/O in this package.
 */
export * from './text/normalize.ts';
export * from './errors/codes.ts';
export * from './i18n/index.ts';
