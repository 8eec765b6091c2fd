import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EXAMPLE_DJANGO_DIR } from '@tandem/standins/django-image';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures');

/** A copy of the example project, with a fixture's files laid over it (e.g. a changed model). */
export async function exampleWorkspace(overlay?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'django-ws-'));
  await cp(EXAMPLE_DJANGO_DIR, dir, { recursive: true, filter: (source) => !/__pycache__|staticfiles|db\.sqlite3/.test(source) });
  if (overlay) await cp(join(FIXTURES, overlay), dir, { recursive: true, filter: (source) => !source.endsWith('README.md') });
  return dir;
}
