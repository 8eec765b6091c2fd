import { deployLockKey, deployLockTtlMs } from '../src/index.js';

test.each([
  ['shop', 'web', 'tandem-deploy/locks/ecs/shop/web.json'],
  ['arn:aws:ecs:eu-west-1:123456789012:cluster/shop', 'arn:aws:ecs:eu-west-1:123456789012:service/shop/web', 'tandem-deploy/locks/ecs/shop/web.json'],
  ['shop', 'arn:aws:ecs:eu-west-1:123456789012:service/web', 'tandem-deploy/locks/ecs/shop/web.json'],
  ['staging', 'web', 'tandem-deploy/locks/ecs/staging/web.json'],
])('cluster %s, service %s: one lock, %s', (cluster, service, key) => {
  expect(deployLockKey(cluster, service)).toBe(key);
});

test('the lock outlives the longest run: the rollout, then as long again for the rollback, plus 10 minutes', () => {
  expect(deployLockTtlMs(30 * 60_000)).toBe(70 * 60_000);
});
