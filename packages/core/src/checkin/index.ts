export * from './venue.ts';
