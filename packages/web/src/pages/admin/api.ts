/** The administration screens' part of the API client (typed; same `request` as the rest of the app). */
import { request } from '../../api.ts';

/** An official's account as `/api/admin/users` presents it. */
export interface Account {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: string;
  jurisdictionCode: string;
  facilityId: string | null;
  active: boolean;
  locked: boolean;
  twoFactorEnrolled: boolean;
  createdAt: string;
}

/** A one-time enrolment code for an account still to bind its authenticator (shown once). */
export interface Enrolment {
  code: string;
  expiresAt: string;
  link: string;
}

export interface NewAccount {
  username: string;
  displayName: string;
  email?: string | null;
  password: string;
  role: string;
  jurisdictionCode: string;
}

export interface AccountChange {
  role?: string;
  jurisdictionCode?: string;
  active?: boolean;
}

/** A live session of an official (security officers' view). */
export interface LiveSession {
  id: string;
  userId: string;
  username: string;
  role: string;
  stage: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** One of my own sessions. */
export interface MySession {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  ip?: string | null;
}

export interface AuditRow {
  id: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string;
  action: string;
  entity: string;
  entityId: string | null;
  personId: string | null;
  fields: string[];
  purpose: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
  seq: number | null;
  hash: string | null;
}

export interface AuditFilter {
  actorName?: string;
  personId?: string;
  action?: string;
  from?: string;
  to?: string;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  unchained: number;
  firstBroken: {
    id: string;
    seq: string | null;
    reason:
      'content' | 'link' | 'sequence' | 'missing' | 'signature' | 'rechained' | 'truncated' | 'unanchored';
  } | null;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  jurisdictionCode: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Audit actions (the viewer's action filter), as the server records them. */
export { AUDIT_ACTIONS } from '@epilink/core';

const enc = encodeURIComponent;

/** The query string of an audit filter (empty values left out). */
export function auditQuery(f: AuditFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}

export const adminApi = {
  accounts: (cursor?: string) =>
    request<{ items: Account[]; nextCursor: string | null }>(
      'GET',
      `/api/admin/users?limit=200${cursor ? `&cursor=${enc(cursor)}` : ''}`,
    ),
  createAccount: (a: NewAccount) =>
    request<{ user: Account; enrolment: Enrolment | null }>('POST', '/api/admin/users', a),
  changeAccount: (id: string, c: AccountChange) =>
    request<{ user: Account }>('PATCH', `/api/admin/users/${enc(id)}`, c),
  reset2fa: (id: string) =>
    request<{ enrolment: Enrolment | null }>('POST', `/api/admin/users/${enc(id)}/reset-2fa`),
  resetPassword: (id: string, password: string) =>
    request<{ enrolment: Enrolment | null }>('POST', `/api/admin/users/${enc(id)}/reset-password`, {
      password,
    }),
  sessions: (cursor?: string) =>
    request<{ items: LiveSession[]; nextCursor: string | null }>(
      'GET',
      `/api/admin/sessions${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
  revokeSession: (id: string) => request<undefined>('POST', `/api/admin/sessions/${enc(id)}/revoke`),
  mySessions: () => request<{ items: MySession[] }>('GET', '/api/auth/sessions'),
  logoutAll: () => request<{ revoked: number }>('POST', '/api/auth/logout-all'),
  audit: (f: AuditFilter, before?: number) =>
    request<{ items: AuditRow[]; nextBefore: number | null }>(
      'GET',
      `/api/audit${auditQuery(f, before ? { before: String(before), limit: '50' } : { limit: '50' })}`,
    ),
  auditExportUrl: (f: AuditFilter) => `/api/audit/export${auditQuery(f)}`,
  verifyAudit: () => request<ChainReport>('GET', '/api/audit/verify'),
  apiKeys: () => request<{ items: ApiKey[] }>('GET', '/api/admin/api-keys'),
  createApiKey: (k: { name: string; scopes: string[]; jurisdictionCode: string }) =>
    request<{ apiKey: ApiKey; key: string }>('POST', '/api/admin/api-keys', k),
  revokeApiKey: (id: string) => request<undefined>('POST', `/api/admin/api-keys/${enc(id)}/revoke`),
};
