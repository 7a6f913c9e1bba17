/**
 * Diseases the product can run a response for. COVID-19 comes first; the others show that the
 * platform is not COVID-only. Epidemiological parameters are public textbook defaults (WHO / MoH
 * guidance ranges) that officials can change; they are configuration, not rules in code.
 */

export type TestType = 'rtPcr' | 'rapidAntigen' | 'ns1Antigen' | 'igmElisa' | 'iggElisa' | 'virusCulture';

/** Infectious-disease group under Vietnam's Law on Prevention of Infectious Diseases (2007). */
export type NotifiableGroup = 'A' | 'B' | 'C';

export interface DiseaseDefinition {
  /** Stable product code, e.g. 'COVID-19'. */
  code: string;
  /** ICD-10 codes (first = main). */
  icd10: string[];
  /** SNOMED CT concept (the EU DCC `disease-agent-targeted` value set uses it for COVID-19). */
  snomed: string;
  names: { vi: string; en: string };
  transmission: 'respiratory' | 'vector' | 'contact' | 'fecalOral';
  /** How far back contact tracing looks from onset (days); null when contacts are not traced. */
  contactWindowDays: number | null;
  incubationDays: { min: number; typical: number; max: number };
  notifiable: boolean;
  /** The group today (the last entry of `notifiableGroupHistory` when it is given). */
  notifiableGroup: NotifiableGroup | null;
  /** Dated changes of the group, oldest first (e.g. COVID-19: A from 2020, B from 20/10/2023). */
  notifiableGroupHistory?: readonly { from: string; group: NotifiableGroup; source: string }[];
  testTypes: TestType[];
  vaccinePreventable: boolean;
  /** True while these are the shipped defaults, not yet reviewed by the province. */
  isDefault: boolean;
  note?: string;
}

/** The shipped disease catalogue. */
export const DEFAULT_DISEASES: readonly DiseaseDefinition[] = [
  {
    code: 'COVID-19',
    icd10: ['U07.1', 'U07.2'],
    snomed: '840539006',
    names: { vi: 'COVID-19 (viêm đường hô hấp cấp do SARS-CoV-2)', en: 'COVID-19' },
    transmission: 'respiratory',
    contactWindowDays: 14,
    incubationDays: { min: 2, typical: 5, max: 14 },
    notifiable: true,
    notifiableGroup: 'B',
    notifiableGroupHistory: [
      { from: '2020-01-29', group: 'A', source: '219/QĐ-BYT' },
      { from: '2023-10-20', group: 'B', source: '3896/QĐ-BYT' },
    ],
    testTypes: ['rtPcr', 'rapidAntigen'],
    vaccinePreventable: true,
    isDefault: true,
    note: 'Case, contact and quarantine rules are versioned policy data (policy/defaultPolicies.ts).',
  },
  {
    code: 'DENGUE',
    icd10: ['A90', 'A91'],
    snomed: '38362002',
    names: { vi: 'Sốt xuất huyết Dengue', en: 'Dengue fever' },
    transmission: 'vector',
    contactWindowDays: null,
    incubationDays: { min: 3, typical: 6, max: 14 },
    notifiable: true,
    notifiableGroup: 'B',
    testTypes: ['ns1Antigen', 'igmElisa', 'rtPcr'],
    vaccinePreventable: false,
    isDefault: true,
    note: 'Mosquito-borne: the response maps case clusters and vector control, not person contacts.',
  },
  {
    code: 'MEASLES',
    icd10: ['B05'],
    snomed: '14189004',
    names: { vi: 'Sởi', en: 'Measles' },
    transmission: 'respiratory',
    contactWindowDays: 21,
    incubationDays: { min: 7, typical: 11, max: 21 },
    notifiable: true,
    notifiableGroup: 'B',
    testTypes: ['igmElisa', 'rtPcr'],
    vaccinePreventable: true,
    isDefault: true,
    note: 'Infectious from 4 days before to 4 days after rash onset.',
  },
  {
    code: 'HFMD',
    icd10: ['B08.4'],
    snomed: '266108008',
    names: { vi: 'Tay chân miệng', en: 'Hand, foot and mouth disease' },
    transmission: 'contact',
    contactWindowDays: 7,
    incubationDays: { min: 3, typical: 5, max: 7 },
    notifiable: true,
    notifiableGroup: 'B',
    testTypes: ['rtPcr', 'virusCulture'],
    vaccinePreventable: false,
    isDefault: true,
    note: 'Mostly children under 5; enterovirus 71 causes the severe forms.',
  },
];

/** The disease with this code (case-insensitive), or undefined. */
export function findDisease(
  code: string,
  diseases: readonly DiseaseDefinition[] = DEFAULT_DISEASES,
): DiseaseDefinition | undefined {
  const wanted = code.trim().toUpperCase();
  return diseases.find((d) => d.code.toUpperCase() === wanted);
}

/** The disease an ICD-10 code belongs to ("A91" → dengue, "U07.1" → COVID-19), or undefined. */
export function diseaseForIcd10(
  icd10: string,
  diseases: readonly DiseaseDefinition[] = DEFAULT_DISEASES,
): DiseaseDefinition | undefined {
  const wanted = icd10.trim().toUpperCase();
  return diseases.find((d) => d.icd10.some((c) => wanted === c || wanted.startsWith(`${c}.`)));
}

/**
 * The notifiable group of a disease on a date (YYYY-MM-DD): the latest dated entry on or before
 * it; without a history, the undated `notifiableGroup`; null before the first dated entry.
 */
export function notifiableGroupOn(disease: DiseaseDefinition, onDate: string): NotifiableGroup | null {
  const history = disease.notifiableGroupHistory;
  if (!history || history.length === 0) return disease.notifiableGroup;
  let group: NotifiableGroup | null = null;
  for (const h of history) if (h.from <= onDate) group = h.group;
  return group;
}
