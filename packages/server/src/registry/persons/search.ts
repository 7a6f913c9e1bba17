import { classifyIdNumber, foldText, normalizePhone } from '@epilink/core';

/** What a single search box means: an ID number, a phone, or the start of a name. */
export type PersonQuery =
  | { kind: 'id'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'name'; prefix: string }
  | { kind: 'empty' };

/**
 * Interpret the search box. Digits that form a CCCD/CMND/passport are an ID, a Vietnamese mobile
 * in any written form is a phone, anything else is a name prefix matched tone-insensitively.
 */
export function parsePersonQuery(raw: string): PersonQuery {
  const text = raw.trim();
  if (text.length === 0) return { kind: 'empty' };
  const compact = text.replace(/[\s.\-()]/gu, '');
  if (/^\+?\d+$/u.test(compact)) {
    const phone = normalizePhone(compact);
    if (
      phone &&
      (compact.startsWith('+') || compact.startsWith('84') || compact.length === 10 || compact.length === 11)
    ) {
      return { kind: 'phone', value: phone };
    }
    const id = classifyIdNumber(compact);
    if (id.ok) return { kind: 'id', value: id.value };
    return { kind: 'id', value: compact };
  }
  const id = /\d/u.test(compact) ? classifyIdNumber(compact, 'passport') : null;
  if (id?.ok) return { kind: 'id', value: id.value };
  const prefix = foldText(text);
  return prefix.length === 0 ? { kind: 'empty' } : { kind: 'name', prefix };
}

/** Escape LIKE wildcards so a typed prefix is matched literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/gu, (c) => `\\${c}`);
}
