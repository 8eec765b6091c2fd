// What a client is built with, as the inputs give it: read with the other inputs, before the
// rest of the action (and the AWS SDK, which aws.ts imports) is loaded.
import { isIP } from 'node:net';
import type { RateLimiter, StandardRetryStrategy } from '@smithy/core/retry';
import { ConfigurationError } from './errors.js';
import type { InputReader } from './inputs.js';
import { readProxyEnv } from './proxy.js';

export interface AwsSettings {
  region: string;
  /** Attempts per call, the first included: backoff with jitter, client-side rate limiting on throttling. */
  maxAttempts: number;
  /** How long a client waits between attempts; unset (as the actions leave it), the SDK's own timing. */
  retryTiming?: RetryTiming;
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY as the runner sets them, for the clients' agents (see proxy.ts). */
  proxyEnv?: Record<string, string>;
  /** How long a call waits to connect, or on a connection where nothing moves; IDLE_TIMEOUT_MS when unset. */
  idleTimeoutMs?: number;
  /** S3 takes the bucket in the path rather than in the host name (see localS3Endpoint). */
  pathStyle?: boolean;
}

/**
 * Whether S3 is a local stand-in (moto, LocalStack, MinIO): AWS_ENDPOINT_URL_S3 or
 * AWS_ENDPOINT_URL over http, or on an IP address or localhost. The SDK would put a bucket's
 * name in front of such a host, and for a name with dots (www.example.com) that is no URL
 * (`www.example.com.127.0.0.1`) or no host that resolves (`www.example.com.localhost`): the
 * bucket goes in the path instead, as such servers take it.
 */
export function localS3Endpoint(env: NodeJS.ProcessEnv): boolean {
  const value = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  if (!value || !URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'http:' || url.hostname === 'localhost' || isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0;
}

/**
 * The AWS CLI's connect and read timeouts (60 s each). The SDK has none for S3 and waits 15
 * minutes elsewhere, so one connection that a NAT or a proxy dropped without a word would hold
 * the step until the job's timeout. Timed out, the call is retried as any dropped connection is.
 */
export const IDLE_TIMEOUT_MS = 60_000;


/**
 * The waits of the SDK's retry, for callers that build their clients and choose them: the SDK
 * backs off from a 1 s base on throttling and its rate limiter can slow a client to one call in
 * two seconds, which a test that injects hundreds of faults sleeps through. The attempt budget,
 * which errors are retried and the budget per call stay as they are.
 */
export interface RetryTiming {
  /** One call's strategy for its attempt budget, e.g. `(attempts) => new ConfiguredRetryStrategy(attempts, 10)`. */
  perCall(maxAttempts: number): StandardRetryStrategy;
  /** The rate limiter the client's calls share; the SDK's DefaultRateLimiter when absent. */
  limiter?: RateLimiter;
}


const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The `aws-region` input, else AWS_REGION, else AWS_DEFAULT_REGION (what configure-aws-credentials sets). */
export function resolveRegion(input: string, env: NodeJS.ProcessEnv = process.env): string {
  const region = input || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  if (!region) {
    throw new ConfigurationError(
      'no region: set the aws-region input, or run aws-actions/configure-aws-credentials first (it sets AWS_REGION)',
      'aws-region',
    );
  }
  return checkRegion(region, 'aws-region');
}

/** A region named by an input (aws-region, promote-from-region), refused with what was meant where that is plain. */
export function checkRegion(value: string, input: string): string {
  if (!REGION.test(value)) throw new ConfigurationError(`'${value}' ${regionProblem(value)}`, input);
  return value;
}

function regionProblem(value: string): string {
  const zone = /^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$/.exec(value);
  if (zone) return `is an availability zone: give its region, ${zone[1]}`;
  if (REGION.test(value.toLowerCase())) return `is written in capitals: give it in lower case, ${value.toLowerCase()}`;
  return 'is not an AWS region such as us-east-1';
}

export function readAwsSettings(inputs: InputReader, env: NodeJS.ProcessEnv = process.env): AwsSettings {
  return {
    region: resolveRegion(inputs.string('aws-region'), env),
    maxAttempts: inputs.integer('max-attempts', 8, { min: 1, max: 30 }),
    proxyEnv: readProxyEnv(env),
    idleTimeoutMs: readIdleTimeout(inputs),
    pathStyle: localS3Endpoint(env),
  };
}

/** The `idle-timeout` input: 1 second to 15 minutes (the SDK's own wait for most services). */
function readIdleTimeout(inputs: InputReader): number {
  const ms = inputs.duration('idle-timeout', `${IDLE_TIMEOUT_MS / 1000}s`);
  if (ms < 1000 || ms > 900_000) {
    throw new ConfigurationError(`'${inputs.string('idle-timeout')}' is out of range: give 1s to 15m (the AWS CLI waits 60s)`, 'idle-timeout');
  }
  return ms;
}
