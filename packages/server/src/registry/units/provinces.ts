/**
 * The 34 provinces of the 2025-07 list (Resolution 202/2025/QH15), by GSO code. A province code
 * among them is a province of today: it runs with the full unit history (2021-11, 2025-03, 2025-07
 * and the change table) by default. Any other code (83 Bến Tre, 84 Trà Vinh…) names a province
 * the reform closed: it runs in its 2021 units. Checked against the shipped list by a test.
 */
export const PROVINCES_2025_07: readonly string[] = [
  '01',
  '04',
  '08',
  '11',
  '12',
  '14',
  '15',
  '19',
  '20',
  '22',
  '24',
  '25',
  '31',
  '33',
  '37',
  '38',
  '40',
  '42',
  '44',
  '46',
  '48',
  '51',
  '52',
  '56',
  '66',
  '68',
  '75',
  '79',
  '80',
  '82',
  '86',
  '91',
  '92',
  '96',
];

/** The shipped unit lists loaded by default for a province code (config UNIT_LISTS' default). */
export function defaultUnitLists(provinceCode: string): string {
  return PROVINCES_2025_07.includes(provinceCode) ? '2021-11,2025-03,2025-07' : '2021-11';
}
