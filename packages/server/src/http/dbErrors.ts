/**
 * Database errors, told apart by their SQLSTATE only. A driver error (and Drizzle's wrapper, whose
 * message holds the SQL and its parameters) carries the very data that failed — names, ids, case
 * details in `message`, `detail`, `parameters` — so nothing but the error class and the code may
 * leave this module: not in a response, not in a log line.
 */
import { AppError } from '@epilink/core';

const MAX_CAUSE_DEPTH = 6;

/** The SQLSTATE of a database error (searched through `cause`), or null for other errors. */
export function sqlState(err: unknown): string | null {
  let e: unknown = err;
  for (let i = 0; i < MAX_CAUSE_DEPTH && typeof e === 'object' && e !== null; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/u.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * The database error as the product's vocabulary, or null when it is not one the caller caused:
 * a duplicate → CONFLICT (409); a reference to a record that does not exist (foreign key on insert
 * or update) → REFERENCE_NOT_FOUND (422), one still in use (on delete) → CONFLICT; a check or
 * not-null constraint → CONSTRAINT_VIOLATION (422); bad data (class 22: wrong text for a type,
 * too long, out of range, a NUL byte) → VALIDATION_FAILED (400); a concurrent change (serialization
 * failure, deadlock) → CONFLICT.
 */
export function mapDatabaseError(err: unknown): AppError | null {
  const state = sqlState(err);
  if (state === null) return null;
  switch (state) {
    case '23505':
    case '40001':
    case '40P01':
      return new AppError('CONFLICT');
    case '23503':
      return isDeleteOfReferenced(err) ? new AppError('CONFLICT') : new AppError('REFERENCE_NOT_FOUND');
    case '23502':
    case '23514':
    case '23P01':
      return new AppError('CONSTRAINT_VIOLATION');
    default:
      return state.startsWith('22') ? new AppError('VALIDATION_FAILED') : null;
  }
}

/** A foreign-key error raised by deleting (or re-keying) a row others still point to. */
function isDeleteOfReferenced(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < MAX_CAUSE_DEPTH && typeof e === 'object' && e !== null; i++) {
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && message.startsWith('update or delete on table')) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** What a log line may say about an error: its class, its code (SQLSTATE or Node/Fastify code) and where it was thrown. */
export interface LoggableError {
  class: string;
  code: string | null;
  /** Stack frames only (`at …` lines): the first line, which repeats the message, is dropped. */
  frames: string[];
}

/** Reduce any thrown value to what may be logged (never its message, detail or parameters). */
export function loggableError(err: unknown): LoggableError {
  if (typeof err !== 'object' || err === null) return { class: typeof err, code: null, frames: [] };
  const e = err as { name?: unknown; code?: unknown; stack?: unknown; constructor?: { name?: unknown } };
  const ctor = typeof e.constructor?.name === 'string' ? e.constructor.name : 'Object';
  const name = typeof e.name === 'string' && /^[A-Za-z]\w{0,60}$/u.test(e.name) ? e.name : ctor;
  const ownCode = typeof e.code === 'string' && /^[\w.-]{1,40}$/u.test(e.code) ? e.code : null;
  const frames =
    typeof e.stack === 'string'
      ? e.stack
          .split('\n')
          .filter((l) => /^\s+at /u.test(l))
          .slice(0, 12)
          .map((l) => l.trim())
      : [];
  return { class: name, code: sqlState(err) ?? ownCode, frames };
}

/**
 * The logger's `err` serializer: pino's shape (`type`, `message`, `stack`), but `message` is only
 * the code and `stack` only the frames, so a driver error's data never reaches the log.
 */
export function logErrorSerializer(err: unknown): {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
} {
  const e = loggableError(err);
  return { type: e.class, message: e.code ?? e.class, stack: e.frames.join('\n'), code: e.code };
}
