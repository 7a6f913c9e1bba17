/**
 * Vietnam's age/sex structure, 2019 census, by 5-year bands (approximate shares of the whole
 * population; 0-14 ≈ 24.3 %, 15-64 ≈ 68 %, 65+ ≈ 7.7 %), with the sex ratio per band
 * (males per 100 females: ~111 at birth, near parity at working ages, far below 100 at old ages).
 * The generator builds families rather than drawing people independently, so these shares are
 * the target the household model is tuned to, and what the tests check against.
 */

/** Lower bound of each 5-year band; the last (85) is open-ended. */
export const BAND_STARTS: readonly number[] = [
  0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85,
];

/** Share of the population (percent) in each band, both sexes. */
export const BAND_SHARES: readonly number[] = [
  8.3, 8.6, 7.4, 6.8, 6.9, 8.2, 8.4, 7.8, 7.3, 6.6, 6.0, 5.4, 4.6, 3.1, 1.9, 1.2, 0.8, 0.7,
];

/** Males per 100 females in each band. */
export const BAND_SEX_RATIOS: readonly number[] = [
  111, 110, 108, 106, 103, 101, 101, 100, 99, 98, 97, 93, 88, 84, 77, 68, 58, 46,
];

/** Target share (percent) of people under 15 and 65 or over, for checks. */
export const TARGET_UNDER_15 = 24.3;
/** Target share (percent) of people aged 65 or over. */
export const TARGET_65_PLUS = 7.7;

/** Probability that a person in band `i` is male. */
export function maleShare(bandIndex: number): number {
  const r = BAND_SEX_RATIOS[Math.min(bandIndex, BAND_SEX_RATIOS.length - 1)]!;
  return r / (100 + r);
}

/** Band index of an age in years. */
export function bandOf(age: number): number {
  return Math.min(BAND_STARTS.length - 1, Math.max(0, Math.floor(age / 5)));
}
