import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { useMoto } from '@tandem/standins/use-moto';

// moto's server keeps a connection between requests, as AWS does (moto-keepalive.py): werkzeug
// alone answers every request with `Connection: close`.
const moto = useMoto({ buckets: ['kept-site'] });

/** An agent with one kept socket, counting the connections it opens. */
function countingAgent() {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const opened: Socket[] = [];
  const open = agent.createConnection.bind(agent);
  agent.createConnection = ((...args: Parameters<typeof open>) => {
    const socket = open(...args) as Socket;
    opened.push(socket);
    return socket;
  }) as typeof agent.createConnection;
  return { agent, opened };
}

interface Answer {
  status: number;
  body: string;
  connection: string | undefined;
  reused: boolean;
}

/** One unsigned request to moto's S3: moto takes it as anonymous, so what it writes is public-read. */
function send(agent: Agent, method: string, path: string, body?: string[] | string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, moto.endpoint);
    // A string is sent with its Content-Length (node frames a GET's body only when told its length).
    const length = typeof body === 'string' ? { 'content-length': String(Buffer.byteLength(body)) } : {};
    const req = request({ host: url.hostname, port: url.port, method, path: url.pathname, agent, headers: { ...headers, ...length } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    // An array is sent as chunks with no Content-Length: Transfer-Encoding: chunked.
    for (const chunk of Array.isArray(body) ? body : []) req.write(chunk);
    req.end(typeof body === 'string' ? body : undefined);
  });
}

test('requests one after another share one connection, and each gets its own answer', async () => {
  const { agent, opened } = countingAgent();
  const put = await send(agent, 'PUT', '/kept-site/a.txt', 'first', { 'content-type': 'text/plain', 'x-amz-acl': 'public-read' });
  const get = await send(agent, 'GET', '/kept-site/a.txt');
  const head = await send(agent, 'HEAD', '/kept-site/a.txt');
  const missing = await send(agent, 'GET', '/kept-site/none.txt');
  const again = await send(agent, 'GET', '/kept-site/a.txt');
  agent.destroy();
  expect([put, get, head, missing, again].map(({ status, reused }) => ({ status, reused }))).toEqual([
    { status: 200, reused: false },
    { status: 200, reused: true },
    { status: 200, reused: true },
    { status: 404, reused: true },
    { status: 200, reused: true },
  ]);
  expect([get.body, again.body]).toEqual(['first', 'first']);
  expect(put.connection).not.toBe('close');
  expect(opened).toHaveLength(1);
});

test('a body moto answers without reading, or sent in chunks, does not run into the next request', async () => {
  const { agent, opened } = countingAgent();
  // moto's dashboard answers without reading the 300 kB body that came with the request.
  const unread = await send(agent, 'GET', '/moto-api/', 'x'.repeat(300_000));
  const chunked = await send(agent, 'PUT', '/kept-site/chunked.txt', ['one ', 'two ', 'three'], { 'x-amz-acl': 'public-read' });
  const read = await send(agent, 'GET', '/kept-site/chunked.txt');
  agent.destroy();
  expect(unread.status).toBe(200);
  expect([chunked.status, read.status, read.body, read.reused]).toEqual([200, 200, 'one two three', true]);
  expect(opened).toHaveLength(1);
});

test('a client that asks to close gets the connection closed', async () => {
  const { agent, opened } = countingAgent();
  const first = await send(agent, 'GET', '/kept-site/none.txt', undefined, { connection: 'close' });
  const second = await send(agent, 'GET', '/kept-site/none.txt');
  agent.destroy();
  expect([first.status, first.connection, second.status, second.reused]).toEqual([404, 'close', 404, false]);
  expect(opened).toHaveLength(2);
});

test('the SDK makes 20 calls on one connection', async () => {
  const { agent, opened } = countingAgent();
  const s3 = new S3Client({ endpoint: moto.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, requestHandler: { httpAgent: agent } });
  for (let i = 0; i < 10; i++) {
    await s3.send(new PutObjectCommand({ Bucket: 'kept-site', Key: `sdk/${i}.txt`, Body: `body ${i}` }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'kept-site', Key: `sdk/${i}.txt` }));
    expect(await got.Body?.transformToString()).toBe(`body ${i}`);
  }
  s3.destroy();
  agent.destroy();
  expect(opened).toHaveLength(1);
});
