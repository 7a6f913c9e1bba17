/**
 * Identifiers that are unique within one generated province and consistent with the person:
 * CCCD (12 digits: province of registration, century/sex digit, 2-digit birth year, 6 digits),
 * old CMND (9 digits), passport, and mobile numbers. The free digits come from a per-bucket
 * counter run through a keyed permutation (a small Feistel network), so numbers look scattered
 * yet never collide, and stay deterministic.
 */
import type { Rng } from './rng.ts';
import { WeightedTable, deriveSeed } from './rng.ts';
import type { DemoSex } from './types.ts';

/** Century/sex digit of a CCCD: 0/1 = 1900s male/female, 2/3 = 2000s male/female. */
export function cccdCenturySexDigit(sex: DemoSex, birthYear: number): number {
  const century = Math.floor(birthYear / 100) - 19; // 1900s → 0, 2000s → 1, 2100s → 2
  return century * 2 + (sex === 'female' ? 1 : 0);
}

/**
 * Provinces of birth registration for people living in the province, as CCCD prefixes:
 * mostly the home province, otherwise neighbours and Ho Chi Minh City (illustrative shares).
 */
function birthProvinceTable(provinceCode: string): WeightedTable<string> {
  const home = provinceCode.padStart(3, '0');
  const others: [string, number][] = [
    ['079', 3], // Ho Chi Minh City
    ['080', 1.5], // Long An
    ['082', 2], // Tiền Giang
    ['084', 1.5], // Trà Vinh
    ['086', 1], // Vĩnh Long
    ['087', 1], // Đồng Tháp
    ['001', 0.5], // Hà Nội
  ];
  return WeightedTable.of<string>([[home, 89.5], ...others.filter(([code]) => code !== home)]);
}

/** Mobile prefixes (Viettel, Vinaphone, MobiFone, Vietnamobile, Gmobile) with rough market weights. */
const MOBILE_PREFIXES = WeightedTable.of<string>([
  ...['032', '033', '034', '035', '036', '037', '038', '039', '086', '096', '097', '098'].map(
    (p) => [p, 4.2] as const,
  ),
  ...['081', '082', '083', '084', '085', '088', '091', '094'].map((p) => [p, 3.3] as const),
  ...['070', '076', '077', '078', '079', '089', '090', '093'].map((p) => [p, 2.2] as const),
  ...['052', '056', '058', '092'].map((p) => [p, 0.6] as const),
  ...['059', '099'].map((p) => [p, 0.3] as const),
]);

/** Old CMND prefixes by CCCD province (the first two digits; illustrative, unverified). */
const CMND_PREFIX: Readonly<Record<string, string>> = {
  '083': '32',
  '079': '02',
  '080': '30',
  '082': '31',
  '084': '33',
  '086': '33',
  '087': '34',
  '001': '01',
};

/** murmur3's 32-bit finaliser: a cheap, well-mixing round function. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

interface Bucket {
  count: number;
  keys: [number, number, number, number];
}

/**
 * Unique scattered numbers of `digits` digits per bucket (up to 10^digits per bucket): the
 * bucket's counter goes through a 4-round Feistel permutation on the smallest even number of bits
 * that covers 10^digits, cycle-walking until the value fits. A bijection, so never a collision,
 * and consecutive counters give unrelated-looking numbers.
 */
class UniqueDigits {
  private readonly buckets = new Map<string, Bucket>();
  private readonly modulus: number;
  private readonly halfBits: number;
  private readonly mask: number;

  constructor(
    private readonly seed: number,
    private readonly digits: number,
  ) {
    this.modulus = 10 ** digits;
    this.halfBits = Math.ceil(Math.ceil(Math.log2(this.modulus)) / 2);
    this.mask = (1 << this.halfBits) - 1;
  }

  private permute(x: number, keys: readonly number[]): number {
    let l = x >>> this.halfBits;
    let r = x & this.mask;
    for (const k of keys) {
      const f = fmix32(r ^ k) & this.mask;
      const next = l ^ f;
      l = r;
      r = next;
    }
    return (l << this.halfBits) | r;
  }

  next(bucketName: string): string {
    let bucket = this.buckets.get(bucketName);
    if (bucket === undefined) {
      const h = deriveSeed(this.seed, bucketName);
      bucket = { count: 0, keys: [fmix32(h), fmix32(h + 1), fmix32(h + 2), fmix32(h + 3)] };
      this.buckets.set(bucketName, bucket);
    }
    if (bucket.count >= this.modulus) throw new RangeError(`Identifier space exhausted for ${bucketName}`);
    let value = bucket.count++;
    do value = this.permute(value, bucket.keys);
    while (value >= this.modulus);
    return String(value).padStart(this.digits, '0');
  }
}

/** Allocates all identifiers for one generation run. */
export class IdAllocator {
  private readonly cccdDigits: UniqueDigits;
  private readonly cmndDigits: UniqueDigits;
  private readonly passportDigits: UniqueDigits;
  private readonly phoneDigits: UniqueDigits;
  private readonly provinces: WeightedTable<string>;
  private readonly home: string;

  /** One allocator per run; `seed` scatters the numbers, `provinceCode` is the home province. */
  constructor(seed: number, provinceCode: string) {
    this.cccdDigits = new UniqueDigits(deriveSeed(seed, 'cccd'), 6);
    this.cmndDigits = new UniqueDigits(deriveSeed(seed, 'cmnd'), 7);
    this.passportDigits = new UniqueDigits(deriveSeed(seed, 'passport'), 7);
    this.phoneDigits = new UniqueDigits(deriveSeed(seed, 'phone'), 7);
    this.provinces = birthProvinceTable(provinceCode);
    this.home = provinceCode.padStart(3, '0');
  }

  /** Draw the 3-digit province of birth registration. */
  birthProvince(rng: Rng): string {
    return this.provinces.sample(rng);
  }

  /** A CCCD consistent with sex and birth year, registered in `province` (3 digits). */
  cccd(province: string, sex: DemoSex, birthYear: number): string {
    const head = `${province}${cccdCenturySexDigit(sex, birthYear)}${String(birthYear % 100).padStart(2, '0')}`;
    return head + this.cccdDigits.next(head);
  }

  /** A 9-digit old ID card number for someone registered in `province`. */
  cmnd(province: string): string {
    const prefix = CMND_PREFIX[province] ?? CMND_PREFIX[this.home] ?? '32';
    return prefix + this.cmndDigits.next(prefix);
  }

  /** A passport number: a letter and 7 digits (Vietnamese passports since 2011: 'C' + 7). */
  passport(): string {
    return `C${this.passportDigits.next('C')}`;
  }

  /** A canonical 10-digit mobile number '0…'. */
  phone(rng: Rng): string {
    const prefix = MOBILE_PREFIXES.sample(rng);
    return prefix + this.phoneDigits.next(prefix);
  }
}
