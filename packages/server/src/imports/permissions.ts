/** The permission each import kind needs, checked on top of the route's. */
import { AppError } from '@epilink/core';
import type { ImportKind } from '@epilink/core/imports/index';
import { requirePermission } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { KIND_PERMISSION } from './context.ts';

export { AppError };

/** Refuse (403) a caller whose role may not write this kind of record. */
export function requirePermissionOf(access: Access, kind: ImportKind): void {
  requirePermission(access, KIND_PERMISSION[kind]);
}
