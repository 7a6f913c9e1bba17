/** Who sees the situation room: the roles that may read indicators (the same rule the server applies). */
import { isRole, roleAllows } from '@epilink/core';
import type { User } from '../../api.ts';

/** True when the signed-in official may read indicators (`indicator:read`). */
export function canReadIndicators(user: User | null | undefined): boolean {
  return !!user && isRole(user.role) && roleAllows(user.role, 'indicator:read');
}
