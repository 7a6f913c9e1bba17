/** The one Drizzle schema of EpiLink; `drizzle-kit generate` turns it into SQL migrations. */
export * from './registry.ts';
export * from './platform.ts';
export * from './identity.ts';
export * from './vaccination.ts';
export * from './certificates.ts';
export * from './checkin.ts';
export * from './testing.ts';
export * from './cases.ts';
export * from './units.ts';
export * from './referrals.ts';
export * from './audit.ts';
export * from './events.ts';
export * from './secrets.ts';
export * from './indicators.ts';
export * from './levels.ts';
export * from './map.ts';
export * from './sitreps.ts';
