/** Pure map geometry: boundaries, projection, the commune cartogram, ring simplification. */
export * from './types.ts';
export * from './simplify.ts';
export * from './project.ts';
export * from './cartogram.ts';
export * from './validate.ts';
