/** Cases and contact tracing: classification, infectious window, F-degrees, clusters, follow-up. */
export * from './classification.ts';
export { endsWindow, infectiousWindow, localDate, localDayStart } from './window.ts';
export type { Window } from './window.ts';
export * from './degree.ts';
export * from './clusters.ts';
export * from './followUp.ts';
export * from './quarantine.ts';
export * from './degreeUpdate.ts';
