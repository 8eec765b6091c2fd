import { progressReporter } from '../src/apply.js';
import { recordingLog } from '@tandem/standins/log';

test('progress is logged at every tenth of the bytes, once each', () => {
  const log = recordingLog();
  const report = progressReporter(log, 'assets', { bytes: 1000, count: 4 });
  report(50);
  report(250);
  report(600);
  report(100);
  expect(log.lines.map((line) => line.message)).toEqual([
    'assets: 30% (2/4 objects, 300 B of 1000 B)',
    'assets: 90% (3/4 objects, 900 B of 1000 B)',
    'assets: 100% (4/4 objects, 1000 B of 1000 B)',
  ]);
});

test('many small objects log at least every 10% of them', () => {
  const log = recordingLog();
  const report = progressReporter(log, 'entry points', { bytes: 2000, count: 200 });
  for (let i = 0; i < 200; i += 1) report(10);
  expect(log.lines.map((line) => line.message.split(':')[1].trim().split(' ')[0])).toEqual(['10%', '20%', '30%', '40%', '50%', '60%', '70%', '80%', '90%', '100%']);
});

test('header updates (no bytes) count objects instead', () => {
  const log = recordingLog();
  const report = progressReporter(log, 'headers', { bytes: 0, count: 2 });
  report(0);
  report(0);
  expect(log.text()).toBe('headers: 50% (1/2 objects, 0 B of 0 B)\nheaders: 100% (2/2 objects, 0 B of 0 B)');
});
