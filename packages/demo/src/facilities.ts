/**
 * Health facilities and sites of the synthetic province: one health station per commune, one
 * health centre per district, the provincial hospital, a hospital in each rural district, test
 * sites, vaccination sites and a few quarantine facilities with bed capacity. Names follow
 * Vietnamese usage; capacities are synthetic.
 */
import { normalizeText } from '@epilink/core';
import { createRng, deriveSeed } from './rng.ts';
import { communeKind } from './population.ts';
import type { DemoCommune, DemoFacility, DemoFacilityKind, DemoInput } from './types.ts';

/** Names of provincial hospitals by province code (else a generic name). */
const PROVINCIAL_HOSPITAL: Readonly<Record<string, string>> = {
  '83': 'Bệnh viện Nguyễn Đình Chiểu',
};

interface District {
  code: string;
  name: string;
  communes: DemoCommune[];
}

/** 'Huyện Châu Thành' → 'huyện Châu Thành' (the type is lower-case inside a name). */
export function lowerUnitType(name: string): string {
  const n = normalizeText(name);
  for (const t of ['Thành phố', 'Thị xã', 'Thị trấn', 'Huyện', 'Phường', 'Xã', 'Quận']) {
    if (n.startsWith(`${t} `)) return t.toLowerCase() + n.slice(t.length);
  }
  return n;
}

/** The name without its type: 'Xã Phú Hưng' → 'Phú Hưng', 'Phường 8' → 'Phường 8'. */
function bareName(name: string): string {
  const n = normalizeText(name);
  const m = /^(Xã|Thị trấn|Phường|Thành phố|Huyện|Thị xã|Quận) (.*)$/u.exec(n);
  if (m === null || /^\d/u.test(m[2]!)) return n;
  return m[2]!;
}

function districtsOf(communes: readonly DemoCommune[]): District[] {
  const byCode = new Map<string, District>();
  const sorted = [...communes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const c of sorted) {
    let d = byCode.get(c.districtCode);
    if (d === undefined) {
      d = { code: c.districtCode, name: normalizeText(c.districtName), communes: [] };
      byCode.set(c.districtCode, d);
    }
    d.communes.push(c);
  }
  return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * The facilities of the province in `input` (only seed, provinceCode and communes are used).
 * Deterministic; keys 'f0001'… in a stable order.
 */
export function generateFacilities(
  input: Pick<DemoInput, 'seed' | 'provinceCode' | 'communes'>,
): DemoFacility[] {
  const rng = createRng(deriveSeed(input.seed, 'facilities'));
  const out: DemoFacility[] = [];
  const add = (
    kind: DemoFacilityKind,
    name: string,
    unitCode: string,
    address: string,
    capacity: number | null,
  ): void => {
    out.push({ key: `f${String(out.length + 1).padStart(4, '0')}`, kind, name, unitCode, address, capacity });
  };
  const districts = districtsOf(input.communes);
  const capital = districts.find((d) => d.name.startsWith('Thành phố')) ?? districts[0];
  if (capital === undefined) throw new RangeError('communes must not be empty');

  const capitalSeat = capital.communes.find((c) => communeKind(c.name) === 'ward') ?? capital.communes[0]!;
  add(
    'provincial_hospital',
    PROVINCIAL_HOSPITAL[input.provinceCode] ?? 'Bệnh viện Đa khoa tỉnh',
    capital.code,
    `${normalizeText(capitalSeat.name)}, ${capital.name}`,
    1000,
  );

  for (const d of districts) {
    const seat = d.communes.find((c) => communeKind(c.name) !== 'rural') ?? d.communes[0]!;
    const seatAddress = `${normalizeText(seat.name)}, ${d.name}`;
    add('district_health_centre', `Trung tâm Y tế ${lowerUnitType(d.name)}`, d.code, seatAddress, null);
    if (d !== capital) {
      add(
        'district_hospital',
        `Bệnh viện Đa khoa ${lowerUnitType(d.name)}`,
        d.code,
        seatAddress,
        rng.int(10, 25) * 10,
      );
    }
    add('test_site', `Điểm xét nghiệm Trung tâm Y tế ${lowerUnitType(d.name)}`, seat.code, seatAddress, null);
  }

  for (const d of districts) {
    for (const c of d.communes) {
      const address = `${normalizeText(c.name)}, ${d.name}`;
      add('commune_health_station', `Trạm Y tế ${normalizeText(c.name)}`, c.code, address, null);
    }
  }

  // Vaccination at a school in about one commune in three; mobile test sites in about one in six.
  for (const d of districts) {
    for (const c of d.communes) {
      const address = `${normalizeText(c.name)}, ${d.name}`;
      if (rng.chance(0.33)) {
        const school = rng.pick(['Trường Tiểu học', 'Trường THCS', 'Trường THPT']);
        add('vaccination_site', `Điểm tiêm chủng ${school} ${bareName(c.name)}`, c.code, address, null);
      }
      if (rng.chance(0.16))
        add('test_site', `Điểm xét nghiệm lưu động ${normalizeText(c.name)}`, c.code, address, null);
    }
  }

  // A few centralised quarantine facilities (schools and barracks were used in 2021).
  const quarantineCount = Math.max(1, Math.round(districts.length / 2));
  const chosen = districts.filter((_, i) => i % 2 === 0).slice(0, quarantineCount);
  for (const d of chosen) {
    const seat = d.communes[rng.int(0, d.communes.length - 1)]!;
    const place = rng.pick(['Trường Cao đẳng', 'Ký túc xá', 'Trường THPT', 'Doanh trại quân sự']);
    add(
      'quarantine_facility',
      `Khu cách ly tập trung ${lowerUnitType(d.name)} (${place})`,
      d.code,
      `${normalizeText(seat.name)}, ${d.name}`,
      rng.int(6, 40) * 10,
    );
  }
  return out;
}
