/**
 * The README states how many API routes the authorization matrix covers (issue #9, "the count of
 * covered routes in the README"). The count is derived from the route table here, so the README
 * cannot drift from the code: a new personal-data route must update the sentence.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routeIsPersonal } from '../../src/http/personalData.ts';
import { ROUTES } from '../../src/routes.ts';

describe('README: the authorization matrix count', () => {
  it('names the number of routes the matrix covers and the number of routes there are', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const covered = ROUTES.filter(routeIsPersonal).length;
    expect(readme).toContain(`covers **${covered} of the ${ROUTES.length} API routes**`);
  });
});
