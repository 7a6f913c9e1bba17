import { today as provinceToday } from '@epilink/core';

/**
 * "Today" for unit lists (YYYY-MM-DD, the province's local day from the one clock in core): which
 * list is in force, which change tables have taken effect. The one place the units module reads it.
 */
export function today(): string {
  return provinceToday();
}
