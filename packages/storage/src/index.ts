export { blocking, counts, fail, pass, skip, summaryTable, warn, type Check, type CheckResult, type FailOn } from './checks.js';
export { DatabaseUrlError, engineOfBackend, parseDatabaseUrl, type DatabaseTarget, type Engine } from './database-url.js';
export { databaseChecks, describeTarget, findDatabase, hostConcern, type DatabaseFinding } from './database.js';
export { containerEnvironment, describeSource, known, secretSource, type Environment, type SecretSource, type Setting } from './environment.js';
export { dataReason, mountCheck, volumeKind, type DataPaths, type VolumeKind } from './mounts.js';
export { bucketExistsCheck, probeBucket, publicAccess, versioningCheck, type ProbeOptions } from './media.js';
export { publicAccessCheck, publicGrants, publicStatements, type PublicAccessFacts } from './public-access.js';
export { clusterEndpoints, describeGlobalClusters, GLOBAL_HOST, globalEndpoints, listProxyEndpoints, listProxyExtraEndpoints, listRdsEndpoints, matchEndpoint, PROXY_ENDPOINT_HOST, RDS_HOST, rdsCheck, resilienceCheck, type RdsEndpoint } from './rds.js';
export { fetchSecret, maskUrlPassword, resolveSecrets, type SecretClients } from './secrets.js';
export { followCname, zonesFor, type CnameHop } from './route53.js';
export { chooseContainer } from '@tandem/ecs';
export { loadTaskDefinition, parseTaskDefinitionFile, type LoadedTaskDefinition, type TaskDefinitionSource } from './task-definition.js';
export {
  MARKER, PLACEHOLDER_HOST, SNIPPET, databaseSettingsCheck, expectedDatabase, imageEnvironment, parseEffectiveSettings, storageSettingsCheck, type EffectiveSettings,
} from './django-settings.js';
export { checksOfImageSettings, dockerArguments, imageChecks, loadImageSettings, namesRegistry, type ImageSettings, type ImageCheckOptions } from './image-check.js';
export { verifyStorage, type VerifyDeps, type VerifyOptions } from './verify.js';
export { bucketVariableOf, mediaNeed, type BucketVariable, type FileEvidence, type MediaMode, type MediaNeed } from './media-need.js';
