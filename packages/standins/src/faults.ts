import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback, passOn, proxyServer } from './proxy.js';

// A proxy between the actions and moto that answers a share of the calls with the faults AWS
// gives under load, in each service's own error shape:
// - S3 (REST-XML): 503 SlowDown; 500 InternalError.
// - JSON services (ECS, ECR, CloudWatch Logs; X-Amz-Target header): 400 ThrottlingException;
//   500 ServerException (ECS) / InternalFailure.
// - Query services (ELBv2, RDS, STS; Action= form bodies): 400 Throttling in an ErrorResponse.
// - CloudFront (REST-XML under /2020-05-31/): 400 TooManyInvalidationsInProgress on
//   CreateInvalidation, Throttling elsewhere.
// - drop: the connection is closed with no answer.
// - silence: the request is read and nothing ever comes back, the connection left open (a NAT or
//   a proxy that lost it without a word); the client's own timeout has to end it.
// - expired: the session's credentials have expired, as each service says it: 400
//   ExpiredTokenException (JSON services), 400 ExpiredToken in S3's and the query services' XML.

export type FaultKind = 'throttle' | 'server-error' | 'drop' | 'silence' | 'expired';

export interface FaultPlan {
  /** Share of calls answered with a fault, 0 to 1. */
  rate: number;
  kinds: FaultKind[];
  /** Only calls whose operation matches are faulted (all when absent). */
  only?: RegExp;
  seed?: number;
  /** At most this many faults from this plan on, then every call passes (no limit when absent). */
  limit?: number;
}

export interface FaultProxy {
  endpoint: string;
  /** Calls seen and faults injected, by operation. */
  counts: Map<string, { calls: number; faults: number }>;
  /** Every call seen, in order: operation names (`PutObject`-style for JSON and query services, `S3 PUT /bucket/key` for S3). */
  calls: string[];
  /** The calls that change something in AWS. */
  writes(): string[];
  /** How many calls were answered with a fault. */
  faults(): number;
  setPlan(plan: FaultPlan): void;
  /** Back to no faults, with no calls recorded: what a test starts from. */
  clear(): void;
  stop(): Promise<void>;
}

type Protocol = 's3' | 'json' | 'query' | 'cloudfront';

function protocolOf(req: IncomingMessage, body: Buffer): { protocol: Protocol; operation: string } {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return { protocol: 'json', operation: target.split('.').pop() ?? target };
  const url = req.url ?? '/';
  if (url.startsWith('/2020-05-31/')) {
    const operation = /\/invalidation$/.test(url.split('?')[0]) && req.method === 'POST' ? 'CreateInvalidation' : `CloudFront ${req.method} ${url.split('?')[0]}`;
    return { protocol: 'cloudfront', operation };
  }
  const form = req.headers['content-type']?.includes('x-www-form-urlencoded') ? new URLSearchParams(body.toString()) : undefined;
  if (form?.get('Action')) return { protocol: 'query', operation: form.get('Action') as string };
  return { protocol: 's3', operation: `S3 ${req.method}` };
}

const READ_OPERATION = /^(Describe|List|Get|Head|BatchGet|BatchCheck|Check|Query|Scan|Lookup|Search|Validate|Filter)/;

/** Whether a recorded call changes something: S3 PUT/POST/DELETE, CloudFront POST/PUT/DELETE, or an operation that is not a read by name. */
export function isWrite(call: string): boolean {
  const rest = /^(S3|CloudFront) (\w+)/.exec(call);
  if (rest) return rest[2] !== 'GET' && rest[2] !== 'HEAD';
  if (call === 'CreateInvalidation') return true;
  return !READ_OPERATION.test(call) && call !== 'GetAuthorizationToken';
}

const EXPIRED_MESSAGE = 'The security token included in the request is expired';

function answer(res: ServerResponse, protocol: Protocol, operation: string, kind: Exclude<FaultKind, 'drop' | 'silence'>): void {
  const id = `fault-${Math.random().toString(16).slice(2)}`;
  if (kind === 'expired') {
    if (protocol === 'json') {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': id });
      res.end(JSON.stringify({ __type: 'ExpiredTokenException', message: EXPIRED_MESSAGE }));
    } else if (protocol === 's3') {
      res.writeHead(400, { 'content-type': 'application/xml', 'x-amz-request-id': id });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message><RequestId>${id}</RequestId></Error>`);
    } else {
      res.writeHead(400, { 'content-type': 'text/xml', 'x-amzn-requestid': id });
      res.end(`<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>${EXPIRED_MESSAGE}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`);
    }
    return;
  }
  if (protocol === 'json') {
    const [status, type] = kind === 'throttle' ? [400, 'ThrottlingException'] : [500, 'ServerException'];
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': id });
    res.end(JSON.stringify({ __type: type, message: kind === 'throttle' ? 'Rate exceeded' : 'Service unavailable' }));
    return;
  }
  if (protocol === 's3') {
    const [status, code, message] = kind === 'throttle' ? [503, 'SlowDown', 'Please reduce your request rate.'] : [500, 'InternalError', 'We encountered an internal error. Please try again.'];
    res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': id });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>${id}</RequestId></Error>`);
    return;
  }
  const code =
    kind === 'server-error' ? 'InternalFailure' : protocol === 'cloudfront' && operation === 'CreateInvalidation' ? 'TooManyInvalidationsInProgress' : 'Throttling';
  res.writeHead(kind === 'throttle' ? 400 : 500, { 'content-type': 'text/xml', 'x-amzn-requestid': id });
  res.end(`<?xml version="1.0"?><ErrorResponse><Error><Type>${kind === 'throttle' ? 'Sender' : 'Receiver'}</Type><Code>${code}</Code><Message>Rate exceeded</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`);
}

/** A small deterministic generator, so a failing fault run can be repeated with its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

export async function startFaultProxy(upstream: string, initial: FaultPlan = { rate: 0, kinds: [] }): Promise<FaultProxy> {
  const counts = new Map<string, { calls: number; faults: number }>();
  const calls: string[] = [];
  let plan = initial;
  let next = random(initial.seed ?? 42);
  const injected = () => [...counts.values()].reduce((sum, count) => sum + count.faults, 0);
  let injectedBefore = 0;
  const server = proxyServer(upstream, (req, res, body, forward) => {
    const { protocol, operation } = protocolOf(req, body);
    const count = counts.get(operation) ?? { calls: 0, faults: 0 };
    counts.set(operation, count);
    count.calls += 1;
    calls.push(protocol === 's3' ? `${operation} ${(req.url ?? '/').split('?')[0]}` : operation);
    const eligible = !plan.only || plan.only.test(operation);
    const spent = plan.limit !== undefined && injected() - injectedBefore >= plan.limit;
    if (eligible && !spent && plan.kinds.length > 0 && next() < plan.rate) {
      count.faults += 1;
      const kind = plan.kinds[Math.floor(next() * plan.kinds.length)];
      if (kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (kind === 'silence') return;
      answer(res, protocol, operation, kind);
      return;
    }
    forward(passOn(res));
  });
  const { endpoint, stop } = await listenOnLoopback(server);
  const setPlan = (value: FaultPlan) => {
    plan = value;
    next = random(value.seed ?? 42);
    injectedBefore = injected();
  };
  return {
    endpoint,
    counts,
    calls,
    writes: () => calls.filter(isWrite),
    faults: injected,
    setPlan,
    clear() {
      setPlan({ rate: 0, kinds: [] });
      calls.length = 0;
      counts.clear();
    },
    stop,
  };
}
