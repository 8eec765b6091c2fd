import type { IncomingMessage } from 'node:http';
import { listenOnLoopback, proxyServer } from '@tandem/standins/proxy';

// moto reports every invalidation COMPLETED the moment it is created; AWS reports InProgress for
// several minutes, and while it is, a deploy must read its paths (GetInvalidation) to stay within
// the in-flight limits. This proxy sits between the action and moto and shows the invalidations
// it is told about as InProgress, exactly as moto would render them otherwise. Everything else,
// IAM enforcement included, is moto's own answer. It also records each CloudFront call with the
// status moto gave it, so a test can tell which call a policy refused, and the credentials it
// was signed with, so a secrets test can tell they were in use.

export interface InProgressProxy {
  endpoint: string;
  /** Invalidation ids to show as InProgress. */
  inProgress: Set<string>;
  /** Each call in order: its operation, moto's status, and the key id and session token it was signed with. */
  calls: Array<{ operation: string; status: number; keyId?: string; sessionToken?: string }>;
  stop(): Promise<void>;
}

/** The CloudFront operation of a request, from its method and path (REST-XML, 2020-05-31). */
export function operationOf(method: string, url: string): string {
  const path = url.split('?')[0];
  if (/\/distribution\/[^/]+\/invalidation$/.test(path)) return method === 'POST' ? 'CreateInvalidation' : 'ListInvalidations';
  if (/\/distribution\/[^/]+\/invalidation\/[^/]+$/.test(path)) return 'GetInvalidation';
  if (/\/distribution\/[^/]+$/.test(path)) return 'GetDistribution';
  return `${method} ${path}`;
}

function showInProgress(xml: string, ids: ReadonlySet<string>): string {
  return xml.replace(/<(InvalidationSummary|Invalidation)(\s[^>]*)?>[\s\S]*?<\/\1>/g, (element) => {
    const id = /<Id>([^<]+)<\/Id>/.exec(element)?.[1];
    return id && ids.has(id) ? element.replace('<Status>COMPLETED</Status>', '<Status>InProgress</Status>') : element;
  });
}

export async function startInProgressProxy(upstream: string): Promise<InProgressProxy> {
  const inProgress = new Set<string>();
  const calls: InProgressProxy['calls'] = [];
  const server = proxyServer(upstream, (req: IncomingMessage, res, _body, forward) => {
    forward((answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const status = answer.statusCode ?? 502;
        calls.push({
          operation: operationOf(req.method ?? 'GET', req.url ?? '/'),
          status,
          keyId: /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1],
          sessionToken: req.headers['x-amz-security-token'] as string | undefined,
        });
        const text = showInProgress(Buffer.concat(chunks).toString('utf8'), inProgress);
        res.writeHead(status, { ...answer.headers, 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
    });
  });
  return { ...(await listenOnLoopback(server)), inProgress, calls };
}
