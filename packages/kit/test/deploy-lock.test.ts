import { deployLockKeys } from '@tandem/kit';

test.each([
  ['shop', 'web', 'tandem-deploy/locks/ecs/shop/web.json'],
  ['arn:aws:ecs:eu-west-1:123456789012:cluster/shop', 'arn:aws:ecs:eu-west-1:123456789012:service/shop/web', 'tandem-deploy/locks/ecs/shop/web.json'],
  ['shop', 'arn:aws:ecs:eu-west-1:123456789012:service/web', 'tandem-deploy/locks/ecs/shop/web.json'],
  ['staging', 'web', 'tandem-deploy/locks/ecs/staging/web.json'],
])('cluster %s, service %s: one lock, %s', (cluster, service, key) => {
  expect(deployLockKeys.service(cluster, service)).toBe(key);
});

test.each([
  ['_releases/', '_releases/lock.json'],
  ['site/_releases/', 'site/_releases/lock.json'],
])('a site whose release record is under %s locks %s', (prefix, key) => {
  expect(deployLockKeys.site(prefix)).toBe(key);
});
