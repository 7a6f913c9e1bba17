import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/codes.ts';
import { translate } from '../i18n/index.ts';
import {
  bilingual,
  collectAnswers,
  indexItems,
  isEnabled,
  itemText,
  questionnaireIssues,
  responseIssues,
  validateQuestionnaire,
  validateResponse,
  type Questionnaire,
  type QuestionnaireItem,
} from './index.ts';
import { BLUEBOOK, GCS, LIFELINES } from './testdata/fhirExamples.ts';

const item = (q: Questionnaire, linkId: string): QuestionnaireItem => {
  const found = indexItems(q).items.get(linkId);
  if (!found) throw new Error(linkId);
  return found;
};
const resp = (item: unknown[]): unknown => ({
  resourceType: 'QuestionnaireResponse',
  status: 'completed',
  item,
});
const messages = (issues: { messageKey: string; params?: Record<string, string | number> }[]): string[] =>
  issues.map((i) => translate('en', i.messageKey, i.params));

describe('FHIR Questionnaire examples the renderer claims', () => {
  it('accepts the R4 examples (groups, enableWhen, choice from a contained ValueSet, open-choice, repeats)', () => {
    for (const q of [LIFELINES, GCS, BLUEBOOK]) expect(questionnaireIssues(q)).toEqual([]);
  });

  it('enableWhen on a boolean: the cigarettes question appears once the smoker says yes', () => {
    const cigarettes = item(LIFELINES, '3.3');
    expect(isEnabled(LIFELINES, cigarettes, collectAnswers([]))).toBe(false);
    const smoker = [{ linkId: '3', item: [{ linkId: '3.1', answer: [{ valueBoolean: true }] }] }];
    expect(isEnabled(LIFELINES, cigarettes, collectAnswers(smoker))).toBe(true);
    // enabled and required → must be answered; disabled → must not be.
    expect(messages(responseIssues(LIFELINES, resp(smoker)))).toEqual(['Question "3.3" is required.']);
    const nonSmoker = [
      {
        linkId: '3',
        item: [
          { linkId: '3.1', answer: [{ valueBoolean: false }] },
          { linkId: '3.3', answer: [{ valueInteger: 5 }] },
        ],
      },
    ];
    expect(messages(responseIssues(LIFELINES, resp(nonSmoker)))).toEqual([
      'Question "3.3" does not apply given the earlier answers and must not be answered.',
    ]);
  });

  it('choice from a ValueSet: only its codes, stored with the questionnaire display', () => {
    const ok = validateResponse(
      GCS,
      resp([
        {
          linkId: '1.1',
          answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6567-7', display: 'forged' } }],
        },
      ]),
    );
    expect(ok.item).toEqual([
      {
        linkId: '1.1',
        answer: [
          { valueCoding: { system: 'http://loinc.org', code: 'LA6567-7', display: 'Obeys commands' } },
        ],
      },
    ]);
    expect(ok.questionnaire).toBe('http://hl7.org/fhir/Questionnaire/gcs|1');
    const wrong = responseIssues(
      GCS,
      resp([{ linkId: '1.1', answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6553-7' } }] }]),
    );
    expect(messages(wrong)).toEqual(['Question "1.1": the answer is not one of the options.']);
  });

  it('open-choice takes an option or free text; repeats takes several; a repeating group several instances', () => {
    const answers = [
      { linkId: 'sibling', item: [{ linkId: 'sibling.name', answer: [{ valueString: 'An' }] }] },
      {
        linkId: 'sibling',
        item: [
          { linkId: 'sibling.name', answer: [{ valueString: 'Bình' }] },
          { linkId: 'sibling.born', answer: [{ valueDate: '2019-02-28' }] },
        ],
      },
      {
        linkId: 'feeding',
        answer: [
          { valueCoding: { system: 'http://example.org/feeding', code: 'formula' } },
          { valueString: 'goat milk' },
        ],
      },
      { linkId: 'feeding.note', answer: [{ valueString: 'allergy' }] },
    ];
    const out = validateResponse(BLUEBOOK, resp(answers));
    expect(out.item?.filter((i) => i.linkId === 'sibling')).toHaveLength(2);
    expect(out.item?.find((i) => i.linkId === 'feeding')?.answer).toHaveLength(2);
    // a sibling instance without its required name is refused, and so is a second answer to a single question
    const bad = responseIssues(
      BLUEBOOK,
      resp([
        { linkId: 'sibling', item: [{ linkId: 'sibling.born', answer: [{ valueDate: '2019-02-30' }] }] },
        { linkId: 'weight', answer: [{ valueDecimal: 3 }, { valueDecimal: 4 }] },
      ]),
    );
    expect(messages(bad)).toEqual([
      'Question "sibling.name" is required.',
      'Question "sibling.born": the answer has the wrong type (date).',
      'Question "weight" takes a single answer.',
    ]);
  });

  it('enableWhen with enableBehavior any, exists, and < on a decimal', () => {
    const note = item(BLUEBOOK, 'feeding.note');
    expect(isEnabled(BLUEBOOK, note, collectAnswers([]))).toBe(false);
    expect(
      isEnabled(
        BLUEBOOK,
        note,
        collectAnswers([
          { linkId: 'sibling', item: [{ linkId: 'sibling.name', answer: [{ valueString: 'An' }] }] },
        ]),
      ),
    ).toBe(true);
    expect(
      isEnabled(
        BLUEBOOK,
        note,
        collectAnswers([{ linkId: 'feeding', answer: [{ valueCoding: { code: 'formula' } }] }]),
      ),
    ).toBe(true);
    expect(
      isEnabled(
        BLUEBOOK,
        note,
        collectAnswers([{ linkId: 'feeding', answer: [{ valueCoding: { code: 'breast' } }] }]),
      ),
    ).toBe(false);
    const low = item(BLUEBOOK, 'weight.low');
    expect(
      isEnabled(BLUEBOOK, low, collectAnswers([{ linkId: 'weight', answer: [{ valueDecimal: 2.1 }] }])),
    ).toBe(true);
    expect(
      isEnabled(BLUEBOOK, low, collectAnswers([{ linkId: 'weight', answer: [{ valueDecimal: 3.4 }] }])),
    ).toBe(false);
  });
});

describe('a malformed questionnaire is refused with a clear message', () => {
  const base = (items: unknown[]): unknown => ({
    resourceType: 'Questionnaire',
    url: 'urn:x',
    version: '1',
    status: 'draft',
    item: items,
  });
  const refusal = (input: unknown, lang: 'vi' | 'en' = 'en'): string[] => {
    try {
      validateQuestionnaire(input);
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return (e as AppError).details.map((d) => translate(lang, d.messageKey, d.params));
    }
    throw new Error('accepted');
  };

  it('duplicate linkIds, unknown types and an enableWhen on an unknown item', () => {
    expect(
      refusal(
        base([
          { linkId: 'a', type: 'string', text: 'A' },
          { linkId: 'a', type: 'string', text: 'B' },
        ]),
      ),
    ).toEqual(['The linkId "a" is used twice.']);
    expect(refusal(base([{ linkId: 'a', type: 'attachment', text: 'A' }]))).toEqual([
      'Item "a": the type "attachment" is not supported.',
    ]);
    expect(
      refusal(
        base([
          {
            linkId: 'a',
            type: 'string',
            text: 'A',
            enableWhen: [{ question: 'zz', operator: '=', answerString: 'x' }],
          },
        ]),
      ),
    ).toEqual(['Item "a": its enableWhen refers to an unknown question "zz".']);
    expect(
      refusal(
        base([
          { linkId: 'a', type: 'string', text: 'A' },
          {
            linkId: 'b',
            type: 'string',
            text: 'B',
            enableWhen: [{ question: 'zz', operator: '=', answerString: 'x' }],
          },
        ]),
        'vi',
      ),
    ).toEqual(['Mục "b": điều kiện hiển thị tham chiếu câu hỏi không tồn tại "zz".']);
  });

  it('the wrong answer type in a condition, an ordering operator on a coding, a missing enableBehavior', () => {
    const items = [
      { linkId: 'fever', type: 'boolean', text: 'Fever?' },
      { linkId: 'kind', type: 'choice', text: 'Kind', answerOption: [{ valueCoding: { code: 'x' } }] },
      {
        linkId: 'a',
        type: 'string',
        text: 'A',
        enableWhen: [{ question: 'fever', operator: '=', answerString: 'yes' }],
      },
      {
        linkId: 'b',
        type: 'string',
        text: 'B',
        enableWhen: [{ question: 'kind', operator: '>', answerCoding: { code: 'x' } }],
      },
      {
        linkId: 'c',
        type: 'string',
        text: 'C',
        enableWhen: [
          { question: 'fever', operator: '=', answerBoolean: true },
          { question: 'fever', operator: 'exists', answerBoolean: true },
        ],
      },
    ];
    expect(refusal(base(items))).toEqual([
      'Item "a": the condition value does not match question "fever" (boolean).',
      'Item "b": the operator ">" cannot be used here.',
      'Item "c" has several conditions: enableBehavior must be "all" or "any".',
    ]);
  });

  it('a cycle of conditions, and a condition on its own group', () => {
    const cycle = [
      {
        linkId: 'a',
        type: 'boolean',
        text: 'A',
        enableWhen: [{ question: 'b', operator: 'exists', answerBoolean: true }],
      },
      {
        linkId: 'b',
        type: 'boolean',
        text: 'B',
        enableWhen: [{ question: 'a', operator: 'exists', answerBoolean: true }],
      },
    ];
    expect(refusal(base(cycle))).toEqual(['The enableWhen conditions form a cycle: a → b → a.']);
    const viaGroup = [
      {
        linkId: 'g',
        type: 'group',
        text: 'G',
        enableWhen: [{ question: 'x', operator: 'exists', answerBoolean: true }],
        item: [{ linkId: 'x', type: 'boolean', text: 'X' }],
      },
    ];
    expect(refusal(base(viaGroup))).toEqual(['The enableWhen conditions form a cycle: g → x → g.']);
    const self = [
      {
        linkId: 'g',
        type: 'group',
        text: 'G',
        item: [
          {
            linkId: 'x',
            type: 'boolean',
            text: 'X',
            enableWhen: [{ question: 'g', operator: 'exists', answerBoolean: true }],
          },
        ],
      },
    ];
    expect(refusal(base(self))).toEqual([
      'Item "x": its enableWhen cannot depend on itself or its own group.',
    ]);
  });

  it('choices without options, a missing value set, an empty group, a required display, not a questionnaire', () => {
    expect(
      refusal(
        base([
          { linkId: 'a', type: 'choice', text: 'A' },
          { linkId: 'b', type: 'choice', text: 'B', answerValueSet: '#nope' },
          { linkId: 'c', type: 'group', text: 'C', item: [] },
          { linkId: 'd', type: 'display', text: 'D', required: true },
          { linkId: 'e', type: 'boolean', text: 'E', answerOption: [{ valueString: 'x' }] },
        ]),
      ),
    ).toEqual([
      'Choice question "a" needs options (answerOption or answerValueSet).',
      'Question "b" refers to a value set that does not exist: #nope.',
      'Group "c" has no items.',
      'Display item "d" cannot be required, repeat or have items.',
      'Question "e" cannot have options with this type.',
    ]);
    expect(refusal({ resourceType: 'Patient' })).toEqual([
      'Not a FHIR questionnaire (resourceType must be "Questionnaire").',
    ]);
    expect(refusal(base([{ type: 'string' }]))).toEqual([
      'Every item needs a linkId (letters, digits, ".", "-", "_"; at most 64 characters).',
    ]);
  });
});

describe('bilingual texts use the FHIR translation extension', () => {
  it('reads English from _text and falls back to Vietnamese', () => {
    const fever: QuestionnaireItem = { linkId: 'fever', type: 'boolean', ...bilingual('Sốt', 'Fever') };
    expect(itemText(fever, 'en')).toBe('Fever');
    expect(itemText(fever, 'vi')).toBe('Sốt');
    expect(itemText({ linkId: 'x', type: 'boolean', text: 'Ho' }, 'en')).toBe('Ho');
    expect(() => validateQuestionnaire(LIFELINES, { bilingual: true })).toThrow(AppError);
    const q = {
      resourceType: 'Questionnaire',
      url: 'urn:x',
      version: '1',
      status: 'draft',
      title: 'T',
      item: [{ linkId: 'a', type: 'boolean', text: 'Sốt?' }],
    };
    expect(messages(questionnaireIssues(q, { bilingual: true }))).toEqual([
      'Item "title": the English translation is missing.',
      'Item "a": the English translation is missing.',
    ]);
  });
});

describe('responses: hostile input is refused, nothing is stored', () => {
  it('unknown items, wrong types, forged questionnaire reference, non-objects', () => {
    expect(
      messages(
        responseIssues(LIFELINES, {
          resourceType: 'QuestionnaireResponse',
          questionnaire: 'urn:other|1',
          item: [
            { linkId: 'zz', answer: [{ valueString: 'x' }] },
            { linkId: '1', answer: [{ valueString: 'yes' }] },
          ],
        }),
      ),
    ).toEqual([
      'The answers are not for this questionnaire version (http://hl7.org/fhir/Questionnaire/f201|1).',
      'The answers contain an item not in the questionnaire: "zz".',
      'Question "1": the answer has the wrong type (boolean).',
    ]);
    expect(messages(responseIssues(LIFELINES, 'nope'))).toEqual([
      'The answers are not a well-formed QuestionnaireResponse.',
    ]);
    expect(messages(responseIssues(LIFELINES, resp([null, { linkId: '1', answer: 'x' }])))).toEqual([
      'The answers are not a well-formed QuestionnaireResponse.',
      'Question "1": the answer has the wrong type (boolean).',
    ]);
    expect(() =>
      validateResponse(
        LIFELINES,
        resp([{ linkId: '1', answer: [{ valueBoolean: true, valueString: 'x' }] }]),
      ),
    ).toThrow(AppError);
  });
});
