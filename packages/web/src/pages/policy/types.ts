/** The policy rules as `GET /api/policy/rules` returns them. */
export interface PolicyRule {
  id: string;
  key: string;
  diseaseCode: string | null;
  effectiveFrom: string;
  value: unknown;
  source: { document: string; date?: string; article?: string; url?: string };
  verification: 'confirmed' | 'unverified';
  unverifiedPaths?: string[];
  inForce: boolean;
}

export interface PolicyList {
  keys: { key: string }[];
  rules: PolicyRule[];
}
