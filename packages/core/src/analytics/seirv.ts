/**
 * Scenarios (issue #14 item 4): an age-structured SEIRV model, integrated deterministically by
 * fourth-order Runge–Kutta with a fixed step, seeded from the current state of a unit.
 *
 * Per age band i (the product's AGE_BANDS):
 *   dS/dt = −λ_i S_i − v_i          dE/dt = λ_i S_i − σ E_i       dI/dt = σ E_i − γ I_i
 *   dR/dt = γ I_i                    dV/dt = v_i
 *   λ_i  = β (1 − contactReduction) Σ_j C_ij (1 − testing · isolationEffect) I_j / N_j
 * where C_ij is the mean number of daily contacts a person in band i has with people of band j,
 * σ = 1 / latent period, γ = 1 / infectious period, β is calibrated so that the next-generation
 * matrix K_ij = β C_ij N_i / (N_j γ) of a fully susceptible population has spectral radius R0.
 * Vaccination (all-or-nothing): `pace` doses a day go to susceptible people of every band in
 * proportion to their number; a share `vaccineEffectiveness` of them moves to V.
 * Testing: a share of infectious people is found and isolated earlier; each isolated person
 * transmits `isolationEffect` less (default 0.5: isolated half-way through the infectious period).
 * Pure: no I/O, no clock, no randomness.
 */
import { AGE_BANDS } from '../vaccination/coverage.ts';
import { refuse } from './errors.ts';

/**
 * Daily contacts between age bands (row: the person, column: the contact), AGE_BANDS order.
 * SOURCE: a documented simple assumption, not survey data (the repo holds no contact survey;
 * Prem et al. 2021, PLoS Comput Biol 17(7):e1009098, synthetic matrices for Vietnam, would
 * replace it). Shape: school-age children mix mostly with each other, working-age adults with
 * everyone, older people less. Only the relative shape matters: β is calibrated to R0.
 */
export const DEFAULT_CONTACT_MATRIX: readonly (readonly number[])[] = [
  [3.0, 1.0, 0.5, 3.0, 0.8, 0.5],
  [1.0, 6.0, 1.5, 2.5, 0.8, 0.4],
  [0.5, 1.5, 7.0, 2.5, 0.8, 0.3],
  [1.0, 1.0, 1.0, 7.0, 2.0, 0.8],
  [0.5, 0.5, 0.5, 3.5, 3.0, 1.0],
  [0.5, 0.4, 0.3, 2.0, 1.5, 2.0],
];
export const CONTACT_MATRIX_SOURCE =
  'assumption: assortative by age, children with children, adults with all (not survey data; Prem et al. 2021 for Vietnam would replace it)';

/** Disease parameters (all per day). */
export interface SeirvParameters {
  /** Basic reproduction number of a fully susceptible population without levers. */
  r0: number;
  latentDays: number;
  infectiousDays: number;
  /** Share of infections that become reported cases (0–1]. */
  ascertainment: number;
  /** Share of fully vaccinated people protected (0–1). */
  vaccineEffectiveness: number;
  /** How much less an isolated infectious person transmits (0–1). */
  isolationEffect: number;
  contactMatrix: readonly (readonly number[])[];
}

/** What an official can change. */
export interface SeirvLevers {
  /** Fraction of contacts removed (0–1). */
  contactReduction: number;
  /** Doses given per day (≥ 0). */
  vaccinationPerDay: number;
  /** Share of infectious people isolated earlier thanks to testing (0–1). */
  testing: number;
}

/** The unit's state today, per band (AGE_BANDS order). */
export interface SeirvSeed {
  population: readonly number[];
  /** Share of each band fully vaccinated (0–1). */
  coverage: readonly number[];
  /** Reported cases ever, per band. */
  cumulativeCases: readonly number[];
  /** Reported cases per day, all bands, oldest first, ending yesterday or today. */
  recentDailyCases: readonly number[];
}

export interface SeirvState {
  S: number[];
  E: number[];
  I: number[];
  R: number[];
  V: number[];
}

export interface SeirvDay {
  /** 1 = the first day after the seed. */
  day: number;
  newInfections: number;
  /** Expected reported cases: new infections × ascertainment. */
  cases: number;
  byBand: number[];
  /** People infectious at the end of the day. */
  infectious: number;
}

export const NO_LEVERS: SeirvLevers = { contactReduction: 0, vaccinationPerDay: 0, testing: 0 };

/** Largest eigenvalue (spectral radius) of a non-negative matrix by power iteration. */
export function spectralRadius(matrix: readonly (readonly number[])[]): number {
  const n = matrix.length;
  let v = new Array<number>(n).fill(1);
  let rho = 0;
  for (let it = 0; it < 2_000; it++) {
    const w = matrix.map((row) => row.reduce((sum, m, j) => sum + m * v[j]!, 0));
    const norm = Math.max(...w);
    if (!(norm > 0)) return 0;
    w.forEach((x, i) => (w[i] = x / norm));
    const done = Math.abs(norm - rho) < 1e-12 * norm;
    rho = norm;
    v = w;
    if (done) break;
  }
  return rho;
}

/** K_ij per unit of β: new infections in band i caused by one infectious person of band j. */
export function nextGenerationMatrix(
  contacts: readonly (readonly number[])[],
  population: readonly number[],
  infectiousDays: number,
  beta = 1,
): number[][] {
  return contacts.map((row, i) =>
    row.map((c, j) =>
      population[j]! > 0 ? (beta * c * population[i]! * infectiousDays) / population[j]! : 0,
    ),
  );
}

/** β giving the spectral radius R0 in a fully susceptible population. */
export function calibrateBeta(params: SeirvParameters, population: readonly number[]): number {
  const rho = spectralRadius(nextGenerationMatrix(params.contactMatrix, population, params.infectiousDays));
  return rho > 0 ? params.r0 / rho : 0;
}

function fraction(value: number, name: string, allowOne = true): void {
  if (!Number.isFinite(value) || value < 0 || value > 1 || (!allowOne && value === 1)) {
    refuse(name, 'parameter', { name });
  }
}

function checkInputs(seed: SeirvSeed, params: SeirvParameters, levers: SeirvLevers, days: number): void {
  const n = AGE_BANDS.length;
  const bands = (xs: readonly number[], name: string, max = Infinity): void => {
    if (xs.length !== n || !xs.every((x) => Number.isFinite(x) && x >= 0 && x <= max)) {
      refuse(name, 'parameter', { name });
    }
  };
  bands(seed.population, 'population');
  bands(seed.coverage, 'coverage', 1);
  bands(seed.cumulativeCases, 'cumulativeCases');
  if (!seed.recentDailyCases.every((x) => Number.isFinite(x) && x >= 0)) {
    refuse('recentDailyCases', 'parameter', { name: 'recentDailyCases' });
  }
  const m = params.contactMatrix;
  if (
    m.length !== n ||
    !m.every((row) => row.length === n && row.every((x) => Number.isFinite(x) && x >= 0))
  ) {
    refuse('contactMatrix', 'parameter', { name: 'contactMatrix' });
  }
  for (const [name, value] of [
    ['r0', params.r0],
    ['latentDays', params.latentDays],
    ['infectiousDays', params.infectiousDays],
  ] as const) {
    if (!Number.isFinite(value) || value <= 0 || value > 100) refuse(name, 'parameter', { name });
  }
  if (!(params.ascertainment > 0)) refuse('ascertainment', 'parameter', { name: 'ascertainment' });
  fraction(params.ascertainment, 'ascertainment');
  fraction(params.vaccineEffectiveness, 'vaccineEffectiveness');
  fraction(params.isolationEffect, 'isolationEffect');
  fraction(levers.contactReduction, 'contactReduction');
  fraction(levers.testing, 'testing');
  if (!Number.isFinite(levers.vaccinationPerDay) || levers.vaccinationPerDay < 0) {
    refuse('vaccinationPerDay', 'parameter', { name: 'vaccinationPerDay' });
  }
  if (!Number.isInteger(days) || days < 1 || days > 365) refuse('days', 'parameter', { name: 'days' });
}

/**
 * Today's compartments from surveillance data:
 * - I: the cases of the last `infectiousDays` days ÷ ascertainment; E: the mean daily cases of
 *   the last 3 days × latentDays ÷ ascertainment (both split over bands like the cumulative cases,
 *   or like the population when there were none);
 * - R: cumulative cases but those counted in I, ÷ ascertainment (capped at the band's population);
 * - V: coverage × vaccineEffectiveness of the people neither infectious nor recovered;
 * - S: the rest.
 */
export function seedState(seed: SeirvSeed, params: SeirvParameters): SeirvState {
  const n = AGE_BANDS.length;
  const recent = seed.recentDailyCases;
  const tail = (k: number): number => recent.slice(Math.max(0, recent.length - k)).reduce((a, b) => a + b, 0);
  const infectiousCases = tail(Math.max(1, Math.round(params.infectiousDays)));
  const infectiousTotal = infectiousCases / params.ascertainment;
  const last3 = Math.min(3, recent.length);
  const exposedTotal = last3 > 0 ? ((tail(3) / last3) * params.latentDays) / params.ascertainment : 0;
  const cumTotal = seed.cumulativeCases.reduce((a, b) => a + b, 0);
  const popTotal = seed.population.reduce((a, b) => a + b, 0);
  const weights = seed.population.map((p, i) =>
    cumTotal > 0 ? seed.cumulativeCases[i]! / cumTotal : popTotal > 0 ? p / popTotal : 0,
  );
  const pastShare = cumTotal > 0 ? Math.max(0, cumTotal - infectiousCases) / cumTotal : 0;
  const state: SeirvState = { S: [], E: [], I: [], R: [], V: [] };
  for (let i = 0; i < n; i++) {
    const N = seed.population[i]!;
    let left = N;
    const take = (x: number): number => {
      const got = Math.max(0, Math.min(left, x));
      left -= got;
      return got;
    };
    const I = take(infectiousTotal * weights[i]!);
    const E = take(exposedTotal * weights[i]!);
    // The cases still infectious are in I, not yet in R.
    const R = take((seed.cumulativeCases[i]! * pastShare) / params.ascertainment);
    const V = take(left * seed.coverage[i]! * params.vaccineEffectiveness);
    state.S.push(left);
    state.E.push(E);
    state.I.push(I);
    state.R.push(R);
    state.V.push(V);
  }
  return state;
}

interface Rates {
  beta: number;
  sigma: number;
  gamma: number;
  transmission: number;
  pace: number;
}

/** Derivatives of (S, E, I, R, V, cumulative infections) per band, flattened 6 × bands. */
function derivatives(
  y: Float64Array,
  n: number,
  N: readonly number[],
  C: readonly (readonly number[])[],
  k: Rates,
): Float64Array {
  const d = new Float64Array(y.length);
  let sTotal = 0;
  for (let i = 0; i < n; i++) sTotal += Math.max(0, y[i]!);
  const vaccinate = sTotal > 0 ? Math.min(k.pace, sTotal) / sTotal : 0;
  for (let i = 0; i < n; i++) {
    let pressure = 0;
    for (let j = 0; j < n; j++) if (N[j]! > 0) pressure += (C[i]![j]! * y[2 * n + j]!) / N[j]!;
    const S = Math.max(0, y[i]!);
    const infection = k.beta * k.transmission * pressure * S;
    const vacc = vaccinate * S;
    const E = y[n + i]!;
    const I = y[2 * n + i]!;
    d[i] = -infection - vacc;
    d[n + i] = infection - k.sigma * E;
    d[2 * n + i] = k.sigma * E - k.gamma * I;
    d[3 * n + i] = k.gamma * I;
    d[4 * n + i] = vacc;
    d[5 * n + i] = infection;
  }
  return d;
}

/** Integration step in days (fixed; 4 steps a day). */
export const SEIRV_STEP_DAYS = 0.25;

/**
 * Runs the model `days` days from `state`. Vaccination: doses × vaccineEffectiveness leave S;
 * the ineffective doses leave nobody (all-or-nothing), so only the protected are moved.
 */
export function runSeirv(
  seed: SeirvSeed,
  params: SeirvParameters,
  levers: SeirvLevers,
  days: number,
  state: SeirvState = seedState(seed, params),
): { days: SeirvDay[]; final: SeirvState; beta: number } {
  checkInputs(seed, params, levers, days);
  const n = AGE_BANDS.length;
  const N = seed.population;
  const beta = calibrateBeta(params, N);
  const rates: Rates = {
    beta,
    sigma: 1 / params.latentDays,
    gamma: 1 / params.infectiousDays,
    transmission: (1 - levers.contactReduction) * (1 - levers.testing * params.isolationEffect),
    pace: levers.vaccinationPerDay * params.vaccineEffectiveness,
  };
  let y = new Float64Array(6 * n);
  for (let i = 0; i < n; i++) {
    y[i] = state.S[i]!;
    y[n + i] = state.E[i]!;
    y[2 * n + i] = state.I[i]!;
    y[3 * n + i] = state.R[i]!;
    y[4 * n + i] = state.V[i]!;
  }
  const h = SEIRV_STEP_DAYS;
  const steps = Math.round(1 / h);
  const out: SeirvDay[] = [];
  const f = (v: Float64Array): Float64Array => derivatives(v, n, N, params.contactMatrix, rates);
  const axpy = (a: Float64Array, s: number, b: Float64Array): Float64Array => a.map((x, i) => x + s * b[i]!);
  for (let day = 1; day <= days; day++) {
    const before = y.slice(5 * n, 6 * n);
    for (let s = 0; s < steps; s++) {
      const k1 = f(y);
      const k2 = f(axpy(y, h / 2, k1));
      const k3 = f(axpy(y, h / 2, k2));
      const k4 = f(axpy(y, h, k3));
      y = y.map((x, i) => x + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
    }
    const byBand = Array.from({ length: n }, (_, i) => Math.max(0, y[5 * n + i]! - before[i]!));
    const newInfections = byBand.reduce((a, b) => a + b, 0);
    let infectious = 0;
    for (let i = 0; i < n; i++) infectious += y[2 * n + i]!;
    out.push({ day, newInfections, cases: newInfections * params.ascertainment, byBand, infectious });
  }
  const part = (k: number): number[] => Array.from(y.slice(k * n, (k + 1) * n));
  return { days: out, final: { S: part(0), E: part(1), I: part(2), R: part(3), V: part(4) }, beta };
}

/** One parameter as shown to the official: value and where it comes from. */
export interface Assumption {
  name: string;
  value: number | string;
  source: string;
}

/** The parameters and their sources, for the assumptions table. */
export function seirvAssumptions(
  params: SeirvParameters,
  sources: Partial<Record<keyof SeirvParameters, string>>,
): Assumption[] {
  const row = (name: keyof SeirvParameters, value: number | string, fallback: string): Assumption => ({
    name,
    value,
    source: sources[name] ?? fallback,
  });
  return [
    row('r0', params.r0, 'parameter'),
    row('latentDays', params.latentDays, 'parameter'),
    row('infectiousDays', params.infectiousDays, 'parameter'),
    row('ascertainment', params.ascertainment, 'parameter'),
    row('vaccineEffectiveness', params.vaccineEffectiveness, 'parameter'),
    row('isolationEffect', params.isolationEffect, 'parameter'),
    row('contactMatrix', JSON.stringify(params.contactMatrix), CONTACT_MATRIX_SOURCE),
    { name: 'ageBands', value: AGE_BANDS.join(', '), source: 'AGE_BANDS (vaccination rollup)' },
    { name: 'stepDays', value: SEIRV_STEP_DAYS, source: 'RK4, fixed step' },
  ];
}
