export { ConfigurationError, describeThrown } from './errors.js';
export { runAction, reportFailure, type ActionContext, type ActionStep } from './entry.js';
export { InputReader, runnerInputs, tableInputs, type InputSource } from './inputs.js';
export { parseBoolean, parseChoice, parseDuration, parseInteger, parseJson, parseList, parsePairs } from './parse.js';
export { awsClientConfig, makeClient, readAwsSettings, resolveRegion, type AwsClientConfig, type AwsSettings } from './aws.js';
export { formatBytes, formatDuration, group, mask, setOutputs, writeSummary, type OutputValue, type SummarySection } from './report.js';
export { runnerLog, type Log } from './log.js';
export { SUITE_NAME, SUITE_VERSION } from './version.js';
export { acquireLock, lockOwner, LockHeldError, LockWaitCancelled, type HeldLock, type LockHolder, type LockOptions } from './lock.js';
