import { InputReader, tableInputs } from '@tandem/kit';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputs } from '../src/inputs.js';

const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${'b'.repeat(64)}`;
const read = (values: Record<string, string>) => readInputs(new InputReader(tableInputs({ cluster: 'shop', service: 'web', ...values })), { AWS_REGION: 'us-east-1', GITHUB_SHA: 'c'.repeat(40) });

test('defaults', () => {
  const inputs = read({ image: IMAGE });
  expect(inputs).toMatchObject({ releaseId: 'c'.repeat(40), waitTimeoutMs: 1_800_000, pollMs: 10_000, onFailure: 'rollback', supersede: false, dryRun: false, circuitBreaker: true, lockBucket: '', lockWaitMs: 600_000 });
  expect([...inputs.images]).toEqual([['', IMAGE]]);
});

test('the run StopTask names: the workflow run and attempt, or a process outside GitHub Actions', () => {
  const env = { AWS_REGION: 'us-east-1', GITHUB_SHA: 'c'.repeat(40), GITHUB_REPOSITORY: 'example/shop', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '3' };
  expect(readInputs(new InputReader(tableInputs({ cluster: 'shop', service: 'web', image: IMAGE })), env).run).toBe('example/shop run 42 attempt 3');
  expect(read({ image: IMAGE }).run).toBe(`a run outside GitHub Actions (pid ${process.pid})`);
});

test('a cluster or service named by its ARN in the step\'s region', () => {
  const cluster = 'arn:aws:ecs:us-east-1:123456789012:cluster/shop';
  const service = 'arn:aws:ecs:us-east-1:123456789012:service/shop/web';
  expect(read({ image: IMAGE, cluster, service })).toMatchObject({ cluster, services: [service] });
});

test('container-images lines', () => {
  expect([...read({ 'container-images': `django=${IMAGE}\nworker=${IMAGE}` }).images.keys()]).toEqual(['django', 'worker']);
});

test.each([
  [{}, /Input 'image': nothing to deploy/],
  [{ cluster: '' }, /Input 'cluster': is required/],
  [{ image: 'shop:latest' }, /Input 'image': 'shop:latest' is not pinned by digest/],
  [{ image: `${IMAGE}`, 'container-images': `a=${IMAGE}` }, /not both/],
  [{ 'container-images': `a=${IMAGE}\na=${IMAGE}` }, /container 'a' is listed twice/],
  [{ image: IMAGE, 'rollback-to': 'previous' }, /Input 'rollback-to': rollback-to deploys what served/],
  [{ image: IMAGE, 'wait-timeout': '30' }, /Input 'wait-timeout': '30' has no unit/],
  [{ image: IMAGE, 'poll-interval': '1ms' }, /Input 'poll-interval': must be between 10ms and 5m/],
  [{ image: IMAGE, 'on-failure': 'ignore' }, /Input 'on-failure': expected one of 'rollback', 'stop'/],
  [{ image: IMAGE, supersede: 'yes' }, /Input 'supersede': expected true or false/],
  [{ image: IMAGE, 'release-id': 'v1;rm' }, /Input 'release-id'/],
  [{ image: IMAGE, 'github-token': 'ghs_x' }, /Input 'github-deployment': github-token is set but github-deployment is false/],
  [{ image: IMAGE, 'github-token': 'ghs_x', environment: 'production' }, /a job with environment: already has GitHub's own record/],
  [{ image: IMAGE, 'github-deployment': 'true' }, /Input 'github-deployment': is true but github-token is empty/],
  [{ image: IMAGE, 'github-deployment': 'true', 'github-token': 'ghs_x' }, /Input 'environment': is required with github-deployment/],
  [{ image: IMAGE, 'github-deployment': 'yes' }, /Input 'github-deployment': expected true or false/],
  [{ image: IMAGE, 'environment-url': 'shop.example.com' }, /Input 'environment-url'/],
  [{ image: IMAGE, 'migrate-command': '["python", 1]' }, /Input 'migrate-command': is not a command/],
  [{ image: IMAGE, 'migrate-command': 'python manage.py migrate --noinput && python manage.py createcachetable' }, /^Input 'migrate-command': holds '&&', which only a shell understands/],
  [{ image: IMAGE, 'container-name': 'web app' }, /Input 'container-name'/],
  [{ image: IMAGE, 'lock-bucket': 's3://locks' }, /Input 'lock-bucket': 's3:\/\/locks' is not an S3 bucket name/],
  [{ image: IMAGE, 'lock-bucket': 'Deploy_Locks' }, /Input 'lock-bucket'/],
  [{ image: IMAGE, 'lock-bucket': '192.168.1.1' }, /Input 'lock-bucket'/],
  // Reserved by S3: the earlier pattern here knew none of the reserved prefixes and suffixes.
  [{ image: IMAGE, 'lock-bucket': 'xn--locks' }, /Input 'lock-bucket': 'xn--locks' is not an S3 bucket name: .*\(the prefix 'xn--' is reserved by S3\)$/],
  [{ image: IMAGE, 'lock-bucket': 'locks-s3alias' }, /Input 'lock-bucket': 'locks-s3alias' is not an S3 bucket name: .*\(the suffix '-s3alias' is reserved by S3\)$/],
  [{ image: IMAGE, 'lock-bucket': 'locks', 'lock-wait': 'ten minutes' }, /Input 'lock-wait': 'ten minutes' is not a duration/],
  [{ image: IMAGE, 'lock-wait': '7h' }, /Input 'lock-wait': must be between 0s and 6h/],
  [{ image: IMAGE, service: '' }, /Input 'service': is required: name the service, or list several under services/],
  [{ image: IMAGE, services: 'web\nworker' }, /Input 'services': give service or services, not both/],
  [{ image: IMAGE, service: '', services: 'web\nweb' }, /Input 'services': service 'web' is listed twice/],
  [{ image: IMAGE, service: '', services: 'web\nworker pool!' }, /Input 'services': 'worker pool!' is not a service name or ARN/],
  [{ image: IMAGE, service: '', services: 'web worker' }, /^Input 'services': 'web worker' holds 2 services separated by spaces: give them one per line$/],
  [{ 'container-images': `web=${IMAGE} worker=${IMAGE}` }, /^Input 'container-images': 'web=\S+ worker=\S+' holds 2 container=image pairs separated by spaces: give them one per line$/],
  [{ image: IMAGE, service: 'web worker' }, /^Input 'service': names 2 services \(web, worker\): list them under services instead, one a line$/],
  [{ image: IMAGE, service: 'web, worker,scheduler' }, /^Input 'service': names 3 services \(web, worker, scheduler\): list them under services/],
  [{ image: IMAGE, service: 'web app!' }, /^Input 'service': 'web app!' is not a service name or ARN$/],
  [{ image: IMAGE, cluster: 'arn:aws:ecs:eu-west-1:123456789012:cluster/shop' }, /^Input 'cluster': 'arn:aws:ecs:eu-west-1:123456789012:cluster\/shop' is in eu-west-1, but this step calls ECS in us-east-1: set aws-region: eu-west-1, or name one in us-east-1$/],
  [{ image: IMAGE, service: 'arn:aws:ecs:eu-west-1:123456789012:service/shop/web' }, /^Input 'service': '.*' is in eu-west-1, but this step calls ECS in us-east-1/],
  [{ image: IMAGE, service: '', services: 'web\narn:aws:ecs:eu-west-1:123456789012:service/shop/worker' }, /^Input 'services': '.*worker' is in eu-west-1/],
])('%j is refused', (values, message) => {
  expect(() => read(values)).toThrow(message);
});

// One deployment record per environment per push: GitHub makes one for a job with environment:,
// so the action makes none unless asked (for a job without one).
test('GitHub deployment: none by default, one when asked', () => {
  expect(read({ image: IMAGE })).toMatchObject({ githubDeployment: false, githubToken: '' });
  expect(read({ image: IMAGE, 'github-deployment': 'true', 'github-token': 'ghs_x', environment: 'production' })).toMatchObject({ githubDeployment: true, environment: 'production' });
});

test('lock inputs', () => {
  expect(read({ image: IMAGE, 'lock-bucket': 'shop-deploy-locks', 'lock-wait': '0s' })).toMatchObject({ lockBucket: 'shop-deploy-locks', lockWaitMs: 0 });
});

test('services: one a line, in order; service alone is the same as one line', () => {
  expect(read({ image: IMAGE, service: '', services: 'web\n  worker\n\nscheduler\n' })).toMatchObject({ service: 'web', services: ['web', 'worker', 'scheduler'] });
  expect(read({ image: IMAGE })).toMatchObject({ service: 'web', services: ['web'] });
});

test('smoke inputs: none without smoke-url; defaults with it', () => {
  expect(read({ image: IMAGE }).smoke).toBeUndefined();
  expect(read({ image: IMAGE, 'smoke-url': 'https://shop.example.com/api/health' }).smoke).toEqual({ url: 'https://shop.example.com/api/health', status: 200, contains: '', successes: 3, timeoutMs: 120_000, intervalMs: 5_000 });
  expect(read({ image: IMAGE, 'smoke-url': 'http://web.internal/', 'smoke-status': '301', 'smoke-contains': 'r2', 'smoke-successes': '5', 'smoke-timeout': '5m', 'smoke-interval': '2s' }).smoke).toEqual({ url: 'http://web.internal/', status: 301, contains: 'r2', successes: 5, timeoutMs: 300_000, intervalMs: 2_000 });
});

test.each([
  [{ 'smoke-contains': 'r2' }, /^Input 'smoke-contains': is set but smoke-url is empty/],
  [{ 'smoke-url': 'shop.example.com' }, /^Input 'smoke-url': 'shop.example.com' is not a URL/],
  [{ 'smoke-url': 'https://shop.example.com/health\nhttps://shop.example.com/api/health' }, /^Input 'smoke-url': holds 2 URLs: the smoke check asks one, through the load balancer or the CDN$/],
  [{ 'smoke-url': 'https://shop.example.com/health check' }, /^Input 'smoke-url': 'https:\/\/shop.example.com\/health check' holds white space, which a URL cannot: write a space as %20$/],
  [{ 'smoke-url': 'ftp://shop.example.com/' }, /^Input 'smoke-url': 'ftp:\/\/shop.example.com\/' is not an http\(s\) URL$/],
  [{ 'smoke-url': 'https://admin:pw@shop.example.com/' }, /^Input 'smoke-url': holds a user name or password/],
  [{ 'smoke-url': 'https://shop.example.com/', 'smoke-status': '20' }, /^Input 'smoke-status': must be at least 100/],
  [{ 'smoke-url': 'https://shop.example.com/', 'smoke-successes': '0' }, /^Input 'smoke-successes': must be at least 1/],
  [{ 'smoke-url': 'https://shop.example.com/', 'smoke-timeout': '2h' }, /^Input 'smoke-timeout': must be between 1ms and 1h/],
  [{ 'smoke-url': 'https://shop.example.com/', 'smoke-interval': '5m' }, /^Input 'smoke-interval': must be at least 10ms and at most smoke-timeout/],
])('smoke %j is refused', (values, message) => {
  expect(() => read({ image: IMAGE, ...values })).toThrow(message);
});

test('task-definition: read and checked with the inputs, relative to the workspace', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'inputs-'));
  writeFileSync(join(workspace, 'web.json'), JSON.stringify({ family: 'shop-web', containerDefinitions: [{ name: 'django', memory: 512 }] }));
  writeFileSync(join(workspace, 'typo.json'), JSON.stringify({ family: 'shop-web', containerDefinitions: [{ name: 'django', enviroment: [] }] }));
  const env = { AWS_REGION: 'us-east-1', GITHUB_SHA: 'c'.repeat(40), GITHUB_WORKSPACE: workspace };
  const withFile = (values: Record<string, string>) => readInputs(new InputReader(tableInputs({ cluster: 'shop', service: 'web', ...values })), env);
  expect(withFile({ image: IMAGE, 'task-definition': 'web.json' }).taskDefinitions.map((file) => file.definition.family)).toEqual(['shop-web']);
  expect(read({ image: IMAGE }).taskDefinitions).toEqual([]);
  expect(() => withFile({ image: IMAGE, 'task-definition': 'typo.json' })).toThrow(/^Input 'task-definition': typo\.json is not a task definition RegisterTaskDefinition accepts: containerDefinitions\[0\]\.enviroment: is not a key here: did you mean environment\?/);
  expect(() => withFile({ 'rollback-to': 'previous', 'task-definition': 'web.json' })).toThrow(/^Input 'task-definition': rollback-to deploys the revision that served that release/);
});

test('task-definition: one file per service, one a line, every file checked before any AWS call', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'inputs-'));
  const file = (name: string, family: string, container: Record<string, unknown> = { name: 'app', memory: 512 }) => writeFileSync(join(workspace, name), JSON.stringify({ family, containerDefinitions: [container] }));
  file('web.json', 'shop-web');
  file('worker.json', 'shop-worker');
  file('worker-too.json', 'shop-worker');
  file('worker-typo.json', 'shop-worker', { name: 'worker', enviroment: [] });
  file('web-typo.json', 'shop-web', { name: 'django', cpuu: 256 });
  const env = { AWS_REGION: 'us-east-1', GITHUB_SHA: 'c'.repeat(40), GITHUB_WORKSPACE: workspace };
  const withFiles = (files: string, services = 'web\nworker') => readInputs(new InputReader(tableInputs({ cluster: 'shop', services, image: IMAGE, 'task-definition': files })), env);
  expect(withFiles('web.json\nworker.json').taskDefinitions.map((one) => [one.path, one.definition.family])).toEqual([['web.json', 'shop-web'], ['worker.json', 'shop-worker']]);
  // A blank line (a workflow expression that gave nothing) is no file.
  expect(withFiles('web.json\n\n').taskDefinitions.map((one) => one.path)).toEqual(['web.json']);
  expect(() => withFiles('web.json\nworker-typo.json')).toThrow(/^Input 'task-definition': worker-typo\.json is not a task definition RegisterTaskDefinition accepts: containerDefinitions\[0\]\.enviroment: is not a key here: did you mean environment\?/);
  // Every file's problems at once, each naming its file.
  expect(() => withFiles('web-typo.json\nworker-typo.json')).toThrow(/^Input 'task-definition': web-typo\.json is not .*containerDefinitions\[0\]\.cpuu: .*\nworker-typo\.json is not .*containerDefinitions\[0\]\.enviroment: /s);
  expect(() => withFiles('worker.json\nworker-too.json')).toThrow(/^Input 'task-definition': worker\.json and worker-too\.json both name family 'shop-worker': give one file per family$/);
  expect(() => withFiles('web.json\nweb.json')).toThrow(/^Input 'task-definition': web\.json is listed twice$/);
  expect(() => withFiles('web.json\nworker.json', 'web')).toThrow(/^Input 'task-definition': lists 2 files for 1 service: one file per service$/);
  expect(() => withFiles('web.json\nmissing.json')).toThrow(/^Input 'task-definition': cannot read missing\.json: no such file in the workspace/);
});

test('minimum-tasks: 0 (leave the count) by default; a count to raise to', () => {
  expect(read({ image: IMAGE }).minimumTasks).toBe(0);
  expect(read({ image: IMAGE, 'minimum-tasks': '2' }).minimumTasks).toBe(2);
  expect(() => read({ image: IMAGE, 'minimum-tasks': '-1' })).toThrow(/^Input 'minimum-tasks'/);
});

test('promoted-from: the source environment, read as given; refused with rollback-to and when not a tag value', () => {
  const image = `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${'a'.repeat(64)}`;
  expect(read({ image, 'promoted-from': 'staging' }).promotedFrom).toBe('staging');
  expect(read({ image }).promotedFrom).toBe('');
  expect(() => read({ 'rollback-to': 'previous', 'promoted-from': 'staging' })).toThrow(/promoted-from.*rollback-to registers none/);
  expect(() => read({ image, 'promoted-from': 'staging;prod' })).toThrow(/promoted-from/);
});
