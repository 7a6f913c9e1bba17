/**
 * The serial interval each disease's Rt and forecasts use. No policy key carries one yet (the
 * POLICY_KEYS catalogue has none), so these are documented defaults with their sources; a disease
 * without one is refused rather than given a guess.
 */
import { AppError, findDisease } from '@epilink/core';

/** A parametric serial interval (discretised gamma, EpiEstim `parametric_si`) and where it comes from. */
export interface SerialIntervalDefault {
  mean: number;
  sd: number;
  /** Citation, or "assumption: …" where no published estimate was used as is. */
  source: string;
}

/** Defaults by disease code (`core/src/diseases/definitions.ts`). */
export const SERIAL_INTERVAL_DEFAULTS: Readonly<Record<string, SerialIntervalDefault>> = {
  'COVID-19': {
    mean: 4.7,
    sd: 2.9,
    source: 'Nishiura, Linton & Akhmetzhanov (2020), Int J Infect Dis 93:284–286',
  },
  MEASLES: {
    mean: 11.7,
    sd: 2.0,
    source: 'Vink, Bootsma & Wallinga (2014), Am J Epidemiol 180(9):865–875',
  },
  DENGUE: {
    mean: 16,
    sd: 5,
    source:
      'Aldstadt et al. (2012), Trop Med Int Health 17(9):1076–1085 (15–17 days between linked cases); sd 5 is an assumption',
  },
  HFMD: {
    mean: 4,
    sd: 2,
    source: 'assumption: incubation 3–6 days (WHO WPRO HFMD guide, 2011) plus a short infectious lag',
  },
};

/** The serial interval of a disease, or a translated 400 for a disease without one. */
export function serialIntervalFor(disease: string): SerialIntervalDefault & { disease: string } {
  const known = findDisease(disease);
  const si = known ? SERIAL_INTERVAL_DEFAULTS[known.code] : undefined;
  if (!known || !si) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'disease', messageKey: 'analyticsWeb.errors.disease', params: { disease } }],
    });
  }
  return { ...si, disease: known.code };
}
