import { text } from 'drizzle-orm/pg-core';

/**
 * The place a row belongs to, denormalised so the data layer can scope it (`scopeFor`):
 * `province_code` is always set (the distribution key a Citus deployment would use).
 */
export const jurisdictionColumns = () => ({
  provinceCode: text('province_code').notNull(),
  districtCode: text('district_code'),
  communeCode: text('commune_code'),
});
