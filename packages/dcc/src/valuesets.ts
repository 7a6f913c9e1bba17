/**
 * Display names from the official value sets (release 2.12.0), shipped in `../schema/valuesets/`.
 */
import countries from '../schema/valuesets/country-2-codes.json' with { type: 'json' };
import diseases from '../schema/valuesets/disease-agent-targeted.json' with { type: 'json' };
import testResults from '../schema/valuesets/test-result.json' with { type: 'json' };
import testTypes from '../schema/valuesets/test-type.json' with { type: 'json' };
import manufacturers from '../schema/valuesets/vaccine-mah-manf.json' with { type: 'json' };
import products from '../schema/valuesets/vaccine-medicinal-product.json' with { type: 'json' };
import prophylaxis from '../schema/valuesets/vaccine-prophylaxis.json' with { type: 'json' };

interface ValueSetFile {
  valueSetValues: Record<string, { display: string }>;
}

const VALUE_SETS = {
  country: countries,
  disease: diseases,
  testResult: testResults,
  testType: testTypes,
  vaccineManufacturer: manufacturers,
  vaccineProduct: products,
  vaccineProphylaxis: prophylaxis,
} satisfies Record<string, ValueSetFile>;

/** The value sets shipped. */
export type ValueSetName = keyof typeof VALUE_SETS;

/** The display name of a code, or the code itself when the value set does not know it. */
export function displayName(valueSet: ValueSetName, code: string): string {
  const values: ValueSetFile['valueSetValues'] = VALUE_SETS[valueSet].valueSetValues;
  return Object.hasOwn(values, code) ? (values[code]?.display ?? code) : code;
}
