/**
 * "Today" for unit lists (YYYY-MM-DD): which list is in force, which change tables have taken
 * effect. The one place the units module reads the clock, so it can follow the product's clock.
 */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
