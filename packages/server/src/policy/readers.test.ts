/**
 * No policy key is decorative (issue 10, item 5): every key of the catalogue is listed here with the
 * product code that reads it, and that file really asks the policy store for it. A key whose
 * feature has not been built yet would be listed as reserved, by name; since the health book
 * (#17) reads `status.colourRules`, none is. A new key must be added here with its reader, or this
 * test fails.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POLICY_KEYS } from '@epilink/core';
import { describe, expect, it } from 'vitest';

const SERVER_SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each key → the source files (under packages/server/src) that read it, or why none does yet. */
const READERS: Record<string, { files: string[] } | { reserved: string }> = {
  'checkin.retentionDays': { files: ['checkin/partitions.ts', 'checkin/routes/public.ts'] },
  'testing.poolMaxSize': { files: ['testing/pools.ts'] },
  'testing.poolEligibleReasons': { files: ['testing/pools.ts'] },
  'case.infectiousWindow': { files: ['cases/intake.ts', 'cases/update.ts'] },
  'case.confirmationRule': { files: ['cases/intake.ts', 'cases/update.ts'] },
  'contact.f1Criteria': { files: ['cases/proposals.ts'] },
  'quarantine.f1': { files: ['cases/followUpRule.ts', 'quarantine/propose.ts'] },
  'quarantine.f0Home': { files: ['quarantine/propose.ts'] },
  'quarantine.f0HomeEligibility': { files: ['quarantine/propose.ts'] },
  'quarantine.warningSigns': { files: ['quarantine/forms.ts'] },
  'quarantine.alertEscalation': { files: ['quarantine/alerts.ts', 'quarantine/worklist.ts'] },
  'epidemicLevel.thresholds': { files: ['levels/compute.ts'] },
  'epidemicLevel.combining': { files: ['levels/compute.ts'] },
  'epidemicLevel.aggregation': { files: ['levels/compute.ts'] },
  'epidemicLevel.capacity': { files: ['levels/capacity.ts'] },
  'status.colourRules': { files: ['healthbook/status.ts'] },
  'cluster.venueMinCases': { files: ['cases/chain.ts'] },
  'aefi.clusterRule': { files: ['vaccination/aefi.ts'] },
  'linkage.thresholds': { files: ['registry/linkage/candidates.ts'] },
  'vaccination.ageEligibility': { files: ['vaccination/rules.ts'] },
  'vaccination.extraDoses': { files: ['vaccination/rules.ts'] },
  'vaccination.screening': { files: ['vaccination/rules.ts'] },
  'vaccination.statusDeferral': { files: ['vaccination/standing.ts'] },
  'earlyWarning.weeklyIncidence': { files: ['analytics/alarms/scan.ts'] },
  'earlyWarning.earsMinSigma': { files: ['analytics/alarms/scan.ts'] },
  'earlyWarning.alarmClosing': { files: ['analytics/alarms/close.ts'] },
  'analytics.hospitalDemand': { files: ['analytics/beds.ts'] },
  'declaration.triage': { files: ['declarations/triage.ts'] },
  'zone.lifting': { files: ['zones/lift.ts'] },
  'zone.pooling': { files: ['zones/rounds.ts'] },
  'correction.escalation': { files: ['healthbook/corrections-escalation.ts'] },
};

describe('every policy key has a reader', () => {
  it('lists each key of the catalogue, and nothing else', () => {
    expect(Object.keys(READERS).sort()).toEqual(Object.keys(POLICY_KEYS).sort());
  });

  it.each(Object.entries(READERS))('%s is read where the table says', (key, reader) => {
    if ('reserved' in reader) {
      expect(reader.reserved.length).toBeGreaterThan(0);
      return;
    }
    for (const file of reader.files) {
      const source = readFileSync(join(SERVER_SRC, file), 'utf8');
      expect(source, `${file} reads ${key}`).toMatch(
        new RegExp(`['"\`]${key.replace('.', '\\.')}['"\`]`, 'u'),
      );
    }
  });

  it('no key waits for its feature', () => {
    expect(Object.values(READERS).filter((r) => 'reserved' in r)).toHaveLength(0);
  });
});
