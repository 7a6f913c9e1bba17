/**
 * Vaccine products and their schedules as versioned data. Codes are the EU DCC value sets:
 * `mp` (vaccine-medicinal-product), `ma` (vaccine-mah-manf), `vp` (vaccine-prophylaxis) and the
 * target disease `tg` (disease-agent-targeted, SNOMED CT). A new product or a changed schedule is
 * a new catalogue entry with a later `effectiveFrom`, never an edit of an old one.
 */

/** SNOMED CT code of COVID-19 (DCC `tg`). */
export const DISEASE_COVID19 = '840539006';

/** A product's schedule: primary series, minimum intervals and the booster rule. */
export interface VaccineSchedule {
  /** Doses in the primary series (1 for Janssen). */
  primaryDoses: number;
  /** Minimum days between dose i and dose i+1 of the primary series (length primaryDoses − 1). */
  minIntervalDays: number[];
  /** Recommended days between primary doses (due dates use these; never below the minimum). */
  recommendedIntervalDays: number[];
  /** Days after the primary series is complete before a booster may be given (null: no booster). */
  boosterAfterDays: number | null;
  /** Number of booster doses foreseen. */
  boosterDoses: number;
  /** Youngest age (years) the product is licensed for. */
  minAgeYears: number;
}

/** One vaccine product with its schedule. */
export interface VaccineProduct {
  /** DCC `mp`. */
  code: string;
  name: string;
  /** The disease key of `core/diseases` (e.g. "covid19"). */
  disease: string;
  /** DCC `tg`. */
  targetDiseaseCode: string;
  /** DCC `vp`. */
  prophylaxisCode: string;
  /** DCC `ma`. */
  manufacturerCode: string;
  manufacturerName: string;
  schedule: VaccineSchedule;
}

/** A dated version of the catalogue. */
export interface VaccineCatalogueVersion {
  version: string;
  effectiveFrom: string;
  source: string;
  products: VaccineProduct[];
}

const twoDose = (min: number, recommended: number, minAge = 18): VaccineSchedule => ({
  primaryDoses: 2,
  minIntervalDays: [min],
  recommendedIntervalDays: [recommended],
  boosterAfterDays: 90,
  boosterDoses: 2,
  minAgeYears: minAge,
});

/**
 * The COVID-19 vaccines used in Viet Nam (MoH guidance 2021-2022: booster ≥ 3 months after the
 * primary series; AstraZeneca 8-12 weeks, Pfizer 3-4 weeks, Moderna 4 weeks, Sinopharm 3-4 weeks,
 * Sputnik V 3 weeks, Abdala 3 doses 14 days apart, Janssen a single dose).
 */
const CATALOGUE_2021: readonly VaccineCatalogueVersion[] = [
  {
    version: '2021-11',
    effectiveFrom: '2021-01-01',
    source: 'Bộ Y tế, Quyết định 3802/QĐ-BYT (2021) và hướng dẫn tiêm nhắc lại (2021-11)',
    products: [
      {
        code: 'EU/1/21/1529',
        name: 'Vaxzevria (AstraZeneca)',
        disease: 'covid19',
        targetDiseaseCode: DISEASE_COVID19,
        prophylaxisCode: '29061000087103',
        manufacturerCode: 'ORG-100001699',
        manufacturerName: 'AstraZeneca AB',
        schedule: twoDose(28, 56),
      },
      {
        code: 'EU/1/20/1528',
        name: 'Comirnaty (Pfizer-BioNTech)',
        disease: 'covid19',
        targetDiseaseCode: DISEASE_COVID19,
        prophylaxisCode: '1119349007',
        manufacturerCode: 'ORG-100030215',
        manufacturerName: 'Biontech Manufacturing GmbH',
        schedule: twoDose(21, 21, 5),
      },
      {
        code: 'EU/1/20/1507',
        name: 'Spikevax (Moderna)',
        disease: 'covid19',
        targetDiseaseCode: DISEASE_COVID19,
        prophylaxisCode: '1119349007',
        manufacturerCode: 'ORG-100031184',
        manufacturerName: 'Moderna Biotech Spain S.L.',
        schedule: twoDose(28, 28, 6),
      },
      {
        code: 'BBIBP-CorV',
        name: 'BBIBP-CorV (Sinopharm)',
        disease: 'covid19',
        targetDiseaseCode: DISEASE_COVID19,
        prophylaxisCode: '1157024006',
        manufacturerCode: 'ORG-100020693',
        manufacturerName: 'China Sinopharm International Corp. - Beijing location',
        schedule: twoDose(21, 28),
      },
      {
        code: 'Sputnik-V',
        name: 'Sputnik V (Gam-COVID-Vac)',
        disease: 'covid19',
        targetDiseaseCode: DISEASE_COVID19,
        prophylaxisCode: '29061000087103',
        manufacturerCode: 'Gamaleya-Research-Institute',
        manufacturerName: 'Gamaleya Research Institute',
        schedule: twoDose(21, 21),
      },
      {
        code: 'Abdala',
        name: 'Abdala (CIGB-66)',
        disease: 'covid19',
        targetDiseaseCode: DISEASE_COVID19,
        prophylaxisCode: '28531000087107',
        manufacturerCode: 'CIGB',
        manufacturerName: 'Center for Genetic Engineering and Biotechnology (CIGB)',
        schedule: {
          primaryDoses: 3,
          minIntervalDays: [14, 14],
          recommendedIntervalDays: [14, 14],
          boosterAfterDays: 90,
          boosterDoses: 1,
          minAgeYears: 18,
        },
      },
      {
        code: 'EU/1/20/1525',
        name: 'Jcovden (Janssen)',
        disease: 'covid19',
        targetDiseaseCode: DISEASE_COVID19,
        prophylaxisCode: '29061000087103',
        manufacturerCode: 'ORG-100001417',
        manufacturerName: 'Janssen-Cilag International',
        schedule: {
          primaryDoses: 1,
          minIntervalDays: [],
          recommendedIntervalDays: [],
          boosterAfterDays: 60,
          boosterDoses: 2,
          minAgeYears: 18,
        },
      },
    ],
  },
];

/**
 * Hayat-Vax (Gulf Pharmaceutical Industries / Julphar, UAE): an inactivated vaccine given on the
 * Sinopharm schedule (DOMAIN.md); DCC `mp` "Hayat-Vax", `ma` ORG-100023050, `vp` 1157024006 as the
 * eHN encoding instructions allow.
 */
const HAYAT_VAX: VaccineProduct = {
  code: 'Hayat-Vax',
  name: 'Hayat-Vax (Julphar)',
  disease: 'covid19',
  targetDiseaseCode: DISEASE_COVID19,
  prophylaxisCode: '1157024006',
  manufacturerCode: 'ORG-100023050',
  manufacturerName: 'Gulf Pharmaceutical Industries',
  schedule: twoDose(21, 28),
};

/** The catalogue: the 2021 products, then Hayat-Vax added (a new version, the old one untouched). */
export const VACCINE_CATALOGUE: readonly VaccineCatalogueVersion[] = [
  ...CATALOGUE_2021,
  {
    version: '2021-09',
    effectiveFrom: '2021-09-01',
    source:
      'Bộ Y tế: phê duyệt có điều kiện vắc xin Hayat-Vax (9/2021; số quyết định và ngày cần xác minh), lịch tiêm như Sinopharm',
    products: [...CATALOGUE_2021[0]!.products, HAYAT_VAX],
  },
];

/** The catalogue version in force on a date (the latest whose effectiveFrom ≤ date). */
export function catalogueOn(date: string, catalogue = VACCINE_CATALOGUE): VaccineCatalogueVersion {
  let found: VaccineCatalogueVersion | undefined;
  for (const v of catalogue)
    if (v.effectiveFrom <= date && (!found || v.effectiveFrom > found.effectiveFrom)) found = v;
  const first = catalogue[0];
  if (!found && !first) throw new Error('empty vaccine catalogue');
  return found ?? first!;
}

/** A product by its DCC `mp` code in a catalogue version, or undefined. */
export function findProduct(code: string, version: VaccineCatalogueVersion): VaccineProduct | undefined {
  return version.products.find((p) => p.code === code);
}
