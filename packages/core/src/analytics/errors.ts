/** The analytics' one way to refuse bad input: VALIDATION_FAILED with a translated detail. */
import { AppError } from '../errors/codes.ts';

/** Keys of `analytics.errors.*` (i18n/analytics.ts). */
export type AnalyticsErrorKey =
  | 'serialInterval'
  | 'serialIntervalParameters'
  | 'incidence'
  | 'windows'
  | 'prior'
  | 'series'
  | 'parameter'
  | 'pairs';

/** Throw VALIDATION_FAILED for `path` with the message `analytics.errors.<key>`. */
export function refuse(
  path: string,
  key: AnalyticsErrorKey,
  params: Record<string, string | number> = {},
): never {
  throw new AppError('VALIDATION_FAILED', {
    params,
    details: [{ path, messageKey: `analytics.errors.${key}`, params }],
  });
}

/** True for a finite number ≥ 0. */
export function isCount(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}
