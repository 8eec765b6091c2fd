import { DefaultRateLimiter, StandardRetryStrategy, type RateLimiter } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryToken } from '@smithy/types';
import { isAccessDenied } from './aws-errors.js';
import { describeGrant } from './grants.js';
import { IDLE_TIMEOUT_MS, type AwsSettings, type RetryTiming } from './aws-settings.js';
import type { AgentOptions } from './proxy.js';
import { SUITE_NAME, SUITE_VERSION } from './version.js';

/** The shared settings every client gets. Credentials are left to the SDK's default chain. */
export interface AwsClientConfig {
  region: string;
  maxAttempts: number;
  retryStrategy: RetryStrategyV2;
  customUserAgent: Array<[string, string]>;
  requestHandler: RequestHandlerConfig;
  /** S3 clients only: the bucket in the path (AwsSettings.pathStyle). */
  forcePathStyle?: boolean;
}

/** What the SDK's NodeHttpHandler is built from. */
export interface RequestHandlerConfig {
  connectionTimeout: number;
  /** Inactivity on the socket, sending or receiving, not the call's whole time: a long upload is not cut. */
  socketTimeout: number;
  httpAgent: AgentOptions;
  httpsAgent: AgentOptions;
}

/** The timeouts, the agents' proxy (none: they go direct) and, when given, their socket limit. */
export function requestHandlerConfig(settings: AwsSettings, maxSockets?: number): RequestHandlerConfig {
  const timeout = settings.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  const agent: AgentOptions = { ...(maxSockets === undefined ? {} : { maxSockets }), ...(settings.proxyEnv ? { proxyEnv: settings.proxyEnv } : {}) };
  return { connectionTimeout: timeout, socketTimeout: timeout, httpAgent: { ...agent }, httpsAgent: { ...agent } };
}

/**
 * The SDK's adaptive retry with an attempt budget per call. The SDK's own strategy keeps one
 * retry quota per client (500 tokens; a retry after a 5xx or a dropped connection costs 14): a
 * storm of 500s across the many concurrent calls of one client empties it, and then a call fails
 * on its second or third attempt with budget left. Here each call gets its own
 * StandardRetryStrategy (the SDK's backoff, error classification and quota, scoped to that call,
 * where max-attempts binds long before the quota does), while the client-side rate limiter that
 * slows every call on throttling stays shared, as it must.
 */
export class PerCallRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'adaptive';
  private readonly limiter: RateLimiter;
  private readonly calls = new WeakMap<RetryToken, StandardRetryStrategy>();
  private readonly perCall: (attempts: number) => StandardRetryStrategy;

  constructor(
    private readonly attempts: number,
    timing?: RetryTiming,
  ) {
    this.limiter = timing?.limiter ?? new DefaultRateLimiter();
    this.perCall = timing ? (count) => timing.perCall(count) : (count) => new StandardRetryStrategy(count);
  }

  async acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    const call = this.perCall(this.attempts);
    const token = await call.acquireInitialRetryToken(scope);
    await this.limiter.getSendToken();
    this.calls.set(token, call);
    return token;
  }

  async refreshRetryTokenForRetry(token: StandardRetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    this.limiter.updateClientSendingRate(errorInfo);
    const call = this.calls.get(token) ?? this.perCall(this.attempts);
    const next = await call.refreshRetryTokenForRetry(token, errorInfo);
    await this.limiter.getSendToken();
    this.calls.set(next, call);
    return next;
  }

  recordSuccess(token: StandardRetryToken): void {
    this.limiter.updateClientSendingRate({});
    this.calls.get(token)?.recordSuccess(token);
  }

  /** Read by the SDK's retry middleware for the amz-sdk-request header. */
  async maxAttempts(): Promise<number> {
    return this.attempts;
  }
}

export function awsClientConfig(settings: AwsSettings, action: string): AwsClientConfig {
  return {
    region: settings.region,
    maxAttempts: settings.maxAttempts,
    retryStrategy: new PerCallRetryStrategy(settings.maxAttempts, settings.retryTiming),
    customUserAgent: [[SUITE_NAME, SUITE_VERSION], ['action', action]],
    requestHandler: requestHandlerConfig(settings),
    ...(settings.pathStyle ? { forcePathStyle: true } : {}),
  };
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string; clientName?: string }) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Builds a client with the shared settings and marks every error it throws with the AWS call
 * that failed and the attempts it made (`PutObject (S3) after 8 attempts`), so a final failure
 * names the call that used up its retries; a refused call also gets the grant it needs
 * (`grant s3:PutObject on arn:aws:s3:::shop-site/*`), worked out from its input.
 */
export function makeClient<C>(Client: new (config: AwsClientConfig) => C, settings: AwsSettings, action: string): C {
  const client = new Client(awsClientConfig(settings, action));
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error && typeof error === 'object') {
          const operation = (context.commandName ?? 'call').replace(/Command$/, '');
          const service = (context.clientName ?? 'AWS').replace(/Client$/, '');
          Object.assign(error, { $awsCall: `${operation} (${service})` });
          if (isAccessDenied(error)) {
            const input = (args as { input?: Record<string, unknown> }).input ?? {};
            const said = refusalText(error);
            Object.assign(error, { $awsGrant: describeGrant({ service, operation, input, region: settings.region }, said) });
          }
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'tandemCallName' },
  );
  return client;
}

/**
 * The refusal's own words. A JSON service that answers a 403 in XML (moto does for ECS and ECR)
 * leaves the SDK with a parse error whose message says nothing to the user: it is replaced by
 * the body's <Message>, kept by the SDK in $responseBodyText.
 */
function refusalText(error: object): string {
  const refused = error as { message?: unknown; $responseBodyText?: unknown; $response?: { body?: unknown } };
  const message = typeof refused.message === 'string' ? refused.message : '';
  if (!message.includes('Deserialization error')) return message;
  const body = [refused.$responseBodyText, refused.$response?.body].find((candidate): candidate is string => typeof candidate === 'string') ?? '';
  const said = /<Message>([^<]*)<\/Message>/.exec(body)?.[1]?.trim();
  const replaced = `access denied (HTTP 403${said ? `: ${said}` : ''})`;
  try {
    Object.assign(error, { message: replaced });
  } catch {
    // A frozen error keeps its message; the grant still says what to do.
  }
  return said ?? '';
}
