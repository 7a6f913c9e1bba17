/**
 * FHIR R4 Questionnaire examples, abridged from the specification's examples (hl7.org/fhir/R4):
 * `questionnaire-example-f201-lifelines` (groups, boolean, enableWhen on a boolean),
 * `questionnaire-example-gcs` (choice from a contained ValueSet), and the R4 "enableWhen / repeats"
 * patterns of `questionnaire-example-bluebook` (repeating group, integer, date). The repository's
 * conformance folder holds no FHIR Questionnaire examples, so they are kept here.
 */
import type { Questionnaire } from '../questionnaire.ts';

/** f201 Lifelines: groups, boolean and string items, enableWhen on a boolean answer. */
export const LIFELINES: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'f201',
  url: 'http://hl7.org/fhir/Questionnaire/f201',
  version: '1',
  status: 'active',
  item: [
    { linkId: '1', text: 'Do you have allergies?', type: 'boolean' },
    {
      linkId: '2',
      text: 'General questions',
      type: 'group',
      item: [
        { linkId: '2.1', text: 'What is your gender?', type: 'string' },
        { linkId: '2.2', text: 'What is your date of birth?', type: 'date' },
        { linkId: '2.3', text: 'What is your country of birth?', type: 'string' },
        { linkId: '2.4', text: 'What is your marital status?', type: 'string' },
      ],
    },
    {
      linkId: '3',
      text: 'Intoxications',
      type: 'group',
      item: [
        { linkId: '3.1', text: 'Do you smoke?', type: 'boolean' },
        { linkId: '3.2', text: 'Do you drink alchohol?', type: 'boolean' },
        {
          linkId: '3.3',
          text: 'How many cigarettes a day?',
          type: 'integer',
          required: true,
          enableWhen: [{ question: '3.1', operator: '=', answerBoolean: true }],
        },
      ],
    },
  ],
};

/** GCS: three choice questions bound to contained ValueSets (answerValueSet `#id`). */
export const GCS: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'gcs',
  url: 'http://hl7.org/fhir/Questionnaire/gcs',
  version: '1',
  status: 'draft',
  contained: [
    {
      resourceType: 'ValueSet',
      id: 'motor',
      compose: {
        include: [
          {
            system: 'http://loinc.org',
            concept: [
              { code: 'LA6562-8', display: 'No movement' },
              { code: 'LA6563-6', display: 'Extension to painful stimulus' },
              { code: 'LA6567-7', display: 'Obeys commands' },
            ],
          },
        ],
      },
    },
    {
      resourceType: 'ValueSet',
      id: 'eye',
      compose: {
        include: [
          {
            system: 'http://loinc.org',
            concept: [
              { code: 'LA6553-7', display: 'No eye opening' },
              { code: 'LA6556-0', display: 'Eyes open spontaneously' },
            ],
          },
        ],
      },
    },
  ],
  item: [
    { linkId: '1.1', text: 'Motor', type: 'choice', answerValueSet: '#motor', required: true },
    { linkId: '1.2', text: 'Eyes', type: 'choice', answerValueSet: '#eye' },
  ],
};

/** Bluebook-style: a repeating group, open-choice, and enableWhen with `any` and `exists`. */
export const BLUEBOOK: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'http://hl7.org/fhir/Questionnaire/bb',
  version: '1',
  status: 'draft',
  item: [
    {
      linkId: 'sibling',
      text: 'Siblings',
      type: 'group',
      repeats: true,
      item: [
        { linkId: 'sibling.name', text: 'Name', type: 'string', required: true },
        { linkId: 'sibling.born', text: 'Born', type: 'date' },
      ],
    },
    {
      linkId: 'feeding',
      text: 'Feeding',
      type: 'open-choice',
      repeats: true,
      answerOption: [
        { valueCoding: { system: 'http://example.org/feeding', code: 'breast', display: 'Breast' } },
        { valueCoding: { system: 'http://example.org/feeding', code: 'formula', display: 'Formula' } },
      ],
    },
    {
      linkId: 'feeding.note',
      text: 'Why not breast?',
      type: 'text',
      enableWhen: [
        {
          question: 'feeding',
          operator: '=',
          answerCoding: { system: 'http://example.org/feeding', code: 'formula' },
        },
        { question: 'sibling.name', operator: 'exists', answerBoolean: true },
      ],
      enableBehavior: 'any',
    },
    {
      linkId: 'weight',
      text: 'Weight (kg)',
      type: 'decimal',
    },
    {
      linkId: 'weight.low',
      text: 'Low birth weight plan',
      type: 'display',
      enableWhen: [{ question: 'weight', operator: '<', answerDecimal: 2.5 }],
    },
  ],
};
