/**
 * The most common passwords (assets/passwords/common-passwords.txt, see its SOURCES.md): a password
 * an attacker tries first is refused for an official, whatever its length.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const LIST = fileURLToPath(new URL('../../assets/passwords/common-passwords.txt', import.meta.url));

let common: Set<string> | undefined;

/** The shipped list, loaded once. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(LIST, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  );
  return common;
}

/** True when the password is one of the most common ones (lower case, spaces ignored). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase().replace(/\s+/gu, ''));
}
