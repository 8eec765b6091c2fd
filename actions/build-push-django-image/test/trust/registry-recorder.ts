import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

// A pass-through proxy in front of the local registry that records each registry call under the
// ECR action AWS authorizes it with (ECR user guide, "Private registry authentication" and the
// repository policy examples: a pull needs BatchGetImage and GetDownloadUrlForLayer, a push
// BatchCheckLayerAvailability, InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload and
// PutImage). It refuses nothing: it shows which registry permissions a run uses, which moto
// cannot enforce because the pushes never reach it.

export interface RegistryRecorder {
  /** host:port to give the action as its registry. */
  address: string;
  /** `METHOD /v2/...` for every call, in order. */
  calls: string[];
  /** The ECR actions those calls need. */
  actions(): Set<string>;
  stop(): Promise<void>;
}

export function ecrActionOf(method: string, path: string): string | undefined {
  const route = /^\/v2\/.+\/(manifests|blobs)\/(uploads\/?[^/]*|[^/]+)$/.exec(path.split('?')[0]);
  if (!route) return undefined;
  const [, kind, rest] = route;
  if (kind === 'manifests') return method === 'PUT' ? 'ecr:PutImage' : 'ecr:BatchGetImage';
  if (!rest.startsWith('uploads')) return method === 'HEAD' ? 'ecr:BatchCheckLayerAvailability' : 'ecr:GetDownloadUrlForLayer';
  if (method === 'POST') return 'ecr:InitiateLayerUpload';
  if (method === 'PATCH') return 'ecr:UploadLayerPart';
  if (method === 'PUT') return 'ecr:CompleteLayerUpload';
  return undefined;
}

export async function recordRegistry(upstream: string): Promise<RegistryRecorder> {
  const [host, port] = upstream.split(':');
  const calls: string[] = [];
  const server = createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    // The Host header stays the proxy's, so the registry's upload locations point back here.
    const forward = request({ host, port: Number(port), method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => req.socket.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    address,
    calls,
    actions: () => new Set(calls.map((call) => ecrActionOf(call.split(' ')[0], call.split(' ')[1])).filter((action): action is string => Boolean(action))),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
