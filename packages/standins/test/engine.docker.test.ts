import { randomBytes } from 'node:crypto';
import { ensureDjangoBaseImage } from '@tandem/standins/django-image';
import { docker, ensureDocker } from '@tandem/standins/docker';
import { engineAddress, engineAnswers, inspectImage, listContainers, removeContainer, removeImage, tagImage } from '@tandem/standins/engine';

// The Engine API calls the tests use instead of the docker CLI, against the real engine, each
// checked against what the CLI itself reports.

test.each([
  [{}, { socketPath: '/var/run/docker.sock' }],
  [{ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, { socketPath: '/run/user/1000/docker.sock' }],
  [{ DOCKER_HOST: 'tcp://127.0.0.1:2375' }, { host: '127.0.0.1', port: 2375 }],
  [{ DOCKER_HOST: 'tcp://docker:2375/' }, { host: 'docker', port: 2375 }],
])('DOCKER_HOST %j: the engine at %j', (env, address) => {
  expect(engineAddress(env)).toEqual(address);
});

test.each([[{ DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1' }], [{ DOCKER_HOST: 'ssh://me@build-box' }], [{ DOCKER_HOST: 'npipe:////./pipe/docker_engine' }]])('DOCKER_HOST %j is refused, named', (env) => {
  expect(() => engineAddress(env)).toThrow(`DOCKER_HOST=${env.DOCKER_HOST}: the stand-ins reach the Docker Engine over a unix socket`);
});

let base: string;
beforeAll(async () => {
  await ensureDocker();
  base = await ensureDjangoBaseImage();
}, 600_000);

test('the engine answers; nothing answers on a socket that does not exist', async () => {
  expect(await engineAnswers()).toBe(true);
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock';
  try {
    expect(await engineAnswers()).toBe(false);
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
});

test('an image tagged, inspected and removed: what the CLI sees at each step', async () => {
  const name = `tandem-test/engine-${randomBytes(4).toString('hex')}:one`;
  expect(await inspectImage(name)).toBeUndefined();
  await tagImage(base, name);
  const tagged = await inspectImage(name);
  expect(tagged?.RepoTags).toContain(name);
  expect(tagged?.Id).toBe(docker(['image', 'inspect', '--format', '{{.Id}}', name]).stdout.trim());
  expect(await removeImage(name)).toBe(true);
  expect(await inspectImage(name)).toBeUndefined();
  expect(docker(['image', 'inspect', name]).status).not.toBe(0);
  // The base keeps its own name, and a second removal finds nothing.
  expect(await inspectImage(base)).toBeDefined();
  expect(await removeImage(name)).toBe(false);
});

test('a container listed by its image, with its command, then removed', async () => {
  const name = `tandem-test-engine-${randomBytes(4).toString('hex')}`;
  const created = docker(['create', '--name', name, '--network', 'none', base, 'sh', '-c', 'echo listed-by-engine']);
  expect(created.status).toBe(0);
  const id = created.stdout.trim();
  try {
    const mine = (await listContainers({ ancestor: base })).filter((container) => container.Id === id);
    expect(mine).toEqual([expect.objectContaining({ Id: id, Command: "sh -c 'echo listed-by-engine'" })]);
    expect((await listContainers()).map((container) => container.Id)).toContain(id);
  } finally {
    expect(await removeContainer(name)).toBe(true);
  }
  expect((await listContainers()).map((container) => container.Id)).not.toContain(id);
  expect(await removeContainer(name)).toBe(false);
});
