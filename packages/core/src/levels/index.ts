/** Epidemic levels: commune rule, aggregation, weeks (pure). */
export * from './types.ts';
export * from './commune.ts';
export * from './aggregate.ts';
export * from './week.ts';
export * from './populations.ts';
export * from './capacity.ts';
