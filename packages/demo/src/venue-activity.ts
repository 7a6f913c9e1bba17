/**
 * The demo's QR check-in points and their activity as daily counts (no check-in rows: raw
 * check-ins are kept only for the retention period, the daily rollup is the history). Sized by
 * Bến Tre's own figures on 16/09/2021 — 7,430 registered check-in points, only 370 of them active
 * (DOMAIN.md) — times the demo's scale. Pure and deterministic.
 */
import { civilFromDays, formatYmd, parseYmd } from './dates.ts';
import { drawCount } from './epicurves.ts';
import { createRng, deriveSeed } from './rng.ts';

/** Bến Tre's check-in points on 16/09/2021. */
export const QR_ADOPTION_2021 = { registered: 7_430, active: 370, on: '2021-09-16' } as const;

/** Venue types (the check-in module's type codes) and what a point of that type is called. */
const TYPES = [
  ['market', 'Chợ'],
  ['shop', 'Cửa hàng'],
  ['cafe', 'Quán cà phê'],
  ['restaurant', 'Quán ăn'],
  ['office', 'Cơ quan'],
  ['school', 'Trường'],
  ['supermarket', 'Siêu thị'],
] as const;

export interface DemoVenue {
  communeCode: string;
  name: string;
  type: string;
  /** The day the commune station approved it (August–September 2021). */
  registeredOn: string;
  /** One of the active points: it has check-ins every day since it registered. */
  active: boolean;
}

/** Check-ins of one venue (index into `venues`) on one local day. */
export interface VenueDay {
  venue: number;
  day: string;
  count: number;
}

/** Mean check-ins a day at an active point: the mandatory-scan months, then voluntary use. */
export function checkinsPerActiveVenue(day: string): number {
  return day < '2022-04-01' ? 120 : 25;
}

/**
 * The venues of the given communes (by population) and the daily counts of the active ones from
 * their registration to `until` inclusive.
 */
export function generateVenueActivity(options: {
  seed: number;
  scale: number;
  until: string;
  communes: readonly { code: string; name: string; population: number }[];
}): { venues: DemoVenue[]; days: VenueDay[] } {
  const { communes } = options;
  if (communes.length === 0) return { venues: [], days: [] };
  const rng = createRng(deriveSeed(options.seed, 'venues'));
  const registered = Math.max(10, Math.round(QR_ADOPTION_2021.registered * options.scale));
  const active = Math.max(3, Math.round(QR_ADOPTION_2021.active * options.scale));
  const weights = communes.map((c) => c.population);
  const venues: DemoVenue[] = [];
  const serial = new Map<string, number>();
  for (let i = 0; i < registered; i++) {
    const commune = rng.weighted(communes, weights);
    const [type, label] = rng.pick(TYPES);
    const n = (serial.get(commune.code) ?? 0) + 1;
    serial.set(commune.code, n);
    const place = commune.name.replace(/^(Phường|Xã|Thị trấn)\s+/u, '');
    venues.push({
      communeCode: commune.code,
      name: `${label} ${place} ${n}`,
      type,
      registeredOn: formatYmd(civilFromDays(parseYmd('2021-08-01') + rng.int(0, 45))),
      active: i < active,
    });
  }
  const until = parseYmd(options.until);
  const days: VenueDay[] = [];
  venues.forEach((v, venue) => {
    if (!v.active) return;
    for (let d = parseYmd(v.registeredOn); d <= until; d++) {
      const day = formatYmd(civilFromDays(d));
      const count = drawCount(rng, checkinsPerActiveVenue(day));
      if (count > 0) days.push({ venue, day, count });
    }
  });
  return { venues, days };
}
