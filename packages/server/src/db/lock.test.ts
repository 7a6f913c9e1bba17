import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock } from './lock.ts';

describe('the embedded database folder lock', () => {
  it('lets one holder at a time open a data folder, and frees it on release', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'epilink-lock-')), 'data');
    const release = acquireDataDirLock(dir);
    expect(readFileSync(join(dir, 'epilink.lock'), 'utf8')).toBe(String(process.pid));
    expect(() => acquireDataDirLock(dir)).toThrow(/in use by process/);
    release();
    acquireDataDirLock(dir)();
  });

  it('takes over a lock left behind by a process that died (e.g. killed with SIGKILL)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'epilink-lock-'));
    writeFileSync(join(dir, 'epilink.lock'), '2147483646'); // no such process
    const release = acquireDataDirLock(dir);
    expect(readFileSync(join(dir, 'epilink.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
