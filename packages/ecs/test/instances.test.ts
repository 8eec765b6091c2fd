import { eligibleInstances, instancePlatform, instancesNote, instanceVerdict, placementFilter, type PlacementInstance } from '../src/instances.js';

test.each([
  [[{ name: 'ecs.cpu-architecture', value: 'x86_64' }, { name: 'ecs.os-type', value: 'linux' }], 'linux/amd64'],
  [[{ name: 'ecs.cpu-architecture', value: 'arm64' }], 'linux/arm64'],
  [[{ name: 'ecs.cpu-architecture', value: 'x86_64' }, { name: 'ecs.os-type', value: 'windows' }], 'windows/amd64'],
  [[{ name: 'ecs.os-type', value: 'linux' }], undefined],
  [[], undefined],
])('instancePlatform(%j) is %s', (attributes, expected) => {
  expect(instancePlatform(attributes)).toBe(expected);
});

const memberOf = (expression: string) => ({ type: 'memberOf' as const, expression });
test.each([
  ['none', {}, {}, undefined],
  ["the service's alone", {}, { placementConstraints: [memberOf('attribute:ecs.cpu-architecture == arm64')] }, 'attribute:ecs.cpu-architecture == arm64'],
  ["the revision's alone", { placementConstraints: [memberOf('attribute:ecs.availability-zone in [eu-west-1a, eu-west-1b]')] }, {}, 'attribute:ecs.availability-zone in [eu-west-1a, eu-west-1b]'],
  [
    'both, each kept whole',
    { placementConstraints: [memberOf('attribute:team == shop or attribute:team == all')] },
    { placementConstraints: [memberOf('attribute:ecs.cpu-architecture == x86_64'), { type: 'distinctInstance' as const }] },
    '(attribute:ecs.cpu-architecture == x86_64) and (attribute:team == shop or attribute:team == all)',
  ],
  ['distinctInstance says nothing of which instances', {}, { placementConstraints: [{ type: 'distinctInstance' as const }] }, undefined],
])('placementFilter: %s', (_name, definition, service, expected) => {
  expect(placementFilter(definition, service)).toBe(expected);
});

const instance = (arn: string, platform?: string, capacityProvider?: string): PlacementInstance => ({ arn, ...(platform ? { platform } : {}), ...(capacityProvider ? { capacityProvider } : {}) });
const cluster = [instance('a', 'linux/amd64', 'intel'), instance('b', 'linux/arm64', 'graviton'), instance('c', 'linux/arm64')];
test.each([
  ['a launch type: every instance', {}, ['a', 'b', 'c']],
  ["a capacity provider's: its instances only", { capacityProviderStrategy: [{ capacityProvider: 'graviton', weight: 1 }] }, ['b']],
  ['two providers', { capacityProviderStrategy: [{ capacityProvider: 'graviton', weight: 1 }, { capacityProvider: 'intel', base: 1, weight: 0 }] }, ['a', 'b']],
])('eligibleInstances: %s', (_name, service, expected) => {
  expect(eligibleInstances(cluster, service).map((one) => one.arn)).toEqual(expected);
});

test.each([
  ['amd64 listed first', [instance('a', 'linux/amd64'), instance('b', 'linux/arm64'), instance('c', 'linux/amd64')], undefined, 'shop-web runs on 3 ACTIVE container instances of shop: linux/amd64, linux/arm64'],
  ['arm64 listed first: the same line', [instance('b', 'linux/arm64'), instance('a', 'linux/amd64'), instance('c', 'linux/amd64')], undefined, 'shop-web runs on 3 ACTIVE container instances of shop: linux/amd64, linux/arm64'],
  ['one without the attribute, under a filter', [instance('a'), instance('b', 'linux/arm64')], 'attribute:team == shop', 'shop-web runs on 2 ACTIVE container instances of shop that satisfy attribute:team == shop: linux/arm64, no ecs.cpu-architecture'],
  ['none', [], 'attribute:team == shop', 'shop-web: no ACTIVE container instance of shop that satisfies attribute:team == shop to compare its images with'],
])('instancesNote: %s', (_name, instances, filter, expected) => {
  expect(instancesNote('shop-web', 'shop', filter, instances)).toBe(expected);
});

const container = { name: 'django', image: 'shop@sha256:1' };
const amd = (arn: string) => instance(arn, 'linux/amd64');
const arm = (arn: string) => instance(arn, 'linux/arm64');
test.each([
  ['amd64 on amd64 instances', ['linux/amd64'], [amd('a'), amd('b')], {}],
  ['arm64/v8 on arm64 instances', ['linux/arm64/v8'], [arm('a')], {}],
  ['both platforms on a mixed cluster', ['linux/amd64', 'linux/arm64'], [amd('a'), arm('b')], {}],
  ['no instances: nothing to compare', ['linux/arm64'], [], {}],
  ['instances that report no architecture', ['linux/arm64'], [instance('a')], {}],
  [
    'amd64 on Graviton instances only: refused',
    ['linux/amd64'],
    [arm('a'), arm('b'), instance('c')],
    {
      problem:
        "container django's image shop@sha256:1 (built for linux/amd64 only) cannot run on the 2 ACTIVE container instances where ECS may place shop-web's tasks: they are linux/arm64 (their ecs.cpu-architecture attribute). " +
        'Build it for linux/arm64 (build-push-django-image\'s platforms: linux/arm64), or run the tasks on x86_64 instances (the placement constraint memberOf "attribute:ecs.cpu-architecture == x86_64")',
    },
  ],
  [
    'arm64 on one amd64 instance: refused, in the singular',
    ['linux/arm64/v8'],
    [amd('a')],
    { problem: expect.stringMatching(/cannot run on the 1 ACTIVE container instance where .* they are linux\/amd64 .*Build it for linux\/amd64 .*memberOf "attribute:ecs\.cpu-architecture == arm64"\)$/) },
  ],
  ['s390x on amd64: refused, with no constraint to offer', ['linux/s390x'], [amd('a')], { problem: expect.stringMatching(/Build it for linux\/amd64 \(build-push-django-image's platforms: linux\/amd64\)$/) }],
  [
    'amd64 on a mixed cluster: a warning naming the constraint',
    ['linux/amd64'],
    [amd('a'), arm('b'), arm('c')],
    {
      warning:
        "ECS may place shop-web's tasks on 2 of the 3 ACTIVE container instances (linux/arm64), where container django's image shop@sha256:1 (built for linux/amd64 only) cannot run: " +
        'add the placement constraint memberOf "attribute:ecs.cpu-architecture == x86_64", or build the image for linux/arm64 as well',
    },
  ],
])('instanceVerdict: %s', (_name, platforms, instances, expected) => {
  expect(instanceVerdict(container, platforms, instances, 'shop-web')).toEqual(expected);
});
