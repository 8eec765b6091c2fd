import { DEPLOY_LOCK_TTL_MS, deployLockKeys, trustWindow } from '@tandem/kit';

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

test.each([
  ['the deploy lock\'s TTL', DEPLOY_LOCK_TTL_MS, 2000],
  ['a 16 s TTL', 16_000, 2000],
  ['a test\'s 1 s TTL', 1000, 125],
  ['a 7 ms TTL', 7, 0],
])('the trust window for %s (%d ms) is %d ms', (_name, ttlMs, window) => {
  expect(trustWindow(ttlMs)).toBe(window);
});
