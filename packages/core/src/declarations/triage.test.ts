import { describe, expect, it } from 'vitest';
import { ruleInForce } from '../policy/index.ts';
import { DEFAULT_POLICIES } from '../policy/defaultPolicies.ts';
import { validatePolicyValue } from '../policy/catalogue.ts';
import { translate } from '../i18n/index.ts';
import {
  SHIPPED_QUESTIONNAIRES,
  answeredUnitCodes,
  collectAnswers,
  questionnaireIssues,
  triageDeclaration,
  validateResponse,
  type DeclarationTriageRule,
  type VerifiedDcc,
} from './index.ts';
import { DECLARATION_CODES } from './shipped/index.ts';

const code = (c: string) => ({ valueCoding: { system: DECLARATION_CODES, code: c } });
const triageRule = (day: string): DeclarationTriageRule => {
  const rule = ruleInForce(DEFAULT_POLICIES, 'declaration.triage', day, 'COVID-19');
  if (!rule) throw new Error('no rule');
  return rule.value;
};

/** A health declaration's answers: symptoms, contact, places. */
function health(opts: { symptoms?: string[]; contact?: boolean; outbreak?: boolean; units?: string[] }) {
  const symptoms = opts.symptoms ?? [];
  const units = opts.units ?? [];
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    item: [
      {
        linkId: 'symptoms',
        item: [
          { linkId: 'symptoms.has', answer: [{ valueBoolean: symptoms.length > 0 }] },
          ...(symptoms.length > 0 ? [{ linkId: 'symptoms.list', answer: symptoms.map(code) }] : []),
        ],
      },
      {
        linkId: 'exposure',
        item: [
          { linkId: 'exposure.caseContact', answer: [{ valueBoolean: opts.contact ?? false }] },
          { linkId: 'exposure.outbreakArea', answer: [{ valueBoolean: opts.outbreak ?? false }] },
        ],
      },
      {
        linkId: 'travel',
        item: [
          { linkId: 'travel.any', answer: [{ valueBoolean: units.length > 0 }] },
          ...units.map((u) => ({
            linkId: 'travel.place',
            item: [{ linkId: 'travel.unit', answer: [{ valueString: u }] }],
          })),
        ],
      },
    ],
  };
}

describe('the shipped declarations', () => {
  it('are well-formed, bilingual FHIR questionnaires with an effective date', () => {
    for (const q of Object.values(SHIPPED_QUESTIONNAIRES)) {
      expect(questionnaireIssues(q, { bilingual: true })).toEqual([]);
      expect(q.effectivePeriod?.start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('the default triage rules are valid policy values', () => {
    for (const r of DEFAULT_POLICIES.filter((p) => p.key === 'declaration.triage'))
      expect(validatePolicyValue('declaration.triage', r.value)).toEqual([]);
    expect(
      validatePolicyValue('declaration.triage', {
        rules: [{ reason: 'x', when: { kind: 'nope' }, action: 'test' }],
      }),
    ).not.toEqual([]);
  });
});

describe('triage by the rule in force on the declaration day', () => {
  const q = SHIPPED_QUESTIONNAIRES.health;

  it('fever and contact with a case in 2021 → isolate and test, flagged, both reasons', () => {
    const response = validateResponse(q, health({ symptoms: ['fever'], contact: true }));
    const result = triageDeclaration(triageRule('2021-08-01'), collectAnswers(response));
    expect(result).toEqual({ action: 'isolateAndTest', flagged: true, reasons: ['symptoms', 'caseContact'] });
    expect(result.reasons.map((r) => translate('vi', `declarations.triage.reason.${r}`))).toEqual([
      'Có triệu chứng',
      'Tiếp xúc gần với ca bệnh',
    ]);
  });

  it('nothing to declare → no action, not flagged', () => {
    const response = validateResponse(q, health({}));
    expect(triageDeclaration(triageRule('2021-08-01'), collectAnswers(response))).toEqual({
      action: 'none',
      flagged: false,
      reasons: [],
    });
  });

  it('a place visited at level 4 on that day → test; at level 3 → self-monitor (not flagged)', () => {
    const rule = triageRule('2021-08-01');
    const answers = collectAnswers(validateResponse(q, health({ units: ['26734', '26737'] })));
    expect(answeredUnitCodes(rule, answers)).toEqual(['26734', '26737']);
    const at = (levels: [string, number][]) =>
      triageDeclaration(rule, answers, { unitLevels: new Map(levels) });
    expect(at([['26734', 4]])).toMatchObject({
      action: 'test',
      flagged: true,
      reasons: ['originLevel3', 'originLevel4'],
    });
    expect(at([['26737', 3]])).toMatchObject({
      action: 'selfMonitor',
      flagged: false,
      reasons: ['originLevel3'],
    });
    expect(at([])).toMatchObject({ action: 'none' });
    const crossed = triageDeclaration(rule, answers, { unitLevels: new Map(), blockadeCrossed: true });
    expect(crossed).toEqual({ action: 'test', flagged: true, reasons: ['blockadedZone'] });
  });

  it('the same answers after the March 2022 rule: a contact without symptoms only self-monitors', () => {
    const answers = collectAnswers(validateResponse(q, health({ contact: true })));
    expect(triageDeclaration(triageRule('2021-08-01'), answers).action).toBe('isolateAndTest');
    expect(triageDeclaration(triageRule('2022-04-01'), answers)).toEqual({
      action: 'selfMonitor',
      flagged: false,
      reasons: ['caseContact'],
    });
    const sick = collectAnswers(validateResponse(q, health({ contact: true, symptoms: ['cough'] })));
    expect(triageDeclaration(triageRule('2022-04-01'), sick).action).toBe('isolateAndTest');
  });
});

describe('an arrival with DCC evidence the server verified (product rule from 16/12/2021)', () => {
  const arrival = collectAnswers({
    item: [{ linkId: 'entry.arrivalDate', answer: [{ valueDate: '2022-01-10' }] }],
  });
  const day = '2022-01-10';
  const triage = (dcc: VerifiedDcc | null, on = day) =>
    triageDeclaration(triageRule(on), arrival, { unitLevels: new Map(), dcc, day: on });
  const tested = { action: 'test', flagged: true, reasons: ['arrival'] };
  const lighter = { action: 'selfMonitor', flagged: false, reasons: ['arrivalVerifiedDcc'] };

  it('a full series 14–180 days old, a recovery within 180 days or a negative test ≤ 2 days old: self-monitor', () => {
    expect(triage(null)).toEqual(tested);
    expect(triage({ type: 'vaccination', date: '2021-11-01', complete: true })).toEqual(lighter);
    expect(triage({ type: 'recovery', date: '2021-09-01' })).toEqual(lighter);
    expect(triage({ type: 'test', date: '2022-01-08', negative: true })).toEqual(lighter);
  });

  it('an incomplete series, a dose under 14 days, a stale or positive test: tested as without', () => {
    expect(triage({ type: 'vaccination', date: '2021-11-01', complete: false })).toEqual(tested);
    expect(triage({ type: 'vaccination', date: '2022-01-01', complete: true })).toEqual(tested);
    expect(triage({ type: 'vaccination', date: '2021-06-01', complete: true })).toEqual(tested);
    expect(triage({ type: 'test', date: '2022-01-07', negative: true })).toEqual(tested);
    expect(triage({ type: 'test', date: '2022-01-09', negative: false })).toEqual(tested);
    expect(triage({ type: 'test', date: '2022-01-11', negative: true })).toEqual(tested);
  });

  it('before 16/12/2021 every arrival was tested; after the March 2022 reopening every arrival self-monitors', () => {
    const vaccinated = { type: 'vaccination', date: '2021-10-01', complete: true } as const;
    expect(triage(vaccinated, '2021-12-15')).toEqual(tested);
    expect(triage(vaccinated, '2021-12-16')).toEqual(lighter);
    expect(triage(null, '2022-04-01')).toEqual({
      action: 'selfMonitor',
      flagged: false,
      reasons: ['arrival'],
    });
    expect(translate('en', 'declarations.triage.reason.arrivalVerifiedDcc')).toContain('verified');
  });

  it('conditions on evidence are checked as policy values', () => {
    const rule = (when: unknown) => ({ rules: [{ reason: 'x', when, action: 'test' }] });
    expect(
      validatePolicyValue(
        'declaration.triage',
        rule({ kind: 'not', condition: { kind: 'verifiedDcc', types: ['test'], maxDays: 2 } }),
      ),
    ).toEqual([]);
    expect(
      validatePolicyValue('declaration.triage', rule({ kind: 'verifiedDcc', types: ['passport'] })),
    ).not.toEqual([]);
    expect(validatePolicyValue('declaration.triage', rule({ kind: 'not' }))).not.toEqual([]);
  });
});
