import { createServer, type Server } from 'node:http';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { runBundle } from '@tandem/standins/harness';
import { MOTO_ROLLOUTS } from '@tandem/standins/moto';
import { useMoto } from '@tandem/standins/use-moto';
import { createEcsWorld, type EcsWorld } from '@tandem/standins/ecs-world';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// dist/rolling-deploy-behind-elb/index.js run as the runner runs it, against moto with the
// rollout launcher, and a local HTTP server standing in for GitHub's deployments API.

let world: EcsWorld;
let github: Server;
let githubUrl: string;
const requests: Array<{ method: string; url: string; body?: Record<string, unknown>; auth?: string }> = [];

const moto = useMoto({ script: MOTO_ROLLOUTS, env: { MOTO_ROLLOUT_SECONDS: '1' } });
beforeAll(async () => {
  github = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', body: body ? JSON.parse(body) : undefined, auth: request.headers.authorization });
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify(request.url?.endsWith('/deployments') ? { id: 42, environment: 'production' } : { id: 7, state: 'success' }));
    });
  });
  await new Promise<void>((done) => github.listen(0, '127.0.0.1', done));
  const address = github.address();
  githubUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
beforeEach(async () => {
  requests.length = 0;
  world = await createEcsWorld({ releaseTags: [{ key: 'tandem-deploy:release', value: 'r1' }, { key: 'tandem-deploy:commit', value: '1'.repeat(40) }] });
});
afterAll(async () => {
  await new Promise((done) => github?.close(done));
});

const common = () => ({ cluster: world.cluster, service: world.service, 'poll-interval': '200ms', 'wait-timeout': '1m' });

test('a deploy completes end to end: outputs, summary timeline, GitHub deployment statuses', async () => {
  const image = await world.pushImage('shop', 'v2');
  const run = await runBundle('rolling-deploy-behind-elb', {
    inputs: { ...common(), image, 'migrate-command': 'python manage.py migrate --noinput', 'github-deployment': 'true', 'github-token': 'ghs_secret-token-value', environment: 'production', 'environment-url': 'https://shop.example.com' },
    env: { AWS_ENDPOINT_URL: moto.endpoint, GITHUB_API_URL: githubUrl },
  });
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs).toMatchObject({ status: 'completed', 'previous-task-definition-arn': world.taskDefinitionArn, 'task-definition-arn': expect.stringMatching(/shop-web:2$/), 'deployment-id': expect.stringMatching(/^ecs-svc\/\d+$/) });
  expect(Number(run.outputs.duration)).toBeGreaterThanOrEqual(1);
  expect(run.summary).toMatch(/<td>registered<\/td><td>\+[\d.]+m?s<\/td>/);
  for (const step of ['migrated', 'tasks started', 'healthy', 'drained', 'completed']) expect(run.summary).toContain(`<td>${step}</td>`);
  expect(run.masked).toContain('ghs_secret-token-value');
  expect(run.files.summary + run.files.output + run.stdout.replace(/::add-mask::.*/g, '')).not.toContain('ghs_secret-token-value');
  expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
    'POST /repos/example/shop/deployments',
    'POST /repos/example/shop/deployments/42/statuses',
    'POST /repos/example/shop/deployments/42/statuses',
  ]);
  expect(requests[0].auth).toBe('token ghs_secret-token-value');
  expect(requests[0].body).toMatchObject({ ref: '0123456789abcdef0123456789abcdef01234567', environment: 'production', required_contexts: [], auto_merge: false });
  expect(requests.slice(1).map((r) => r.body?.state)).toEqual(['in_progress', 'success']);
  expect(requests[2].body).toMatchObject({ environment_url: 'https://shop.example.com', log_url: 'https://github.com/example/shop/actions/runs/1001' });
});

test('a circuit-breaker failure fails the step through the bundle, with ECS rolled back and status rolled-back', async () => {
  const image = await world.pushImage('shop-broken', 'v2');
  const run = await runBundle('rolling-deploy-behind-elb', { inputs: { ...common(), image }, env: { AWS_ENDPOINT_URL: moto.endpoint } });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('rolled-back');
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(/^rolling-deploy-behind-elb failed: rolled-back: ECS marked deployment ecs-svc\/\d+ FAILED: ECS deployment circuit breaker: tasks failed to start\..*ECS rolled the service back/);
  expect(run.stdout).toMatch(/stopped \[TaskFailedToStart\]: CannotPullContainerError/);
  expect(run.summary).toContain('<strong>rolled-back</strong>');
  const service = (await world.ecs.send(new DescribeServicesCommand({ cluster: world.cluster, services: [world.service] }))).services![0];
  expect(service.deployments).toEqual([expect.objectContaining({ rolloutState: 'COMPLETED', taskDefinition: world.taskDefinitionArn })]);
});

test('bad input fails before any AWS call, naming the input', async () => {
  const run = await runBundle('rolling-deploy-behind-elb', { inputs: { ...common(), image: 'shop:latest' }, env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' } });
  expect(run.code).toBe(1);
  expect(run.errors).toEqual([expect.stringContaining("rolling-deploy-behind-elb: Input 'image': 'shop:latest' is not pinned by digest")]);
});

test('a task-definition file and a smoke check through the bundle: the file ships, the diff and the smoke timing are in the summary, smoke-check is an output', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'shop-repo-'));
  const yaml = [
    'family: shop-web', 'networkMode: awsvpc', 'requiresCompatibilities: [FARGATE]', 'cpu: "512"', 'memory: "1024"',
    'executionRoleArn: arn:aws:iam::123456789012:role/shop-execution',
    'containerDefinitions:', '  - name: django', '    memory: 1024', '    portMappings: [{ containerPort: 8000, protocol: tcp }]',
    '    environment:', '      - { name: DJANGO_SETTINGS_MODULE, value: shop.settings }', '      - { name: SEARCH_ENABLED, value: "true" }', '',
  ].join('\n');
  writeFileSync(join(workspace, 'web.task-definition.yaml'), yaml);
  const site = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('release r2'));
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
  const address = site.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/healthz`;
  const image = await world.pushImage('shop', 'v2');
  const run = await runBundle('rolling-deploy-behind-elb', {
    inputs: { ...common(), image, 'task-definition': 'web.task-definition.yaml', 'smoke-url': url, 'smoke-contains': 'r2', 'smoke-successes': '2', 'smoke-interval': '100ms' },
    env: { AWS_ENDPOINT_URL: moto.endpoint },
    workspace,
  });
  await new Promise((done) => site.close(done));
  expect(run.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.outputs.status).toBe('completed');
  expect(JSON.parse(run.outputs['smoke-check'])).toEqual({ passed: true, url, attempts: 2, consecutive: 2, seconds: expect.any(Number) });
  const registered = await world.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: run.outputs['task-definition-arn'] }));
  expect(registered.taskDefinition).toMatchObject({ cpu: '512', memory: '1024' });
  expect(registered.taskDefinition?.containerDefinitions?.[0]).toMatchObject({ image, environment: expect.arrayContaining([{ name: 'SEARCH_ENABLED', value: 'true' }]) });
  expect(run.stdout).toContain('task definition changes from web.task-definition.yaml against shop-web:1:');
  expect(run.summary).toContain('~ cpu: "256" -&gt; "512"');
  expect(run.summary).toContain('<h3>Smoke check</h3>');
  expect(run.summary).toMatch(/<td>time to pass<\/td><td>[\d.]+m?s<\/td>/);
});
