/**
 * What can be imported from a spreadsheet: one catalogue of kinds (people, households, test
 * results, doses, cases, contacts, venues), each with its fields, their value type, the header
 * words officials write for them (Vietnamese or English, matched tone-insensitively) and the
 * fields whose folded values make the row key (the same row again adds nothing).
 */

/** The kinds of file the import machinery knows. */
export const IMPORT_KINDS = [
  'people',
  'households',
  'testResults',
  'doses',
  'cases',
  'contacts',
  'venues',
] as const;

/** One import kind. */
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Code lists a field may draw from (a template carries them as data-validation lists). */
export type CodeList = 'units' | 'vaccines' | 'testTypes' | 'outcomes' | 'sexes' | 'diseases';

/** How a cell's value is read. */
export type FieldType =
  'text' | 'name' | 'date' | 'cccd' | 'phone' | 'sex' | 'integer' | 'decimal' | { code: CodeList };

/** One importable field. */
export interface ImportField {
  key: string;
  type: FieldType;
  required: boolean;
  /** Header words besides the catalogue labels (folded when matched). */
  aliases: readonly string[];
  /** For text: the longest value kept. */
  maxLength?: number;
}

/** One kind: its fields and its row key. */
export interface ImportKindDef {
  kind: ImportKind;
  fields: readonly ImportField[];
  /** The row key: the first group whose fields are all filled decides (e.g. CCCD, else name + birth + commune). */
  rowKey: readonly (readonly string[])[];
}

const f = (
  key: string,
  type: FieldType,
  required: boolean,
  aliases: readonly string[],
  maxLength?: number,
): ImportField => ({ key, type, required, aliases, ...(maxLength ? { maxLength } : {}) });

const PERSON_FIELDS: readonly ImportField[] = [
  f('fullName', 'name', true, ['ho ten', 'ho va ten', 'ten', 'name', 'full name'], 160),
  f('dateOfBirth', 'date', true, ['ngay sinh', 'ngay thang nam sinh', 'nam sinh', 'dob', 'birth date']),
  f('sex', 'sex', false, ['gioi tinh', 'gioi', 'sex', 'gender']),
  f('cccd', 'cccd', false, ['cccd', 'so cccd', 'can cuoc', 'can cuoc cong dan', 'so dinh danh', 'id number']),
  f('phone', 'phone', false, ['dien thoai', 'so dien thoai', 'sdt', 'dt', 'phone', 'mobile']),
  f('address', 'text', false, ['dia chi', 'noi o', 'address'], 300),
  f('communeCode', { code: 'units' }, true, ['ma xa', 'xa phuong', 'ma don vi', 'commune', 'commune code']),
];

const KINDS: readonly ImportKindDef[] = [
  {
    kind: 'people',
    fields: [...PERSON_FIELDS, f('householdCode', 'text', false, ['ma ho', 'so ho', 'household'], 40)],
    rowKey: [['cccd'], ['fullName', 'dateOfBirth', 'communeCode']],
  },
  {
    kind: 'households',
    fields: [
      f('householdCode', 'text', true, ['ma ho', 'so ho', 'household', 'household code'], 40),
      f('headName', 'name', true, ['chu ho', 'ten chu ho', 'head', 'head of household'], 160),
      f('address', 'text', true, ['dia chi', 'address'], 300),
      f('communeCode', { code: 'units' }, true, ['ma xa', 'xa phuong', 'commune', 'commune code']),
      f('phone', 'phone', false, ['dien thoai', 'sdt', 'phone']),
    ],
    rowKey: [['communeCode', 'householdCode']],
  },
  {
    kind: 'testResults',
    fields: [
      // The lab CSV's columns too (barcode, outcome, ct, resulted_at; ma_mau, ket_qua, ngay_kq).
      f('barcode', 'text', true, ['ma mau', 'ma vach', 'barcode', 'specimen', 'specimen barcode'], 40),
      f('testType', { code: 'testTypes' }, false, ['loai xet nghiem', 'test type']),
      f('outcome', { code: 'outcomes' }, true, ['ket qua', 'result', 'outcome']),
      f('ct', 'decimal', false, ['ct', 'gia tri ct', 'ct value']),
      f('resultedAt', 'date', true, [
        'ngay tra ket qua',
        'ngay ket qua',
        'ngay kq',
        'result date',
        'resulted',
        'resulted at',
      ]),
    ],
    // The same result again is a duplicate; another outcome for the specimen reaches the lab checks
    // (and is refused there as a conflicting result), it is not skipped as "already imported".
    rowKey: [['barcode', 'outcome']],
  },
  {
    kind: 'doses',
    fields: [
      ...PERSON_FIELDS,
      f('vaccineCode', { code: 'vaccines' }, true, ['vac xin', 'ma vac xin', 'loai vac xin', 'vaccine']),
      f('doseNumber', 'integer', true, ['mui', 'mui so', 'mui thu', 'dose', 'dose number']),
      f('date', 'date', true, ['ngay tiem', 'ngay', 'date', 'vaccination date']),
      f('facilityCode', 'text', false, ['co so tiem', 'ma co so', 'facility'], 40),
      f('lotNumber', 'text', false, ['so lo', 'lo', 'lot', 'lot number'], 60),
    ],
    rowKey: [
      ['cccd', 'vaccineCode', 'doseNumber'],
      ['fullName', 'dateOfBirth', 'communeCode', 'vaccineCode', 'doseNumber'],
    ],
  },
  {
    kind: 'cases',
    fields: [
      ...PERSON_FIELDS,
      f('disease', { code: 'diseases' }, true, ['benh', 'ma benh', 'disease']),
      f('onsetDate', 'date', false, ['ngay khoi phat', 'khoi phat', 'onset', 'onset date']),
      f('reportDate', 'date', true, ['ngay bao cao', 'ngay phat hien', 'report date', 'reported']),
    ],
    rowKey: [
      ['cccd', 'disease', 'reportDate'],
      ['fullName', 'dateOfBirth', 'communeCode', 'disease', 'reportDate'],
    ],
  },
  {
    kind: 'contacts',
    fields: [
      f('caseCode', 'text', true, ['ma ca benh', 'ca benh', 'ma f0', 'case', 'case code'], 40),
      ...PERSON_FIELDS.filter((p) => p.key !== 'dateOfBirth'),
      f('dateOfBirth', 'date', false, ['ngay sinh', 'nam sinh', 'dob', 'birth date']),
      f('lastContactDate', 'date', true, ['ngay tiep xuc', 'tiep xuc lan cuoi', 'last contact']),
    ],
    rowKey: [
      ['caseCode', 'fullName', 'phone'],
      ['caseCode', 'fullName', 'communeCode'],
    ],
  },
  {
    kind: 'venues',
    fields: [
      f('venueName', 'text', true, ['ten dia diem', 'ten co so', 'dia diem', 'venue', 'venue name'], 200),
      f('address', 'text', true, ['dia chi', 'address'], 300),
      f('communeCode', { code: 'units' }, true, ['ma xa', 'xa phuong', 'commune', 'commune code']),
      f('category', 'text', false, ['loai hinh', 'loai', 'category'], 80),
    ],
    rowKey: [['communeCode', 'venueName', 'address']],
  },
];

/** The definition of one kind. */
export function importKind(kind: ImportKind): ImportKindDef {
  const def = KINDS.find((k) => k.kind === kind);
  if (!def) throw new RangeError(`unknown import kind ${kind}`);
  return def;
}

/** True for a known kind name. */
export function isImportKind(value: string): value is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(value);
}
