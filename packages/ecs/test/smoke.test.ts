import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { judgeAnswer, realClock, runSmokeCheck, type SmokeCheck } from '../src/index.js';
import { recordingLog } from '@tandem/standins/log';

test.each<[string, Pick<SmokeCheck, 'status' | 'contains'>, { status?: number; body?: string; error?: string }, boolean, RegExp]>([
  ['the status and the text', { status: 200, contains: 'r2' }, { status: 200, body: '<p>release r2</p>' }, true, /^status 200, body contains "r2"$/],
  ['any body', { status: 200, contains: '' }, { status: 200 }, true, /^status 200$/],
  ['another status', { status: 200, contains: '' }, { status: 502, body: 'Bad Gateway' }, false, /^status 502, expected 200$/],
  ['the text missing', { status: 200, contains: 'r2' }, { status: 200, body: 'release r1' }, false, /^status 200, but the body does not contain "r2"$/],
  ['a redirect expected', { status: 301, contains: '' }, { status: 301 }, true, /^status 301$/],
  ['no answer', { status: 200, contains: '' }, { error: 'ECONNREFUSED' }, false, /^ECONNREFUSED$/],
])('%s', (_, check, answer, ok, why) => {
  const verdict = judgeAnswer(check, answer);
  expect(verdict.ok).toBe(ok);
  expect(verdict.why).toMatch(why);
});

// A local server answering from a script, one answer per request, then the last one for ever.
async function serve(script: Array<[number, string]>) {
  let served = 0;
  const server = createServer((_, response) => {
    const [status, body] = script[Math.min(served, script.length - 1)];
    served += 1;
    response.writeHead(status, { 'content-type': 'text/plain' }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((done) => server.close(done)), served: () => served };
}

test('a failure in between starts the count again: passes on the third good answer in a row', async () => {
  const server = await serve([[200, 'r2'], [502, 'bad'], [200, 'r2'], [200, 'r2'], [200, 'r2']]);
  const log = recordingLog();
  const result = await runSmokeCheck({ url: server.url, status: 200, contains: 'r2', successes: 3, timeoutMs: 10_000, intervalMs: 20 }, { clock: realClock, log });
  await server.close();
  expect(result).toMatchObject({ passed: true, attempts: 5, consecutive: 3 });
  expect(log.text()).toContain(`smoke 2: ${server.url}: status 502, expected 200`);
  expect(log.text()).toContain(`smoke 5: ${server.url}: status 200, body contains "r2" (3 of 3 in a row)`);
});

test('never enough in a row within the timeout: fails, naming the last answer', async () => {
  const server = await serve([[200, 'r1']]);
  // A timeout of some seconds: on a loaded machine a first answer can take most of a shorter one.
  const result = await runSmokeCheck({ url: server.url, status: 200, contains: 'r2', successes: 2, timeoutMs: 3_000, intervalMs: 50 }, { clock: realClock, log: recordingLog() });
  await server.close();
  expect(result.passed).toBe(false);
  expect(result.attempts).toBeGreaterThanOrEqual(2);
  expect(result.reason).toMatch(new RegExp(`^the smoke check of ${server.url} failed: no 2 good answers in a row within 3s \\(\\d+ requests; the last: status 200, but the body does not contain "r2"\\)$`));
});

test('a server that never answers: each request gives up within smoke-timeout, and the check fails', async () => {
  const server = createServer(() => undefined);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const started = Date.now();
  const result = await runSmokeCheck({ url, status: 200, contains: '', successes: 1, timeoutMs: 400, intervalMs: 100 }, { clock: realClock, log: recordingLog() });
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  expect(result.passed).toBe(false);
  expect(result.reason).toMatch(/the last: no answer within \d+ms/);
  expect(Date.now() - started).toBeLessThan(3_000);
});

test('a cancelled workflow stops the check', async () => {
  const controller = new AbortController();
  controller.abort();
  const result = await runSmokeCheck({ url: 'http://127.0.0.1:9/', status: 200, contains: '', successes: 1, timeoutMs: 10_000, intervalMs: 100 }, { clock: realClock, log: recordingLog(), signal: controller.signal });
  expect(result).toMatchObject({ passed: false, attempts: 0 });
  expect(result.reason).toMatch(/cancelled/);
});
