import { AppError, isRole } from '@epilink/core';
import type { Role } from '@epilink/core';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { users } from '../db/schema/index.ts';
import { hashPassword } from './passwords.ts';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  jurisdictionCode: string;
  demo?: boolean;
}

/** Create an official's account (password hashed with argon2id). Username must be free. */
export async function createUser(db: DbOrTx, input: NewUser): Promise<string> {
  if (!isRole(input.role)) throw new AppError('UNKNOWN_CODE', { params: { code: input.role } });
  if (input.password.length < 10) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'password', messageKey: 'errors.field.tooShort', params: { min: 10 } }],
    });
  }
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (existing.length > 0) throw new AppError('CONFLICT');
  const [row] = await db
    .insert(users)
    .values({
      username: input.username,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      jurisdictionCode: input.jurisdictionCode,
      demo: input.demo ?? false,
    })
    .returning({ id: users.id });
  return row!.id;
}
