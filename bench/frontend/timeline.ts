// Where a redeploy's time goes, request by request: the action's bundle and the floor redeploy the
// bench's 2,058-file site (one page changed, as in the comparison) through a proxy in front of
// moto that times each request (sent and answered, in milliseconds from the run's start).
// Run: npx tsx bench/frontend/timeline.ts (after npm run package). BENCH_RUNS rounds (2).
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startMoto } from '@tandem/standins/moto';
import { actionSync, floorSync } from './tools.js';
import { REALISTIC, siteFiles, writeSite } from './site.js';

const ROUNDS = Number(process.env.BENCH_RUNS ?? 2);
const CHANGED = 'docs/section-7/page-7/index.html';

/** A proxy in a process of its own (the bench's own work must not delay what it times). */
function proxySource(target: string): string {
  return `
const http = require('node:http');
const target = new URL(${JSON.stringify(target)});
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
let log = [];
let start = performance.now();
const server = http.createServer((req, res) => {
  if (req.url === '/__reset') { log = []; start = performance.now(); res.end(); return; }
  if (req.url === '/__log') { res.end(log.join('\\n')); return; }
  const sent = performance.now() - start;
  const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
    answer.on('end', () => log.push([sent.toFixed(0), (performance.now() - start).toFixed(0), req.method, decodeURIComponent(req.url.split('?x-id=')[0]), answer.statusCode].join('\\t')));
  });
  req.pipe(upstream);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;
}

const moto = await startMoto();
const proxy = spawn(process.execPath, ['-e', proxySource(moto.endpoint)], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const port = await new Promise<string>((resolve) => proxy.stdout.once('data', (data: Buffer) => resolve(data.toString().trim())));
  const endpoint = `http://127.0.0.1:${port}`;
  const agent = new Agent({ keepAlive: false });
  const call = (path: string) =>
    new Promise<string>((resolve, reject) => {
      request(`${endpoint}${path}`, { agent }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      })
        .on('error', reject)
        .end();
    });
  const s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  for (const bucket of ['timeline-action', 'timeline-floor']) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const work = await mkdtemp(join(tmpdir(), 'bench-timeline-'));
  const builds = [join(work, 'a'), join(work, 'b')];
  await writeSite(builds[0], siteFiles(REALISTIC));
  await writeSite(builds[1], siteFiles(REALISTIC, new Set([CHANGED])));
  await actionSync(moto.endpoint, 'timeline-action', builds[0], 'r0', 16);
  await floorSync(moto.endpoint, 'timeline-floor', builds[0], 16);
  for (let round = 1; round <= ROUNDS; round += 1) {
    const dir = builds[round % 2];
    for (const [tool, run] of [
      ['action', () => actionSync(endpoint, 'timeline-action', dir, `r${round}`, 16)],
      ['floor', () => floorSync(endpoint, 'timeline-floor', dir, 16)],
    ] as const) {
      await call('/__reset');
      const measured = await run();
      console.log(`\n${tool}, round ${round}: ${measured.seconds.toFixed(3)} s\nsent\tanswered\trequest\tstatus\n${await call('/__log')}`);
    }
  }
  s3.destroy();
} finally {
  proxy.kill();
  await moto.stop();
}
