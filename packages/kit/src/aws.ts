import { ConfigurationError } from './errors.js';
import type { InputReader } from './inputs.js';
import { SUITE_NAME, SUITE_VERSION } from './version.js';

export interface AwsSettings {
  region: string;
  /** Attempts per call, the first included, for the SDK's adaptive retry (backoff with jitter, client-side rate limiting). */
  maxAttempts: number;
}

/** The shared settings every client gets. Credentials are left to the SDK's default chain. */
export interface AwsClientConfig {
  region: string;
  maxAttempts: number;
  retryMode: 'adaptive';
  customUserAgent: Array<[string, string]>;
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
  if (!REGION.test(region)) throw new ConfigurationError(`'${region}' is not an AWS region such as us-east-1`, 'aws-region');
  return region;
}

export function readAwsSettings(inputs: InputReader, env: NodeJS.ProcessEnv = process.env): AwsSettings {
  return {
    region: resolveRegion(inputs.string('aws-region'), env),
    maxAttempts: inputs.integer('max-attempts', 8, { min: 1, max: 30 }),
  };
}

export function awsClientConfig(settings: AwsSettings, action: string): AwsClientConfig {
  return {
    region: settings.region,
    maxAttempts: settings.maxAttempts,
    retryMode: 'adaptive',
    customUserAgent: [[SUITE_NAME, SUITE_VERSION], ['action', action]],
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
 * that failed (`S3Client PutObjectCommand`), so a final failure names the call after the
 * retries ran out.
 */
export function makeClient<C>(Client: new (config: AwsClientConfig) => C, settings: AwsSettings, action: string): C {
  const client = new Client(awsClientConfig(settings, action));
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error && typeof error === 'object') {
          const call = `${(context.commandName ?? 'call').replace(/Command$/, '')}`;
          Object.assign(error, { $awsCall: `${call} (${(context.clientName ?? 'AWS').replace(/Client$/, '')})` });
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'tandemCallName' },
  );
  return client;
}
