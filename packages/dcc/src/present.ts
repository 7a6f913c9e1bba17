/**
 * What a verifier shows: the holder and the certificate's details with display names.
 */
import type { CertificateType, HealthCertificate } from './hcert.ts';
import { displayName } from './valuesets.ts';

/** The holder as shown. */
export interface HolderView {
  familyName: string | undefined;
  givenName: string | undefined;
  familyNameT: string | undefined;
  givenNameT: string | undefined;
  dateOfBirth: string;
}

/** Details of a vaccination. */
export interface VaccinationView {
  disease: string;
  vaccineProduct: string;
  vaccineProductCode: string;
  vaccineType: string;
  manufacturer: string;
  doseNumber: number;
  totalDoses: number;
  date: string;
}

/** Details of a test. */
export interface TestView {
  disease: string;
  testType: string;
  testName: string | undefined;
  deviceId: string | undefined;
  sampledAt: string;
  result: string;
  detected: boolean;
  centre: string | undefined;
}

/** Details of a recovery. */
export interface RecoveryView {
  disease: string;
  firstPositive: string;
  validFrom: string;
  validUntil: string;
}

/** A decoded certificate as shown, one branch per type. */
export type CertificateView = {
  holder: HolderView;
  schemaVersion: string;
  /** Unique certificate identifier (UVCI). */
  uvci: string;
  country: string;
  countryName: string;
  certificateIssuer: string;
  hcert: HealthCertificate;
} & (
  | { type: 'v'; details: VaccinationView }
  | { type: 't'; details: TestView }
  | { type: 'r'; details: RecoveryView }
);

/**
 * Builds the view of a schema-valid payload of the given type (its first entry, as the DCC
 * carries exactly one).
 * @returns undefined when the payload has no entry of that type.
 */
export function presentCertificate(
  hcert: HealthCertificate,
  type: CertificateType,
): CertificateView | undefined {
  const holder: HolderView = {
    familyName: hcert.nam.fn,
    givenName: hcert.nam.gn,
    familyNameT: hcert.nam.fnt,
    givenNameT: hcert.nam.gnt,
    dateOfBirth: hcert.dob,
  };
  const base = { holder, schemaVersion: hcert.ver, hcert };
  const common = (e: { ci: string; co: string; is: string }): Omit<CertificateView, 'type' | 'details'> => ({
    ...base,
    uvci: e.ci,
    country: e.co,
    countryName: displayName('country', e.co),
    certificateIssuer: e.is,
  });
  switch (type) {
    case 'v': {
      const e = hcert.v?.[0];
      if (!e) return undefined;
      return {
        ...common(e),
        type,
        details: {
          disease: displayName('disease', e.tg),
          vaccineProduct: displayName('vaccineProduct', e.mp),
          vaccineProductCode: e.mp,
          vaccineType: displayName('vaccineProphylaxis', e.vp),
          manufacturer: displayName('vaccineManufacturer', e.ma),
          doseNumber: e.dn,
          totalDoses: e.sd,
          date: e.dt,
        },
      };
    }
    case 't': {
      const e = hcert.t?.[0];
      if (!e) return undefined;
      return {
        ...common(e),
        type,
        details: {
          disease: displayName('disease', e.tg),
          testType: displayName('testType', e.tt),
          testName: e.nm,
          deviceId: e.ma,
          sampledAt: e.sc,
          result: displayName('testResult', e.tr),
          detected: e.tr === '260373001',
          centre: e.tc,
        },
      };
    }
    case 'r': {
      const e = hcert.r?.[0];
      if (!e) return undefined;
      return {
        ...common(e),
        type,
        details: {
          disease: displayName('disease', e.tg),
          firstPositive: e.fr,
          validFrom: e.df,
          validUntil: e.du,
        },
      };
    }
  }
}
