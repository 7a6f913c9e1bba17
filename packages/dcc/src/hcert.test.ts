import { describe, expect, it } from 'vitest';
import encodingInstructions from '../schema/valuesets/vaccine-encoding-instructions.json' with { type: 'json' };
import {
  VACCINE_PRODUCTS,
  buildVaccinationCertificate,
  certificateTypeOf,
  makeUvci,
  transliterate,
  uvciChecksum,
} from './hcert.ts';
import { validateSchema } from './schema.ts';

describe('transliterate (ICAO 9303 Part 3, Latin letters)', () => {
  it.each([
    ['Nguyễn Văn Đức', 'NGUYEN<VAN<DUC'],
    ['Trần Thị Ánh', 'TRAN<THI<ANH'],
    ['Phạm Thị Ngọc Hương', 'PHAM<THI<NGOC<HUONG'],
    ['Lưu Ơn', 'LUU<ON'],
    ['đặng', 'DANG'],
    ['Smith-Jones', 'SMITH<JONES'],
    // The official Austrian test certificate (dcc-testdata common/DGC5) writes it so.
    ['Musterfrau-Gößinger', 'MUSTERFRAU<GOESSINGER'],
    ["D'Arcy", 'DARCY'],
    ['Søren Kierkegaard', 'SOEREN<KIERKEGAARD'],
    ['Ærøskøbing', 'AEROESKOEBING'],
    ['Þórður', 'THORDUR'],
    ['Guðrún Ðorđević', 'GUDRUN<DORDEVIC'],
    ['Łukasz Wałęsa', 'LUKASZ<WALESA'],
    ['Straße', 'STRASSE'],
    ['Jürgen Müller', 'JUERGEN<MUELLER'],
    ['Ängström Öberg', 'AENGSTROEM<OEBERG'],
    ['Åsa', 'AASA'],
    ['Œuvre', 'OEUVRE'],
    ['Ĳsselmeer', 'IJSSELMEER'],
    ['Ħamrun', 'HAMRUN'],
    ['Şükrü Çağlar', 'SUEKRUE<CAGLAR'],
    ['Ñúñez', 'NUNEZ'],
    ['Dvořák', 'DVORAK'],
    ['Ju\u0308rgen', 'JUERGEN'],
    ['  Anna  -  Maria  ', 'ANNA<MARIA'],
  ])('%s → %s', (name, expected) => {
    expect(transliterate(name)).toBe(expected);
  });
});

describe('UVCI', () => {
  it('makes a VN identifier with a Luhn mod 38 check character', () => {
    const uvci = makeUvci('EPILINK/2021/42');
    expect(uvci).toMatch(/^URN:UVCI:01:VN:EPILINK\/2021\/42#[0-9A-Z/:]$/);
    const [body = '', check] = uvci.split('#');
    expect(uvciChecksum(body)).toBe(check);
  });
  it('detects a changed character', () => {
    expect(uvciChecksum('URN:UVCI:01:VN:ABC1')).not.toBe(uvciChecksum('URN:UVCI:01:VN:ABC2'));
  });
  it('rejects characters outside the UVCI set', () => {
    expect(() => makeUvci('abc')).toThrow(RangeError);
  });
});

describe('builders', () => {
  const holder = { familyName: 'Lê', givenName: 'Thị Hoa', dateOfBirth: '1990' };
  it.each([
    'EU/1/20/1528',
    'EU/1/20/1507',
    'EU/1/21/1529',
    'EU/1/20/1525',
    'BBIBP-CorV',
    'Sputnik-V',
    'Abdala',
    'Hayat-Vax',
  ] as const)('builds a schema-valid vaccination with %s', (product) => {
    const hcert = buildVaccinationCertificate(holder, {
      product,
      doseNumber: 1,
      totalDoses: 2,
      date: '2021-08-01',
      issuerName: 'Ministry of Health',
      uvci: makeUvci('X1'),
    });
    expect(validateSchema(hcert)).toEqual([]);
    expect(hcert.ver).toBe('1.3.0');
    expect(hcert.v?.[0]).toMatchObject({ tg: '840539006', mp: product, co: 'VN' });
    expect(certificateTypeOf(hcert as unknown as Record<string, unknown>)).toBe('v');
  });
});

describe('vaccine prophylaxis codes (#10.14)', () => {
  it('every product carries a vp the eHN encoding instructions allow for it, and its ma', () => {
    const instructions = Object.values(encodingInstructions.valueSetValues) as {
      'vaccine-code': string;
      'vaccine-manufacturer': string;
      'sct-codes': string[];
    }[];
    for (const [mp, product] of Object.entries(VACCINE_PRODUCTS)) {
      const rule = instructions.find((i) => i['vaccine-code'] === mp);
      expect(rule, mp).toBeDefined();
      expect(rule!['sct-codes'], mp).toContain(product.vp);
      expect(rule!['vaccine-manufacturer'], mp).toBe(product.ma);
    }
  });
  it('vector vaccines are not encoded as the generic antigen vaccine 1119305005', () => {
    for (const mp of ['EU/1/21/1529', 'EU/1/20/1525', 'Sputnik-V', 'Abdala'] as const)
      expect(VACCINE_PRODUCTS[mp].vp).not.toBe('1119305005');
  });
});
