import { checkFamilies, pairFilesWithServices, type FileFamily } from '../src/index.js';

const web = { path: 'deploy/web.json', family: 'shop-web' };
const worker = { path: 'deploy/worker.json', family: 'shop-worker' };
const services = [{ name: 'web', family: 'shop-web' }, { name: 'worker', family: 'shop-worker' }, { name: 'scheduler', family: 'shop-scheduler' }];

test.each<[string, FileFamily[], Array<{ name: string; family: string }>, Record<string, string>]>([
  ['no file: every service from its running revision', [], services, {}],
  ['one service, one file: that file, whatever its family (checked when rendered)', [{ path: 'web.json', family: 'shop-old' }], [{ name: 'web', family: 'shop-web' }], { web: 'web.json' }],
  ['several services, one file: the service whose family it names', [worker], services, { worker: worker.path }],
  ['several files, each to its family, in any order', [worker, web], services, { web: web.path, worker: worker.path }],
  ['two services of one family share its file', [web], [{ name: 'web', family: 'shop-web' }, { name: 'web-canary', family: 'shop-web' }], { web: web.path, 'web-canary': web.path }],
])('%s', (_, files, running, expected) => {
  expect(Object.fromEntries([...pairFilesWithServices(files, running)].map(([name, file]) => [name, file.path]))).toEqual(expected);
});

test.each<[string, FileFamily[], Array<{ name: string; family: string }>, RegExp]>([
  ['a file of no service of the step', [web, { path: 'deploy/cron.json', family: 'shop-cron' }], services, /^Input 'task-definition': family 'shop-cron' in deploy\/cron\.json is the family of no service of this step \(web: shop-web; worker: shop-worker; scheduler: shop-scheduler\)/],
  ['one service, two files: the second names no service', [web, worker], [{ name: 'web', family: 'shop-web' }], /^Input 'task-definition': family 'shop-worker' in deploy\/worker\.json is the family of no service/],
])('refused: %s', (_, files, running, message) => {
  expect(() => pairFilesWithServices(files, running)).toThrow(message);
});

test.each<[string, FileFamily[], RegExp | undefined]>([
  ['one file per family', [web, worker], undefined],
  ['two files of one family', [web, { path: 'deploy/web-v2.json', family: 'shop-web' }], /^Input 'task-definition': deploy\/web\.json and deploy\/web-v2\.json both name family 'shop-web': give one file per family$/],
  ['one file listed twice', [web, worker, web], /^Input 'task-definition': deploy\/web\.json is listed twice$/],
])('families: %s', (_, files, message) => {
  if (message) expect(() => checkFamilies(files)).toThrow(message);
  else expect(() => checkFamilies(files)).not.toThrow();
});
