export { encodePath, immutableMatcher, isHashedName, MAX_PATH_LENGTH, relativeKey, viewerPaths } from './paths.js';
export { collapse, covers, directoriesOf, isWildcard, LIMITS, withoutCovered, type CollapseLimits, type Collapsed } from './collapse.js';
export { parseExplicitPath, planInvalidation, takeBatch, type InvalidationPlan, type PlanRequest, type Room } from './plan.js';
export { describeDistribution, keyPrefixFor, siteOriginOf, type CloudFront, type Distribution, type SiteOrigin } from './distribution.js';
export { isCompleted, readInFlight, roomLeft, type InFlight } from './inflight.js';
export { callerReference, submitInvalidations, type SubmitRequest, type Submitted } from './submit.js';
export { InvalidationTimeout, WaitCancelled, waitForInvalidations, type WaitRequest } from './wait.js';
export { backoffDelay, realTiming, type Timing } from './timing.js';
export { explainRefusal } from './refusal.js';
