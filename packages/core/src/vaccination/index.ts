/** Vaccination rules: products and schedules, schedule evaluation, coverage, screening, AEFI. */
export * from './products.ts';
export * from './schedule.ts';
export * from './coverage.ts';
export * from './screening.ts';
export * from './aefi.ts';
export * from './doseRules.ts';
export * from './deferral.ts';
