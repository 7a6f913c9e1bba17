/**
 * @epilink/demo — a deterministic synthetic province: people in households with Vietnamese
 * names, IDs and phones, planted near-duplicates for record linkage, and health facilities.
 * Pure TypeScript, no I/O: the caller passes the commune list in.
 */
export * from './types.ts';
export * from './rng.ts';
export * from './dates.ts';
export * from './pyramid.ts';
export * from './names.ts';
export * from './households.ts';
export * from './ids.ts';
export * from './population.ts';
export * from './variations.ts';
export * from './people.ts';
export * from './facilities.ts';
export * from './epicurves.ts';
export * from './history.ts';
export * from './venue-activity.ts';
