import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { siteClient, uploadFile } from '../src/bucket.js';

// A small file goes up signed with the SHA-256 the scan computed: the SDK's signer does not hash
// the body again, and no Content-MD5 is computed for it. S3 checks the body against that hash.
describe('uploadFile of a small file', () => {
  let seen: Array<{ headers: IncomingHttpHeaders; body: Buffer }>;
  let server: ReturnType<typeof createServer>;
  const saved = { ...process.env };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({ headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(200, { ETag: '"etag-1"', 'Content-Length': '0' }).end();
      });
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    Object.assign(process.env, { AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' });
  });
  afterAll(async () => {
    process.env = saved;
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  });
  beforeEach(() => {
    seen = [];
  });

  async function upload(content: string, sha256: string) {
    const dir = await mkdtemp(join(tmpdir(), 'upload-'));
    const path = join(dir, 'app.js');
    await writeFile(path, content);
    const s3 = siteClient({ region: 'us-east-1', maxAttempts: 1 }, 'test');
    try {
      return await uploadFile(s3, { bucket: 'site', key: 'assets/app.js', path, size: Buffer.byteLength(content), headers: { contentType: 'text/javascript', cacheControl: 'no-cache', sha256 } });
    } finally {
      s3.destroy();
    }
  }

  test('is signed with the hash the scan computed, without a Content-MD5', async () => {
    const content = 'console.log("hello");\n';
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(await upload(content, sha256)).toBe('"etag-1"');
    expect(seen).toHaveLength(1);
    expect(seen[0].body.toString()).toBe(content);
    expect(seen[0].headers['x-amz-content-sha256']).toBe(sha256);
    expect(seen[0].headers['x-amz-meta-sha256']).toBe(sha256);
    expect(seen[0].headers['content-md5']).toBeUndefined();
  });

  test('a file changed since it was hashed goes up with the old hash, which S3 refuses', async () => {
    const hashed = createHash('sha256').update('the bytes that were hashed').digest('hex');
    await upload('other bytes, written after the scan', hashed);
    expect(seen[0].headers['x-amz-content-sha256']).toBe(hashed);
  });
});
