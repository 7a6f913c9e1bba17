/**
 * The rules of an indicator query, pure: the period is real local days, `from` is not after `to`,
 * and the period is at most `MAX_PERIOD_DAYS` (a little over two years of history at one row per day).
 */
import { AppError } from '../errors/codes.ts';

/** The longest period one read or export may span, in days (inclusive). */
export const MAX_PERIOD_DAYS = 1100;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isLocalDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

/** Refuse a period that is not from ≤ to within `MAX_PERIOD_DAYS` (translated 400). */
export function checkPeriod(from: string, to: string, asOf?: string): void {
  for (const [field, value] of [
    ['from', from],
    ['to', to],
    ['asOf', asOf],
  ] as const) {
    if (value !== undefined && !isLocalDay(value)) {
      throw new AppError('VALIDATION_FAILED', {
        details: [{ path: field, messageKey: 'indicators.errors.badDay' }],
      });
    }
  }
  if (from > to) {
    throw new AppError('INDICATOR_PERIOD_INVALID', { params: { from, to } });
  }
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MAX_PERIOD_DAYS) {
    throw new AppError('INDICATOR_PERIOD_TOO_LONG', { params: { days, max: MAX_PERIOD_DAYS } });
  }
}
