/** Analytics (issue #14): Rt (Cori/EpiEstim), EARS C1–C3, nowcast, renewal forecasts, scores. Pure. */
export * from './special.ts';
export * from './serial-interval.ts';
export * from './rt.ts';
export * from './ears.ts';
export * from './random.ts';
export * from './forecast.ts';
export * from './scoring.ts';
export * from './nowcast.ts';
export * from './alarms.ts';
export * from './seirv.ts';
export * from './beds.ts';
