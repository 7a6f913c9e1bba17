import { AppError, translate } from '@epilink/core';
import type { ErrorDetail, Language } from '@epilink/core';
import { z } from 'zod';

/** The error body every endpoint returns, in the caller's language. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    messageKey: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string(), messageKey: z.string() })),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** Render an AppError for the client, translated. */
export function renderError(err: AppError, lang: Language): ErrorResponse {
  return {
    error: {
      code: err.code,
      message: translate(lang, err.messageKey, err.params),
      messageKey: err.messageKey,
      details: err.details.map((d) => ({
        path: d.path ?? '',
        message: translate(lang, d.messageKey, d.params),
        messageKey: d.messageKey,
      })),
    },
  };
}

/** Turn zod issues into the product's field-level error details. */
export function zodDetails(error: z.ZodError, prefix: string): ErrorDetail[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return { path, ...issueMessage(issue) };
  });
}

function issueMessage(issue: z.core.$ZodIssue): Omit<ErrorDetail, 'path'> {
  switch (issue.code) {
    case 'invalid_type':
      // Inputs are reported (parse option reportInput), so a missing value is told from a wrong one.
      return { messageKey: issue.input === undefined ? 'errors.field.required' : 'errors.field.invalidType' };
    case 'too_big':
      return issue.origin === 'string'
        ? { messageKey: 'errors.field.tooLong', params: { max: Number(issue.maximum) } }
        : { messageKey: 'errors.field.tooBig', params: { max: Number(issue.maximum) } };
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) === 1
        ? { messageKey: 'errors.field.required' }
        : { messageKey: 'errors.field.tooSmall', params: { min: Number(issue.minimum) } };
    case 'invalid_format':
      return { messageKey: 'errors.field.invalidFormat' };
    case 'unrecognized_keys':
      return { messageKey: 'errors.field.unknownField', params: { keys: issue.keys.join(', ') } };
    case 'custom': {
      const key = (issue.params as { messageKey?: unknown } | undefined)?.messageKey;
      return { messageKey: typeof key === 'string' ? key : 'errors.field.invalidValue' };
    }
    case 'invalid_value':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'not_multiple_of':
      return { messageKey: 'errors.field.invalidValue' };
    default:
      return { messageKey: 'errors.field.invalidValue' };
  }
}

/** Validation failure of one part of the request (params, query or body). */
export function validationError(error: z.ZodError, part: string): AppError {
  return new AppError('VALIDATION_FAILED', { details: zodDetails(error, part) });
}
