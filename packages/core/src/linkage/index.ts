/** Record linkage: one record per human. */
export * from './jaro-winkler.ts';
export * from './record.ts';
export * from './score.ts';
export * from './blocking.ts';
