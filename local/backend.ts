// The back end behind the edge's /api/* behaviour: one container of the image the ECS service
// runs now, on a fixed loopback port, standing in for the load balancer and its targets. moto's
// ECS starts no containers, so after each workflow `follow()` reads the service's task definition
// and, when its image changed, migrates with the new image (the one-off task the rollout runs
// first) and replaces the container. The database is the stack's real PostgreSQL.
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { spawn } from 'node:child_process';
import { freePort, waitFor } from '@tandem/standins/ports';
import type { LocalStack, Shop } from './stack.js';

export interface Backend {
  /** The port /api/* goes to. */
  port: number;
  /** The image serving now, or undefined before the first follow(). */
  image(): string | undefined;
  /** Serves the image of the service's current task definition; says whether it changed. */
  follow(): Promise<{ image: string; changed: boolean }>;
  stop(): Promise<void>;
}

function docker(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`docker ${args.slice(0, 2).join(' ')} exited ${code}: ${err.trim()}`))));
  });
}

// A sample product, so the page's list and the API's fields can be seen in a browser.
const SEED = "from catalog.models import Product; Product.objects.get_or_create(slug='linen-shirt', defaults={'name': 'Linen shirt', 'price': '39.00'})";

export async function startBackend(stack: LocalStack, shop: Shop): Promise<Backend> {
  const port = await freePort();
  const name = `shop-web-${port}`;
  const ecs = new ECSClient({ region: 'us-east-1', endpoint: stack.moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  // The task definition's own variables name the RDS endpoint and a Secrets Manager ARN, which
  // do not resolve here; these stand for them.
  const environment = {
    SECRET_KEY: 'local-run-secret-key-not-used-anywhere-else-0123456789',
    DATABASE_URL: `postgres://postgres@127.0.0.1:${stack.postgres.port}/postgres`,
    ALLOWED_HOSTS: '127.0.0.1,localhost',
    AWS_STORAGE_BUCKET_NAME: shop.mediaBucket,
    AWS_S3_ENDPOINT_URL: stack.moto.endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    PORT: String(port),
    WEB_CONCURRENCY: '1',
  };
  const env = Object.entries(environment).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
  const manage = (image: string, ...command: string[]) => docker(['run', '--rm', '--pull', 'never', '--network', 'host', ...env, '--entrypoint', 'python3', image, 'manage.py', ...command]);
  let serving: string | undefined;
  const remove = () => docker(['rm', '-f', name]).catch(() => '');
  return {
    port,
    image: () => serving,
    async follow() {
      const service = (await ecs.send(new DescribeServicesCommand({ cluster: shop.ecs.cluster, services: [shop.ecs.service] }))).services?.[0];
      const definition = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: service?.taskDefinition }));
      const image = definition.taskDefinition?.containerDefinitions?.[0]?.image;
      if (!image) throw new Error(`the service ${shop.ecs.service} runs no image`);
      if (image === serving) return { image, changed: false };
      await manage(image, 'migrate', '--noinput');
      await manage(image, 'shell', '-c', SEED);
      await remove();
      await docker(['run', '-d', '--name', name, '--pull', 'never', '--network', 'host', ...env, image]);
      await waitFor(`the back end ${image}`, async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200, 60_000);
      serving = image;
      return { image, changed: true };
    },
    async stop() {
      await remove();
    },
  };
}
