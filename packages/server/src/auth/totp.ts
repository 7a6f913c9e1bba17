/**
 * Two-factor sign-in with TOTP (RFC 6238, 30-second steps, 6 digits: any authenticator app) and
 * one-time recovery codes. Secrets are generated here; enrolment shows them once as an
 * `otpauth://` URI and a QR code.
 */
import { createHash, randomBytes } from 'node:crypto';
import { generate, generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

/** Issuer shown in authenticator apps. */
export const TOTP_ISSUER = 'EpiLink';
/** Number of recovery codes issued at enrolment. */
export const RECOVERY_CODE_COUNT = 10;

/** A new random TOTP secret (base32, 160 bits). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The enrolment payload: otpauth URI and the same as a QR code (SVG data URL). */
export async function totpEnrolment(
  secret: string,
  username: string,
): Promise<{ otpauthUrl: string; qrSvgDataUrl: string }> {
  const otpauthUrl = generateURI({ issuer: TOTP_ISSUER, label: username, secret });
  const svg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { otpauthUrl, qrSvgDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/**
 * Check a TOTP code (one step of clock drift either way). Returns the accepted time step, or
 * null. A code whose step is not after `afterStep` is refused, so no code works twice.
 */
export async function checkTotp(
  secret: string,
  code: string,
  afterStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/u.test(code)) return null;
  try {
    const result = await verify({
      secret,
      token: code,
      epochTolerance: 30,
      ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}

/** The current code for a secret (tests, and the CLI's self-check). */
export function currentTotp(secret: string, epochSeconds?: number): Promise<string> {
  return generate({ secret, ...(epochSeconds === undefined ? {} : { epoch: epochSeconds }) });
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A fresh set of recovery codes, as shown to the user once (`xxxxx-xxxxx`). */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]!);
    return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
  });
}

/** SHA-256 of a recovery code as typed (case, spaces and dashes ignored). */
export function hashRecoveryCode(code: string): string {
  const normal = code.toLowerCase().replace(/[\s-]/gu, '');
  return createHash('sha256').update(`recovery:${normal}`).digest('hex');
}
