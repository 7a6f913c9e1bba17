/** Blockaded zones, testing rounds and community testing campaigns (issue #16 items 6–8). */
export * from './pooling.ts';
export * from './polygon.ts';
export * from './lifting.ts';
export * from './hamlet.ts';
