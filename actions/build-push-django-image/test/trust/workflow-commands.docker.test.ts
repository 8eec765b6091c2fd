import { randomUUID } from 'node:crypto';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureDjangoBaseImage } from '@tandem/standins/django-image';
import { ensureDocker, startRegistry, type Registry } from '@tandem/standins/docker';
import type { Moto } from '@tandem/standins/moto';
import { sharedMoto } from '@tandem/standins/use-moto';
import { foreignCommands } from '@tandem/standins/workflow-commands';
import { exampleWorkspace } from '../workspace.js';
import { REPOSITORY } from './policy.js';
import { commit, deploy, type Stage } from './scenario.js';

// Text from the project reaches the log through the build's output and Django's checks: a file
// whose name holds a line break and a workflow command (listed by a RUN step), and a system check
// whose message does the same. The runner must read neither as a command.

let moto: Moto;
let registry: Registry;
let stage: Stage;

const CHECKED_APP = `from django.apps import AppConfig
from django.core import checks


def note(app_configs, **kwargs):
    return [checks.Info("catalog note\\n::error title=x::from a check\\n##[error]legacy", id="catalog.I001")]


class CatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalog"

    def ready(self):
        checks.register(note, deploy=True)
`;

beforeAll(async () => {
  await ensureDocker();
  // The registry holds the base image's layer from the start (see registry-seed.ts): a push moves the shop's own layers.
  [moto, registry] = await Promise.all([sharedMoto(), ensureDjangoBaseImage().then((base) => startRegistry({ holding: { image: base, repositories: [REPOSITORY] } }))]);
  const workspace = await exampleWorkspace();
  await writeFile(join(workspace, 'a\n::error title=x::from a file name'), 'x');
  await writeFile(join(workspace, 'catalog', 'apps.py'), CHECKED_APP);
  // The nonce makes the step miss Docker's layer cache, which an earlier run on the same engine
  // would hit, printing no listing at all.
  await appendFile(join(workspace, 'Dockerfile'), `\nRUN ls -1 /app # ${randomUUID()}\n`);
  stage = { workspace, registry: registry.address, endpoint: moto.endpoint, base: await ensureDjangoBaseImage() };
}, 600_000);
afterAll(async () => {
  await Promise.all([moto?.stop(), registry?.stop()]);
});

test('a file name in the build output and a Django check line print no workflow command', async () => {
  const run = await deploy(stage, { sha: commit(31) });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  // Both reached the log, as written.
  expect(run.stdout).toContain('error title=x::from a file name');
  expect(run.stdout).toContain('error title=x::from a check');
  expect(run.stdout).toContain('[error]legacy');
  expect(foreignCommands(run.stdout)).toEqual([]);
}, 300_000);
