// s3rver (a Node S3 server on the file system) in a process of its own, its objects in the
// directory given, the benchmark's credentials (testing/testing) accepted; prints its endpoint.
import { createRequire } from 'node:module';
import S3rver from 's3rver';

const require = createRequire(import.meta.url);
require('s3rver/lib/models/account.js').DUMMY_ACCOUNT.createKeyPair('testing', 'testing');
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[2] });
const { port } = await server.run();
console.log(`http://127.0.0.1:${port}`);
