import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildTemplate, dropTemplate } from './db-template.ts';

/** Build one migrated template database for the whole run; each test file clones it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = await buildTemplate();
  if (template.kind === 'pglite') {
    const dir = join(process.cwd(), '.tmp');
    mkdirSync(dir, { recursive: true });
    const dumpPath = join(dir, `pglite-template-${process.pid}.tar`);
    writeFileSync(dumpPath, Buffer.from(await template.dump.arrayBuffer()));
    project.provide('dbTemplate', { kind: 'pglite', dumpPath });
    // The run's template and the copies made from it (a seeded province for the browser files)
    // are ~70 MB each: removed when the run ends, so runs do not fill the disk.
    return () => {
      for (const name of readdirSync(dir))
        if (name.startsWith(basename(dumpPath))) rmSync(join(dir, name), { force: true });
      return Promise.resolve();
    };
  }
  project.provide('dbTemplate', template);
  return () => dropTemplate(template.name);
}
