/**
 * The province's adoption starting point (issue #13 item 10): Bến Tre's figures of 16/09/2021,
 * before EpiLink (shared/docs/DOMAIN.md, "QR venue check-in"). Shown beside today's adoption
 * indicators so the committee sees how far the province has come; the source is shown with them.
 */
export const ADOPTION_BASELINE = {
  /** The day the figures describe. */
  asOf: '2021-09-16',
  venuesRegistered: 7430,
  venuesActive: 370,
  /** Share of smartphones with Bluezone installed (%), and of those with it switched on (%). */
  bluezonePct: 25.23,
  bluezoneOnPct: 52.32,
  /** Share of smartphones with the electronic health book (%). */
  healthBookPct: 5.34,
} as const;
