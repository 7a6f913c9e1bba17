/**
 * Building blocks of the shipped declarations: the symptom and exposure questions every form asks
 * (their linkIds are what the triage policy reads), bilingual through the FHIR translation extension.
 */
import type { AnswerOption, QuestionnaireItem } from '../questionnaire.ts';
import { bilingual, translation } from '../questionnaire.ts';

/** Code system of EpiLink's declaration answers. */
export const DECLARATION_CODES = 'https://epilink.vn/fhir/CodeSystem/declaration';

/** A coded option with its Vietnamese and English display. */
export function option(code: string, vi: string, en: string): AnswerOption {
  return { valueCoding: { system: DECLARATION_CODES, code, display: vi, _display: translation(en) } };
}

/** A question item. */
export function question(
  linkId: string,
  type: QuestionnaireItem['type'],
  vi: string,
  en: string,
  extra: Partial<QuestionnaireItem> = {},
): QuestionnaireItem {
  return { linkId, type, ...bilingual(vi, en), ...extra };
}

/** Symptom codes (the COVID-19 declaration forms of 2020–2022). */
export const SYMPTOM_OPTIONS: AnswerOption[] = [
  option('fever', 'Sốt', 'Fever'),
  option('cough', 'Ho', 'Cough'),
  option('breathless', 'Khó thở', 'Shortness of breath'),
  option('soreThroat', 'Đau họng', 'Sore throat'),
  option('lossOfTasteSmell', 'Mất vị giác hoặc khứu giác', 'Loss of taste or smell'),
  option('fatigue', 'Mệt mỏi, đau người', 'Tiredness, body aches'),
  option('diarrhoea', 'Tiêu chảy', 'Diarrhoea'),
];

/** Symptoms in the last 14 days: yes/no, which, since when. */
export const SYMPTOMS_GROUP: QuestionnaireItem = question('symptoms', 'group', 'Triệu chứng', 'Symptoms', {
  item: [
    question(
      'symptoms.has',
      'boolean',
      'Trong 14 ngày qua, anh/chị có triệu chứng nào (sốt, ho, khó thở, đau họng, mất vị giác/khứu giác…) không?',
      'In the last 14 days, have you had any symptom (fever, cough, shortness of breath, sore throat, loss of taste/smell…)?',
      { required: true },
    ),
    question('symptoms.list', 'choice', 'Các triệu chứng', 'Which symptoms', {
      required: true,
      repeats: true,
      answerOption: SYMPTOM_OPTIONS,
      enableWhen: [{ question: 'symptoms.has', operator: '=', answerBoolean: true }],
    }),
    question('symptoms.onset', 'date', 'Ngày bắt đầu có triệu chứng', 'Day the symptoms began', {
      enableWhen: [{ question: 'symptoms.has', operator: '=', answerBoolean: true }],
    }),
  ],
});

/** Exposure in the last 14 days. */
export const EXPOSURE_GROUP: QuestionnaireItem = question('exposure', 'group', 'Tiếp xúc', 'Exposure', {
  item: [
    question(
      'exposure.caseContact',
      'boolean',
      'Trong 14 ngày qua, anh/chị có tiếp xúc gần với người mắc hoặc nghi ngờ mắc bệnh không?',
      'In the last 14 days, have you been in close contact with a confirmed or suspected case?',
      { required: true },
    ),
    question(
      'exposure.outbreakArea',
      'boolean',
      'Trong 14 ngày qua, anh/chị có ở hoặc đến nơi đang có ổ dịch không?',
      'In the last 14 days, have you stayed in or visited a place with an outbreak?',
      { required: true },
    ),
    question(
      'exposure.sickContact',
      'boolean',
      'Trong 14 ngày qua, anh/chị có tiếp xúc với người có sốt, ho, khó thở không?',
      'In the last 14 days, have you been in contact with someone with fever, cough or shortness of breath?',
    ),
  ],
});
