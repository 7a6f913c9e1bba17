import { describe, expect, it } from 'vitest';
import { isLocalReceiver } from './receiver.ts';

describe('a webhook receiver inside the network is refused unless the configuration allows it', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'https://[::1]/hook',
    'https://10.1.2.3/hook',
    'https://172.20.0.1/hook',
    'https://192.168.1.10/hook',
    'http://169.254.169.254/latest/meta-data',
    'https://[fd00::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://db.local/hook',
    // Hostile review (December 2026): spellings that used to pass as public.
    'https://localhost./hook',
    'https://db.local./hook',
    'https://[::7f00:1]/hook',
    'https://[64:ff9b::a9fe:a9fe]/hook',
    'https://metadata.google.internal/computeMetadata/v1/',
  ])('%s is local', (url) => {
    expect(isLocalReceiver(new URL(url))).toBe(true);
  });

  it.each(['https://his.benhvien.vn/hook', 'https://8.8.8.8/hook', 'https://172.32.0.1/hook'])(
    '%s is public',
    (url) => {
      expect(isLocalReceiver(new URL(url))).toBe(false);
    },
  );
});
