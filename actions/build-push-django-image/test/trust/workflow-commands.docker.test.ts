import { randomUUID } from 'node:crypto';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { foreignCommands } from '@tandem/standins/workflow-commands';
import { REPOSITORY } from './policy.js';
import { commit, deploy, useStage, type Stage } from './scenario.js';

// Text from the project reaches the log through the build's output and Django's checks: a file
// whose name holds a line break and a workflow command (listed by a RUN step), and a system check
// whose message does the same. The runner must read neither as a command.

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

// The registry holds the base image's layer from the start (see registry-seed.ts): a push moves the shop's own layers.
useStage((made) => ({ stage } = made), { reset: 'file', holding: [REPOSITORY] });
beforeAll(async () => {
  const { workspace } = stage;
  await writeFile(join(workspace, 'a\n::error title=x::from a file name'), 'x');
  await writeFile(join(workspace, 'catalog', 'apps.py'), CHECKED_APP);
  // The nonce makes the step miss Docker's layer cache, which an earlier run on the same engine
  // would hit, printing no listing at all.
  await appendFile(join(workspace, 'Dockerfile'), `\nRUN ls -1 /app # ${randomUUID()}\n`);
}, 600_000);

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
