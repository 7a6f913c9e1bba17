/**
 * The actions the audit trail records, shared by the server (which writes them) and the web app
 * (whose audit viewer filters by them). Reads and writes of personal data, and security events.
 */
export const AUDIT_ACTIONS = [
  // personal data
  'read',
  'search',
  'create',
  'update',
  'merge',
  'unmerge',
  'decide',
  'export',
  /** A personal-data request refused (403/404) for a signed-in caller. */
  'denied',
  // sign-in and sessions
  'login',
  'login_failed',
  'login_locked',
  'login_2fa',
  'login_2fa_failed',
  'logout',
  'logout_all',
  'session_revoke',
  'otp_sent',
  /** A sign-in code asked for a number no record carries (nothing sent; same answer). */
  'otp_not_sent',
  /** A phone bound to a person after the holder matched the record (issue #9 item 6). */
  'citizen_bound',
  // accounts and keys
  'user_create',
  'user_update',
  'role_change',
  'user_deactivate',
  'user_activate',
  'password_change',
  'password_reset',
  'totp_enrol',
  'totp_reset',
  /** A new one-time enrolment code issued for an account still to bind its authenticator. */
  'enrolment_code',
  'apikey_create',
  'apikey_revoke',
  'audit_verify',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
