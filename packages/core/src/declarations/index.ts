/** Declarations (#15): questionnaires, responses, triage (pure). See questionnaire.ts for the API. */
export * from './questionnaire.ts';
export * from './enableWhen.ts';
export * from './validate.ts';
export * from './response.ts';
export * from './triage.ts';
export * from './shipped/index.ts';
