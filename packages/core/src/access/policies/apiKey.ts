/**
 * Policy for API keys of other systems (labs, national platforms): which scopes a key may hold
 * and who may issue it. A key never holds more than its issuer could do.
 */
import { roleAllows } from '../roles.ts';
import type { Permission, Role } from '../roles.ts';

/** Permissions a system may be given (never account, audit or key management). */
export const API_KEY_SCOPES = [
  'unit:read',
  'facility:read',
  'disease:read',
  'policy:read',
  'person:read',
  'person:write',
  'beds:report',
] as const satisfies readonly Permission[];
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Type guard for scopes read from storage or a request. */
export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}

/** True when the role may issue a key with all these scopes. */
export function canIssueApiKey(role: Role, scopes: readonly ApiKeyScope[]): boolean {
  return roleAllows(role, 'apikey:manage') && scopes.every((s) => roleAllows(role, s));
}
