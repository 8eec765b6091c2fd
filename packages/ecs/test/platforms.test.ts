import { platformName } from '@tandem/kit';
import { indexPlatforms, platformProblem, platformProblems, runsOn, runsThere } from '../src/platforms.js';

test.each([
  [{ os: 'linux', architecture: 'amd64' }, 'linux/amd64'],
  [{ os: 'linux', architecture: 'arm64', variant: 'v8' }, 'linux/arm64/v8'],
  [{ os: 'windows', architecture: 'amd64' }, 'windows/amd64'],
  [{}, 'unknown/unknown'],
])('platformName(%j) is %s', (platform, name) => {
  expect(platformName(platform)).toBe(name);
});

test("an index's platforms leave out BuildKit's attestation manifests, by their annotation or their unknown platform", () => {
  expect(
    indexPlatforms([
      { platform: { os: 'linux', architecture: 'amd64' } },
      { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
      { platform: { os: 'linux', architecture: 'amd64' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
    ]),
  ).toEqual(['linux/amd64', 'linux/arm64/v8']);
});

const fargate = { launchType: 'FARGATE' as const };
test.each([
  ['ARM64 named', { runtimePlatform: { cpuArchitecture: 'ARM64' as const } }, {}, { platform: 'linux/arm64', because: 'runtimePlatform.cpuArchitecture ARM64' }],
  ['X86_64 named, on Fargate', { runtimePlatform: { cpuArchitecture: 'X86_64' as const, operatingSystemFamily: 'LINUX' as const } }, fargate, { platform: 'linux/amd64', because: 'runtimePlatform.cpuArchitecture X86_64' }],
  ['Windows', { runtimePlatform: { cpuArchitecture: 'X86_64' as const, operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' as const } }, fargate, { platform: 'windows/amd64', because: 'runtimePlatform.cpuArchitecture X86_64' }],
  ['Fargate launch type, nothing named', {}, fargate, { platform: 'linux/amd64', because: expect.stringMatching(/^Fargate's default/) }],
  ['a Fargate Spot capacity provider', {}, { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] }, { platform: 'linux/amd64', because: expect.stringMatching(/^Fargate's default/) }],
  ["the cluster's default strategy, a Fargate-only revision", { requiresCompatibilities: ['FARGATE' as const] }, {}, { platform: 'linux/amd64', because: expect.stringMatching(/^Fargate's default/) }],
  ['EC2, nothing named: the instances decide', {}, { launchType: 'EC2' as const }, undefined],
  ['an EC2 capacity provider', { requiresCompatibilities: ['EC2' as const, 'FARGATE' as const] }, { capacityProviderStrategy: [{ capacityProvider: 'graviton-asg', weight: 1 }] }, undefined],
  ["the cluster's default strategy, a revision for EC2 and Fargate", { requiresCompatibilities: ['EC2' as const, 'FARGATE' as const] }, {}, undefined],
])('runsOn: %s', (_name, definition, service, expected) => {
  expect(runsOn(definition, service)).toEqual(expected);
});

test.each([
  [['linux/amd64'], 'linux/amd64', true],
  [['linux/arm64/v8'], 'linux/arm64', true],
  [['linux/amd64', 'linux/arm64'], 'linux/arm64', true],
  [['linux/arm64'], 'linux/amd64', false],
  [['linux/amd64'], 'windows/amd64', false],
  [[], 'linux/amd64', false],
])('runsThere(%j, %s) is %s', (platforms, target, expected) => {
  expect(runsThere(platforms, target)).toBe(expected);
});

const container = { name: 'django', image: 'shop@sha256:1' };
test.each([
  [['linux/arm64'], 'linux/amd64', /built for linux\/arm64 only, but shop-web runs its tasks on linux\/amd64 \(why\): build it for linux\/amd64 \(build-push-django-image's platforms: linux\/amd64\), or set runtimePlatform\.cpuArchitecture ARM64 in the task definition if the tasks should run on ARM64$/],
  [['linux/amd64'], 'linux/arm64', /built for linux\/amd64 only, .*or set runtimePlatform\.cpuArchitecture X86_64 in the task definition if the tasks should run on X86_64$/],
  [['linux/s390x'], 'linux/amd64', /built for linux\/s390x only, but shop-web runs its tasks on linux\/amd64 \(why\): build it for linux\/amd64 \(build-push-django-image's platforms: linux\/amd64\)$/],
  [[], 'linux/amd64', /built for no platform, but shop-web runs its tasks on linux\/amd64 \(why\): build it for linux\/amd64 \(build-push-django-image's platforms: linux\/amd64\)$/],
  [['linux/amd64'], 'linux/amd64', undefined],
])('platformProblem(%j on %s)', (platforms, platform, expected) => {
  const problem = platformProblem(container, platforms, { platform, because: 'why' }, 'shop-web');
  if (expected) expect(problem).toMatch(expected);
  else expect(problem).toBeUndefined();
});

test('platformProblems: each container of each revision whose image is known, once; unknown images and EC2 revisions are not compared', () => {
  const arm = 'shop@sha256:arm';
  const both = 'shop@sha256:both';
  const builtFor = new Map([
    [arm, ['linux/arm64']],
    [both, ['linux/amd64', 'linux/arm64']],
  ]);
  const web = { family: 'shop-web', containerDefinitions: [{ name: 'django', image: arm }, { name: 'nginx', image: 'nginx:1.27' }] };
  const problems = platformProblems(
    [
      { definition: web, service: fargate },
      { definition: { ...web }, service: fargate },
      { definition: { family: 'shop-worker', containerDefinitions: [{ name: 'worker', image: both }] }, service: fargate },
      { definition: { family: 'shop-ec2', containerDefinitions: [{ name: 'django', image: arm }] }, service: { launchType: 'EC2' as const } },
    ],
    builtFor,
  );
  expect(problems).toEqual([expect.stringMatching(/^container django's image shop@sha256:arm is built for linux\/arm64 only, but shop-web runs its tasks on linux\/amd64/)]);
});
