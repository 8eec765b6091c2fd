export { ConfigurationError, describeThrown } from './errors.js';
export { failedWith, resultOf, runAction, reportFailure, type ActionContext, type ActionDefinition, type ActionParts } from './entry.js';
export { cancellableClock, pause, realClock, sleep, type Clock } from './clock.js';
export { attemptsMade, awsCallOf, errorName, grantOf, hasStatus, httpStatus, isAccessDenied, isExpiredCredentials, isNamed, isNotFound, isServerError, isThrottling, isTransient } from './aws-errors.js';
export { bucketNameProblem, checkBucketName, checkVariableName, decodedOrAsWritten, normalizePrefix, s3EndpointBucket } from './names.js';
export { accountIn, describeGrant, grantsFor, type AwsRequest, type Grant } from './grants.js';
export { InputReader, runnerInputs, tableInputs, type InputSource } from './inputs.js';
export { INLINE_LIST_BYTES, listOutput, readListFile, type ListFile } from './list-file.js';
export { parseBoolean, parseChoice, parseDuration, parseInteger, parseJson, parseList, parsePairs, refuseSpacedItems, SPACED_GLOBS, spacedPairs, type SpacedItems } from './parse.js';
export { readProxyEnv, type AgentOptions } from './proxy.js';
export { awsClientConfig, makeClient, requestHandlerConfig, type RequestHandlerConfig, PerCallRetryStrategy, type AwsClientConfig } from './aws.js';
export { checkRegion, IDLE_TIMEOUT_MS, localS3Endpoint, readAwsSettings, resolveRegion, type AwsSettings, type RetryTiming } from './aws-settings.js';
export { formatBytes, formatDuration, group, setOutputs, writeSummary, type OutputValue, type SummarySection } from './report.js';
export { neutralise, runnerLog, type Log } from './log.js';
export { carriesSecret, HIDDEN, hasUrlPassword, hideSecrets, isSecretName, mask, shownValue, urlPasswordForms } from './secrets.js';
export { SUITE_NAME, SUITE_VERSION } from './version.js';
export { DEPLOY_LOCK_TTL_MS, deployLockKeys, takeDeployLock, trustWindow, type DeployLockRequest, type LockTiming } from './deploy-lock.js';
export {
  acquireLock,
  describeHolder,
  isLockError,
  leftByEarlierAttempt,
  lockAge,
  lockExpired,
  LockError,
  LockHeldError,
  LockLostError,
  lockOwner,
  LockWaitCancelled,
  parseHolder,
  type HeldLock,
  type LockErrorCode,
  type LockHolder,
  type LockOptions,
  type SeenLock,
} from './lock.js';
export { imageEntries, MANIFEST_TYPES, platformName, type ManifestBody, type Platform } from './manifests.js';
export { PollFailures, type PollFailuresSettings } from './poll-failures.js';
