/** Versioned policy rules: catalogue, evaluation by date, and the shipped defaults. */
export * from './values.ts';
export * from './catalogue.ts';
export * from './rules.ts';
export * from './defaultPolicies.ts';
