import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AreaGeometry } from '@epilink/core/geo/index';

/**
 * A commune boundary file an administrator loaded (issue #13 item 5): the province's own polygons
 * for the communes of one unit list (`dataset`, the list in force on `unitsAsOf`), with the licence
 * and attribution the map credits. The newest set of a list is the one drawn.
 */
export const mapBoundarySets = pgTable(
  'map_boundary_sets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code').notNull(),
    level: text('level', { enum: ['commune'] }).notNull(),
    dataset: text('dataset').notNull(),
    unitsAsOf: date('units_as_of').notNull(),
    licence: text('licence').notNull(),
    attribution: text('attribution').notNull(),
    featureCount: integer('feature_count').notNull(),
    uploadedBy: uuid('uploaded_by'),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('map_boundary_sets_list_idx').on(t.provinceCode, t.dataset, t.uploadedAt)],
);

/** One unit's polygon in a loaded set (lon/lat, simplified on load). */
export const mapBoundaries = pgTable(
  'map_boundaries',
  {
    setId: uuid('set_id')
      .notNull()
      .references(() => mapBoundarySets.id),
    code: text('code').notNull(),
    geometry: jsonb('geometry').$type<AreaGeometry>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.setId, t.code] })],
);
