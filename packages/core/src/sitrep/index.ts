export * from './changes.ts';
export * from './adoption.ts';
