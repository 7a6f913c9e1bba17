import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs, runCommand } from '../../src/cli.ts';
import { unitDatasets } from '../../src/db/schema/index.ts';
import { createTestApp } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

describe('npm run epilink -- units:load', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a list file that contradicts the list in force, naming the problems, and loads nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'epilink-units-'));
    const file = join(dir, 'next.json');
    // A list whose only commune names a parent that is not in it, and that closes every commune in force.
    writeFileSync(
      file,
      JSON.stringify({
        data: [
          { level1_id: '86', name: 'Tỉnh Vĩnh Long', type: 'Tỉnh', level3s: [] },
          {
            level1_id: '87',
            name: 'X',
            type: 'Tỉnh',
            level2s: [
              {
                level2_id: '999',
                name: 'Y',
                type: 'Huyện',
                level3s: [{ level3_id: '99999', name: 'Z', type: 'Xã' }],
              },
            ],
          },
        ],
      }),
    );
    const { command, options } = parseArgs(['units:load', file, '--from', '2030-01-01']);
    const lines: string[] = [];
    const code = await runCommand(t.database, command, options, (l) => lines.push(l));
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/^Refused/u);
    expect(lines.join('\n')).toMatch(/Commune \d{5}, in force now, is not in the new list/u);
    expect((await t.database.db.select().from(unitDatasets)).map((d) => d.dataset)).toEqual(['2021-11']);
  });

  it('asks for the first day of a list file', async () => {
    const lines: string[] = [];
    const { command, options } = parseArgs(['units:load', '/nonexistent.json']);
    expect(await runCommand(t.database, command, options, (l) => lines.push(l))).toBe(2);
    expect(lines[0]).toContain('--from');
  });
});
