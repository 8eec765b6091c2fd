export const id = 94;
export const ids = [94];
export const modules = {

/***/ 2094:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  defaultDeps: () => (/* binding */ defaultDeps),
  raisedCount: () => (/* binding */ raisedCount),
  report: () => (/* reexport */ report),
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/ECSClient.js + 8 modules
var ECSClient = __webpack_require__(7777);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-es/ECRClient.js + 8 modules
var ECRClient = __webpack_require__(4211);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-elastic-load-balancing-v2/dist-es/ElasticLoadBalancingV2Client.js + 8 modules
var ElasticLoadBalancingV2Client = __webpack_require__(4677);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch-logs/dist-es/CloudWatchLogsClient.js + 8 modules
var CloudWatchLogsClient = __webpack_require__(519);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/S3Client.js + 9 modules
var S3Client = __webpack_require__(8897);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/retry/index.js
var retry = __webpack_require__(3609);
// EXTERNAL MODULE: ./packages/kit/src/aws-errors.ts
var aws_errors = __webpack_require__(5341);
;// CONCATENATED MODULE: ./packages/kit/src/grants.ts
/**
 * The IAM grant an AWS call needs, spelled as the actions' README policies spell it, so that a
 * refusal says what to add to the role (`grant s3:ListBucket on arn:aws:s3:::shop-site`) rather
 * than only which call failed. Pure: the call, its input and the region in, the grant out.
 */
/** The IAM prefix of each client's service. */
const PREFIX = {
    S3: 's3',
    ECS: 'ecs',
    ECR: 'ecr',
    CloudFront: 'cloudfront',
    ElasticLoadBalancingV2: 'elasticloadbalancing',
    CloudWatchLogs: 'logs',
    RDS: 'rds',
    SecretsManager: 'secretsmanager',
    SSM: 'ssm',
    STS: 'sts',
    IAM: 'iam',
};
/** S3 operations authorised as another IAM action (AWS's "Actions, resources, and condition keys for Amazon S3"). */
const S3_ACTION = {
    ListObjectsV2: 's3:ListBucket',
    ListObjects: 's3:ListBucket',
    HeadBucket: 's3:ListBucket',
    HeadObject: 's3:GetObject',
    ListObjectVersions: 's3:ListBucketVersions',
    GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
    CreateMultipartUpload: 's3:PutObject',
    UploadPart: 's3:PutObject',
    CompleteMultipartUpload: 's3:PutObject',
    DeleteObjects: 's3:DeleteObject',
    ListParts: 's3:ListMultipartUploadParts',
};
const grants_text = (value) => (typeof value === 'string' ? value : '');
const first = (value) => (Array.isArray(value) ? grants_text(value[0]) : grants_text(value));
const isArn = (value) => value.startsWith('arn:');
/**
 * Objects are granted by folder, as the READMEs do (`shop-site/_releases/*`): the first segment
 * of the key, or the whole bucket's objects for a key at the root.
 */
function objectArn(bucket, key) {
    const slash = key.indexOf('/');
    return `arn:aws:s3:::${bucket}/${slash > 0 ? `${key.slice(0, slash + 1)}*` : '*'}`;
}
/** The longest folder every key shares, as an object ARN (DeleteObjects names many keys). */
function keysArn(bucket, keys) {
    if (keys.length === 0)
        return `arn:aws:s3:::${bucket}/*`;
    return objectArn(bucket, keys.reduce((shared, key) => (key.startsWith(shared) ? shared : shared.slice(0, [...shared].findIndex((c, i) => key[i] !== c)))));
}
function s3Grants(operation, input) {
    const bucket = grants_text(input.Bucket);
    const key = grants_text(input.Key);
    const action = S3_ACTION[operation] ?? `s3:${operation}`;
    if (operation === 'CopyObject') {
        const source = decodeURIComponent(grants_text(input.CopySource).replace(/\?.*$/, '').replace(/^\//, ''));
        const at = source.indexOf('/');
        return [
            { action: 's3:GetObject', resource: objectArn(source.slice(0, at), source.slice(at + 1)) },
            { action: 's3:PutObject', resource: objectArn(bucket, key) },
        ];
    }
    if (operation === 'DeleteObject' && input.VersionId)
        return [{ action: 's3:DeleteObjectVersion', resource: objectArn(bucket, key) }];
    if (operation === 'DeleteObjects') {
        const objects = (input.Delete?.Objects ?? []);
        const versioned = objects.some((object) => object.VersionId);
        return [{ action: versioned ? 's3:DeleteObjectVersion' : 's3:DeleteObject', resource: keysArn(bucket, objects.map((object) => object.Key ?? '')) }];
    }
    if (!key && !input.UploadId)
        return [{ action, resource: `arn:aws:s3:::${bucket}` }];
    return [{ action, resource: objectArn(bucket, key) }];
}
/** A task definition by family, every revision: `task-definition/shop-web:*`. */
function taskDefinitionArn(reference, where) {
    const family = (isArn(reference) ? reference.slice(reference.indexOf('task-definition/') + 'task-definition/'.length) : reference).replace(/:\d+$/, '');
    return `arn:aws:ecs:${where}:task-definition/${family}:*`;
}
const lastSegment = (reference) => reference.slice(reference.lastIndexOf('/') + 1);
function ecsResource(operation, input, where) {
    const cluster = lastSegment(grants_text(input.cluster) || 'default');
    switch (operation) {
        case 'DescribeServices':
            return `arn:aws:ecs:${where}:service/${cluster}/${lastSegment(first(input.services))}`;
        case 'UpdateService':
            return `arn:aws:ecs:${where}:service/${cluster}/${lastSegment(grants_text(input.service))}`;
        case 'RunTask':
            return taskDefinitionArn(grants_text(input.taskDefinition), where);
        case 'StopTask':
            return `arn:aws:ecs:${where}:task/${cluster}/*`;
        case 'TagResource': {
            const arn = grants_text(input.resourceArn);
            return arn.includes(':task-definition/') ? taskDefinitionArn(arn, where) : arn || '*';
        }
        default:
            // Describe/List/Register calls on task definitions and tasks take no resource-level grant.
            return '*';
    }
}
function repositoryArn(input, region, account) {
    const name = grants_text(input.repositoryName) || first(input.repositoryNames);
    return `arn:aws:ecr:${region}:${grants_text(input.registryId) || account}:repository/${name}`;
}
function resourceOf(request, account) {
    const { service, operation, input, region } = request;
    const where = `${region}:${account}`;
    switch (service) {
        case 'ECS':
            return ecsResource(operation, input, where);
        case 'ECR':
            return operation === 'GetAuthorizationToken' ? '*' : repositoryArn(input, region, account);
        case 'CloudFront':
            return `arn:aws:cloudfront::${account}:distribution/${grants_text(input.DistributionId) || grants_text(input.Id)}`;
        case 'CloudWatchLogs':
            return `arn:aws:logs:${where}:log-group:${grants_text(input.logGroupName)}:log-stream:*`;
        case 'SecretsManager': {
            // A secret's ARN ends in six random characters AWS adds; the policies grant `NAME-*`.
            const id = grants_text(input.SecretId);
            return isArn(id) ? id.replace(/-[A-Za-z0-9]{6}$/, '-*') : `arn:aws:secretsmanager:${where}:secret:${id}-*`;
        }
        case 'SSM': {
            const name = grants_text(input.Name);
            return isArn(name) ? name : `arn:aws:ssm:${where}:parameter/${name.replace(/^\//, '')}`;
        }
        default:
            // ELBv2 and RDS describe calls, like any call not listed, are granted on "*".
            return '*';
    }
}
/** The grants a call needs: one, or two for a copy (read the source, write the target). */
function grantsFor(request) {
    if (request.service === 'S3')
        return s3Grants(request.operation, request.input);
    const prefix = PREFIX[request.service] ?? request.service.toLowerCase();
    const account = request.account || accountIn(request.input) || '<account>';
    return [{ action: `${prefix}:${request.operation}`, resource: resourceOf(request, account) }];
}
const ACCOUNT = /arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;
/** The account an ARN in the text names, if any. */
function accountIn(value) {
    const found = ACCOUNT.exec(typeof value === 'string' ? value : JSON.stringify(value ?? ''));
    return found?.[1];
}
// AWS names the action and resource it refused in most services' messages:
// "User: arn:aws:sts::123456789012:assumed-role/deploy/x is not authorized to perform: iam:PassRole on resource: arn:...".
const REFUSED = /not authorized to perform:? ([a-z0-9-]+:[A-Za-z0-9]+) on resource:? (\S+?)(?:[\s,.;]|$)/;
/**
 * What to grant for a refused call, as one sentence. The refusal's own words win when they name
 * an action and a resource (a call can need a grant of another service, such as iam:PassRole);
 * otherwise the call's table entry.
 */
function describeGrant(request, message = '') {
    const said = REFUSED.exec(message);
    const grants = said && said[2] !== '*' ? [{ action: said[1], resource: said[2] }] : grantsFor({ ...request, account: request.account || accountIn(message) });
    return `grant ${grants.map((grant) => `${grant.action} on ${grant.resource}`).join(' and ')}`;
}

// EXTERNAL MODULE: ./packages/kit/src/aws-settings.ts + 1 modules
var aws_settings = __webpack_require__(3975);
;// CONCATENATED MODULE: ./packages/kit/src/version.ts
/** The suite's version, sent in the user agent of every AWS call. Checked against package.json by a test. */
const SUITE_NAME = 'tandem-deploy';
const SUITE_VERSION = '1.0.0';

;// CONCATENATED MODULE: ./packages/kit/src/aws.ts





/** The timeouts, the agents' proxy (none: they go direct) and, when given, their socket limit. */
function requestHandlerConfig(settings, maxSockets) {
    const timeout = settings.idleTimeoutMs ?? aws_settings/* IDLE_TIMEOUT_MS */.k$;
    const agent = { ...(maxSockets === undefined ? {} : { maxSockets }), ...(settings.proxyEnv ? { proxyEnv: settings.proxyEnv } : {}) };
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
class PerCallRetryStrategy {
    attempts;
    mode = 'adaptive';
    limiter;
    calls = new WeakMap();
    perCall;
    constructor(attempts, timing) {
        this.attempts = attempts;
        this.limiter = timing?.limiter ?? new retry.DefaultRateLimiter();
        this.perCall = timing ? (count) => timing.perCall(count) : (count) => new retry.StandardRetryStrategy(count);
    }
    async acquireInitialRetryToken(scope) {
        const call = this.perCall(this.attempts);
        const token = await call.acquireInitialRetryToken(scope);
        await this.limiter.getSendToken();
        this.calls.set(token, call);
        return token;
    }
    async refreshRetryTokenForRetry(token, errorInfo) {
        this.limiter.updateClientSendingRate(errorInfo);
        const call = this.calls.get(token) ?? this.perCall(this.attempts);
        const next = await call.refreshRetryTokenForRetry(token, errorInfo);
        await this.limiter.getSendToken();
        this.calls.set(next, call);
        return next;
    }
    recordSuccess(token) {
        this.limiter.updateClientSendingRate({});
        this.calls.get(token)?.recordSuccess(token);
    }
    /** Read by the SDK's retry middleware for the amz-sdk-request header. */
    async maxAttempts() {
        return this.attempts;
    }
}
function awsClientConfig(settings, action) {
    return {
        region: settings.region,
        maxAttempts: settings.maxAttempts,
        retryStrategy: new PerCallRetryStrategy(settings.maxAttempts, settings.retryTiming),
        customUserAgent: [[SUITE_NAME, SUITE_VERSION], ['action', action]],
        requestHandler: requestHandlerConfig(settings),
        ...(settings.pathStyle ? { forcePathStyle: true } : {}),
    };
}
/**
 * Builds a client with the shared settings and marks every error it throws with the AWS call
 * that failed and the attempts it made (`PutObject (S3) after 8 attempts`), so a final failure
 * names the call that used up its retries; a refused call also gets the grant it needs
 * (`grant s3:PutObject on arn:aws:s3:::shop-site/*`), worked out from its input.
 */
function makeClient(Client, settings, action) {
    const client = new Client(awsClientConfig(settings, action));
    client.middlewareStack.add((next, context) => async (args) => {
        try {
            return await next(args);
        }
        catch (error) {
            if (error && typeof error === 'object') {
                const operation = (context.commandName ?? 'call').replace(/Command$/, '');
                const service = (context.clientName ?? 'AWS').replace(/Client$/, '');
                Object.assign(error, { $awsCall: `${operation} (${service})` });
                if ((0,aws_errors/* isAccessDenied */.w7)(error)) {
                    const input = args.input ?? {};
                    const said = refusalText(error);
                    Object.assign(error, { $awsGrant: describeGrant({ service, operation, input, region: settings.region }, said) });
                }
            }
            throw error;
        }
    }, { step: 'initialize', name: 'tandemCallName' });
    return client;
}
/**
 * The refusal's own words. A JSON service that answers a 403 in XML (moto does for ECS and ECR)
 * leaves the SDK with a parse error whose message says nothing to the user: it is replaced by
 * the body's <Message>, kept by the SDK in $responseBodyText.
 */
function refusalText(error) {
    const refused = error;
    const message = typeof refused.message === 'string' ? refused.message : '';
    if (!message.includes('Deserialization error'))
        return message;
    const body = [refused.$responseBodyText, refused.$response?.body].find((candidate) => typeof candidate === 'string') ?? '';
    const said = /<Message>([^<]*)<\/Message>/.exec(body)?.[1]?.trim();
    const replaced = `access denied (HTTP 403${said ? `: ${said}` : ''})`;
    try {
        Object.assign(error, { message: replaced });
    }
    catch {
        // A frozen error keeps its message; the grant still says what to do.
    }
    return said ?? '';
}

// EXTERNAL MODULE: ./packages/kit/src/errors.ts
var errors = __webpack_require__(7817);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/GetObjectCommand.js
var GetObjectCommand = __webpack_require__(40);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/PutObjectCommand.js
var PutObjectCommand = __webpack_require__(5539);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/DeleteObjectCommand.js
var DeleteObjectCommand = __webpack_require__(715);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./packages/kit/src/clock.ts + 1 modules
var src_clock = __webpack_require__(4625);
;// CONCATENATED MODULE: ./packages/kit/src/lock-rules.ts
/**
 * The deploy lock's decisions and errors, apart from the S3 calls: who may take a lock over, and
 * when it has expired, judged only by S3's clock.
 */
/** LastModified and Date carry whole seconds: an age read from them may be short by up to this. */
const S3_CLOCK_RESOLUTION_MS = 1000;
/**
 * How long S3 says the lock has gone without a write, or undefined when S3 did not say (no Date
 * header or no LastModified): the runner's clock is never used in its place.
 */
function lockAge(seen) {
    if (seen.lastModified === undefined || seen.serverDate === undefined)
        return undefined;
    if (Number.isNaN(seen.lastModified) || Number.isNaN(seen.serverDate))
        return undefined;
    return seen.serverDate - seen.lastModified;
}
/** Expired only when S3's own times show it unwritten for longer than the holder's TTL. */
function lockExpired(seen, fallbackTtlMs) {
    if (!seen.holder)
        return false;
    const age = lockAge(seen);
    if (age === undefined)
        return false;
    return age >= ttlOf(seen.holder, fallbackTtlMs) + S3_CLOCK_RESOLUTION_MS;
}
/** The holder's own TTL (it renews against that), or ours for a body written without one. */
function ttlOf(holder, fallbackTtlMs) {
    return Number.isFinite(holder.ttlMs) && holder.ttlMs > 0 ? holder.ttlMs : fallbackTtlMs;
}
/** Reads a lock body; anything that is not one of ours gives undefined (held, never removed). */
function parseHolder(text) {
    try {
        const body = JSON.parse(text);
        if (typeof body?.owner !== 'string' || body.owner === '')
            return undefined;
        return { owner: body.owner, token: typeof body.token === 'string' ? body.token : '', ttlMs: Number(body.ttlMs) };
    }
    catch {
        return undefined;
    }
}
const RUN = /^(.*) run (\d+) attempt (\d+) \((.*)\)$/;
/**
 * A re-run of a workflow run only starts once every attempt before it has ended: a lock one of
 * them still holds was left by a killed runner, and is this job's to take over at once.
 */
function leftByEarlierAttempt(holder, me) {
    const theirs = RUN.exec(holder);
    const mine = RUN.exec(me);
    if (!theirs || !mine)
        return false;
    return theirs[1] === mine[1] && theirs[2] === mine[2] && theirs[4] === mine[4] && Number(theirs[3]) < Number(mine[3]);
}
/** The owner text for a lock, from the runner's environment. */
function lockOwner(action, env = process.env) {
    const repository = env.GITHUB_REPOSITORY ?? 'local';
    const run = env.GITHUB_RUN_ID ? ` run ${env.GITHUB_RUN_ID} attempt ${env.GITHUB_RUN_ATTEMPT ?? '1'}` : ` pid ${process.pid}`;
    return `${repository}${run} (${action}${env.GITHUB_JOB ? `, job ${env.GITHUB_JOB}` : ''})`;
}
const iso = (ms) => (ms === undefined || Number.isNaN(ms) ? 'an unknown time' : new Date(ms).toISOString());
/** Who holds a lock, when S3 last saw it written, and when it expires unless renewed. */
function describeHolder(seen, fallbackTtlMs, lead = ': ') {
    if (!seen)
        return '';
    if (!seen.holder)
        return `${lead}an object this suite did not write (it is never removed)`;
    const expires = seen.lastModified === undefined ? undefined : seen.lastModified + ttlOf(seen.holder, fallbackTtlMs);
    return `${lead}${seen.holder.owner}, last written ${iso(seen.lastModified)}, expires ${iso(expires)} unless renewed (S3's clock)`;
}
/** Every deploy-lock failure: tell them apart by `code` (or instanceof), never by name text. */
class LockError extends Error {
    code;
    location;
    constructor(code, 
    /** s3://bucket/key */
    location, message) {
        super(message);
        this.code = code;
        this.location = location;
    }
}
/** Another deploy held the lock for all of lock-wait. */
class LockHeldError extends LockError {
    seen;
    name = 'LockHeldError';
    constructor(location, seen, waitedMs, ttlMs) {
        super('held', location, `another deploy holds the lock ${location}${describeHolder(seen, ttlMs)}. Waited ${Math.round(waitedMs / 1000)}s. ` +
            `Let that deploy finish, or if its run is gone, delete ${location} or wait for it to expire.`);
        this.seen = seen;
    }
}
/** The workflow was cancelled while waiting: nothing was changed. */
class LockWaitCancelled extends LockError {
    name = 'LockWaitCancelled';
    constructor(location) {
        super('cancelled', location, `the workflow was cancelled while waiting for the deploy lock ${location}. Nothing was changed.`);
    }
}
/** The holder lost its lock (paused past its TTL, renewals failed) and stopped before a write. */
class LockLostError extends LockError {
    name = 'LockLostError';
    constructor(location, why, before) {
        super('lost', location, `lost the deploy lock ${location} (${why}): stopped before ${before}. Another deploy may be running; run this one again once it is done.`);
    }
}
const isLockError = (error) => error instanceof LockError;

;// CONCATENATED MODULE: ./packages/kit/src/lock.ts






/** 412: the condition failed; 404: no such object (If-Match on a missing key); 409: a concurrent conditional write. */
const isConflict = (error) => (0,aws_errors/* hasStatus */.Ro)(error, 404, 409, 412);
const everyInterval = (ms, beat) => {
    const timer = setInterval(beat, ms);
    timer.unref();
    return () => clearInterval(timer);
};
const stamp = (options) => ({ clock: (options.now ?? (() => performance.now()))(), wall: Date.now() });
/** Sends one call and keeps the Date header of its answer: S3's clock, not the runner's. */
async function sendDated(s3, command) {
    let serverDate;
    // Both commands share one stack type at this step; the cast only lets one function serve both.
    command.middlewareStack.add((next) => async (args) => {
        const result = await next(args);
        const date = result.response?.headers?.date;
        if (date)
            serverDate = Date.parse(date);
        return result;
    }, { step: 'deserialize', name: 'lockServerDate' });
    const output = (await s3.send(command));
    return { output, serverDate };
}
async function readLock(s3, bucket, key) {
    try {
        const { output, serverDate } = await sendDated(s3, new GetObjectCommand/* GetObjectCommand */.j({ Bucket: bucket, Key: key }));
        const holder = parseHolder((await output.Body?.transformToString()) ?? '');
        return { holder, etag: output.ETag, lastModified: output.LastModified?.getTime(), serverDate };
    }
    catch (error) {
        if ((0,aws_errors/* hasStatus */.Ro)(error, 404))
            return undefined;
        throw error;
    }
}
async function writeLock(s3, bucket, key, holder, condition) {
    const body = JSON.stringify(holder);
    const { output } = await sendDated(s3, new PutObjectCommand/* PutObjectCommand */.w({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json', ...condition }));
    return output.ETag;
}
/**
 * A lock made of one S3 object. It is created with If-None-Match: '*' (S3 lets exactly one writer
 * create it), renewed by its holder with If-Match on its ETag (a renewal never overwrites a lock
 * someone else took), and taken over, also with If-Match, only when S3's own clock says it went
 * unwritten past its TTL or when an earlier attempt of the same run left it. The runner's clock
 * decides nothing: runners' clocks can be off by minutes.
 *
 * moto 5.2.1 honours If-None-Match and If-Match on PutObject and If-Match on DeleteObject as S3
 * does (412; 404 for If-Match on a missing key), so those paths are tested against it. It never
 * answers 409 ConditionalRequestConflict nor leaves out the Date header: that behaviour is tested
 * with a scripted S3 (packages/kit/test/lock-scripted.test.ts).
 */
async function acquireLock(s3, options, log) {
    const now = options.now ?? Date.now;
    const location = `s3://${options.bucket}/${options.key}`;
    const sleep = waitCancelledAs(options.sleep ?? src_clock/* sleep */.yy, location, options.signal);
    const started = now();
    const holder = { owner: options.owner, token: (0,external_node_crypto_.randomUUID)(), ttlMs: options.ttlMs };
    // When the request that showed the lock ours was sent: S3 said so no earlier than that.
    let asked;
    const held = (etag) => {
        log.info(`Lock ${location} taken by ${options.owner}`);
        return new S3Lock(s3, options, location, holder, etag, log, asked);
    };
    let announced = '';
    for (;;) {
        if (options.signal?.aborted)
            throw new LockWaitCancelled(location);
        try {
            asked = stamp(options);
            return held(await writeLock(s3, options.bucket, options.key, holder, { IfNoneMatch: '*' }));
        }
        catch (error) {
            if (!(0,aws_errors/* hasStatus */.Ro)(error, 412, 409))
                throw error;
        }
        asked = stamp(options);
        const current = await readLock(s3, options.bucket, options.key);
        if (!current)
            continue; // released between the two calls: try again at once
        // Our own write landed but its answer was lost, and the SDK's retry met our lock.
        if (current.holder?.token === holder.token)
            return held(current.etag);
        const why = takeoverReason(current, options);
        if (why && current.etag) {
            log.warning(`Lock ${location}${describeHolder(current, options.ttlMs)}: ${why}, taking it over`);
            try {
                asked = stamp(options);
                return held(await writeLock(s3, options.bucket, options.key, holder, { IfMatch: current.etag }));
            }
            catch (error) {
                if (!isConflict(error))
                    throw error;
                continue; // another waiter moved first; look again
            }
        }
        const waited = now() - started;
        if (waited >= options.waitMs)
            throw new LockHeldError(location, current, waited, options.ttlMs);
        const who = current.holder?.owner ?? 'an unknown writer';
        if (announced !== who) {
            announced = who;
            log.info(`Waiting for ${location}, held${describeHolder(current, options.ttlMs, ' by ')}`);
        }
        await sleep(Math.min(options.pollMs ?? 5000, options.waitMs - waited));
    }
}
function takeoverReason(current, options) {
    if (!current.holder)
        return undefined;
    if (leftByEarlierAttempt(current.holder.owner, options.owner))
        return 'left by an earlier attempt of this run';
    if (lockExpired(current, options.ttlMs))
        return `S3's clock shows it unwritten for ${Math.round((lockAge(current) ?? 0) / 1000)}s, past its TTL`;
    return undefined;
}
/** The wait's sleep: a cancellation during it is a LockWaitCancelled, which says nothing was changed. */
function waitCancelledAs(sleep, location, signal) {
    return async (ms) => {
        try {
            await sleep(ms, signal);
        }
        catch (error) {
            if (signal?.aborted)
                throw new LockWaitCancelled(location);
            throw error;
        }
    };
}
class S3Lock {
    s3;
    options;
    location;
    holder;
    etag;
    log;
    confirmed;
    /** Why the lock is not ours any more; once set, it stays set. */
    lost;
    /** A renewal failed for a reason other than losing the lock: confirm before the next write. */
    unconfirmed = false;
    /** Renewals and checks run one at a time, so none carries an ETag another has just replaced. */
    queue = Promise.resolve();
    stopBeating;
    renewEveryMs;
    constructor(s3, options, location, holder, etag, log, 
    /** When the last request that found the lock ours was sent. */
    confirmed) {
        this.s3 = s3;
        this.options = options;
        this.location = location;
        this.holder = holder;
        this.etag = etag;
        this.log = log;
        this.confirmed = confirmed;
        this.renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(options.ttlMs / 4));
        this.stopBeating = (options.every ?? everyInterval)(this.renewEveryMs, () => void this.serial(() => this.renew()));
    }
    serial(step) {
        const next = this.queue.then(step);
        this.queue = next.catch(() => undefined);
        return next;
    }
    loseIt(why) {
        if (this.lost)
            return;
        this.lost = why;
        this.stopBeating();
        this.log.warning(`Lost the deploy lock ${this.location}: ${why}. This deploy stops before its next write.`);
    }
    /** Rewrites the lock If-Match its ETag: S3 sets a new LastModified, so the TTL starts again. */
    async renew() {
        if (this.lost || !this.etag)
            return;
        const asked = stamp(this.options);
        try {
            this.etag = await writeLock(this.s3, this.options.bucket, this.options.key, this.holder, { IfMatch: this.etag });
            this.unconfirmed = false;
            this.confirmed = asked;
        }
        catch (error) {
            if (isConflict(error)) {
                await this.recheck();
                return;
            }
            this.unconfirmed = true;
            this.log.warning(`could not renew the deploy lock ${this.location} (checked again before the next write): ${(0,errors/* describeThrown */.Y)(error).message}`);
        }
    }
    /** Reads the lock: another's token means it was taken over; ours under a new ETag means a lost answer. */
    async recheck() {
        const asked = stamp(this.options);
        const current = await readLock(this.s3, this.options.bucket, this.options.key);
        if (!current)
            this.loseIt('the lock object was deleted');
        else if (current.holder?.token !== this.holder.token)
            this.loseIt(`taken over by ${current.holder?.owner ?? 'an unknown writer'}`);
        else {
            this.etag = current.etag;
            // Read back ours, but not renewed: only as good as its age allows (stillHeld renews an old one).
            const age = lockAge(current);
            if (age !== undefined && age < this.renewEveryMs)
                this.confirmed = asked;
        }
        return current;
    }
    /**
     * Whether S3's last word that the lock is ours is recent enough to stand for a check: sent less
     * than trustForMs ago by both of the runner's clocks (the wall clock also counts a machine's
     * sleep, which the monotonic one leaves out), with every renewal since then answered. Another
     * run can take the lock only once it has gone unwritten for its TTL by S3's clock, or once this
     * attempt is over (a rerun): the first needs far longer than the window (trustForMs is a small
     * part of the TTL, and the lock was at most renewEveryMs old when confirmed), and the second can
     * happen as well between any check and the write it guards. On S3 each check saved is a round
     * trip, two on every deploy whose steps follow each other within the window.
     */
    trusted() {
        const trust = this.options.trustForMs ?? 0;
        if (trust <= 0 || this.unconfirmed || !this.confirmed)
            return false;
        const now = stamp(this.options);
        const sinceClock = now.clock - this.confirmed.clock;
        const sinceWall = now.wall - this.confirmed.wall;
        return sinceClock >= 0 && sinceClock < trust && sinceWall >= 0 && sinceWall < trust;
    }
    stillHeld() {
        return this.serial(async () => {
            if (this.lost)
                return false;
            if (this.trusted())
                return true;
            const current = await this.recheck();
            if (this.lost || !current)
                return false;
            // Paused, or renewals failed: renew now, so the write that follows has the whole TTL ahead.
            const age = lockAge(current);
            if (this.unconfirmed || age === undefined || age >= this.renewEveryMs)
                await this.renew();
            return !this.lost && !this.unconfirmed;
        });
    }
    async assertHeld(before) {
        let held;
        try {
            held = await this.stillHeld();
        }
        catch (error) {
            throw new LockLostError(this.location, `it could not be checked: ${(0,errors/* describeThrown */.Y)(error).message}`, before);
        }
        if (!held)
            throw new LockLostError(this.location, this.lost ?? 'it could not be renewed', before);
    }
    release() {
        this.stopBeating();
        return this.serial(async () => {
            try {
                if (!this.lost && this.etag)
                    await this.deleteIfOurs();
                if (this.lost)
                    this.log.warning(`Lock ${this.location} is no longer ours (${this.lost}): left as it is`);
            }
            catch (error) {
                this.log.warning(`could not release the deploy lock ${this.location} (it expires ${this.options.ttlMs / 1000}s after its last renewal): ${(0,errors/* describeThrown */.Y)(error).message}`);
            }
        });
    }
    async deleteIfOurs() {
        for (let attempt = 0; attempt < 2; attempt += 1) {
            try {
                await this.s3.send(new DeleteObjectCommand/* DeleteObjectCommand */.k({ Bucket: this.options.bucket, Key: this.options.key, IfMatch: this.etag }));
                this.log.info(`Lock ${this.location} released`);
                return;
            }
            catch (error) {
                if (!isConflict(error))
                    throw error;
                // Ours under a new ETag (a renewal's lost answer) is deleted on the second try; another's is left.
                if (!(await this.recheck()) || this.lost)
                    return;
            }
        }
    }
}


;// CONCATENATED MODULE: ./packages/kit/src/deploy-lock.ts



/**
 * A lock left by a killed runner expires this long after its last renewal (by S3's clock). A live
 * run renews it every quarter of that however long its deploy takes, so the TTL only sets how soon
 * a deploy may follow one whose runner died.
 */
const DEPLOY_LOCK_TTL_MS = 10 * 60_000;
/**
 * How long S3's word that the deploy lock is ours stands for a check before a publishing step (see
 * S3Lock.trusted): 2 s, never more than an eighth of the TTL. A redeploy of a few changed files
 * makes its checks within it, and saves their round trips.
 */
const trustWindow = (ttlMs) => Math.min(2000, Math.floor(ttlMs / 8));
/** Where each action's deploy lock lives. */
const deployLockKeys = {
    /** The site's lock lives in its release record, which syncing and pruning never touch. */
    site: (releasesPrefix) => `${releasesPrefix}lock.json`,
    /** One per service, by names, so a name and an ARN share one lock. */
    service: (cluster, service) => `tandem-deploy/locks/ecs/${cluster.split('/').pop() ?? cluster}/${service.split('/').pop() ?? service}.json`,
};
const isNoSuchBucket = (error) => error?.name === 'NoSuchBucket';
/**
 * Takes an action's deploy lock, waiting up to its wait input for another deploy to finish. An
 * earlier attempt of the same run is taken over at once; the lock is renewed while held, and
 * releasing it never fails the step. A lock held past the wait and a missing bucket are refused as
 * the user's to fix, naming the input.
 */
async function takeDeployLock(s3, request, log) {
    const { bucket, inputs } = request;
    try {
        return await acquireLock(s3, {
            bucket,
            key: request.key,
            owner: lockOwner(request.action, request.env),
            ttlMs: DEPLOY_LOCK_TTL_MS,
            waitMs: request.waitMs,
            pollMs: request.pollMs,
            signal: request.signal,
            trustForMs: trustWindow(request.timing?.ttlMs ?? DEPLOY_LOCK_TTL_MS),
            ...request.timing,
        }, log);
    }
    catch (error) {
        if (error instanceof LockHeldError)
            throw new errors/* ConfigurationError */.j(`${error.message} Or raise ${inputs.wait}`, inputs.wait);
        if (isNoSuchBucket(error)) {
            const where = request.region ? ` in ${request.region}` : '';
            const fix = request.optional ? `create it, or leave ${inputs.bucket} empty` : 'create it';
            throw new errors/* ConfigurationError */.j(`bucket '${bucket}' does not exist${where} (${(0,errors/* describeThrown */.Y)(error).message}): ${fix}. Nothing was changed.`, inputs.bucket);
        }
        throw error;
    }
}

// EXTERNAL MODULE: ./packages/kit/src/entry.ts + 1 modules
var entry = __webpack_require__(2573);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-es/pagination/DescribeImagesPaginator.js
var DescribeImagesPaginator = __webpack_require__(5572);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-es/commands/UpdateImageStorageClassCommand.js
var UpdateImageStorageClassCommand = __webpack_require__(2040);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-es/commands/DescribeImagesCommand.js
var DescribeImagesCommand = __webpack_require__(9320);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var lib_core = __webpack_require__(6257);
// EXTERNAL MODULE: ./node_modules/pretty-ms/index.js
var pretty_ms = __webpack_require__(4506);
;// CONCATENATED MODULE: ./packages/kit/src/report.ts



/** Writes every output; arrays and objects as JSON, the form the next step's fromJSON reads. */
function setOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs)) {
        if (value === undefined)
            continue;
        lib_core/* setOutput */.uH(name, typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
}
async function writeSummary(title, sections) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    const summary = lib_core/* summary */.z.addHeading(title, 2);
    for (const section of sections) {
        summary.addHeading(section.heading, 3);
        if (section.table && section.table.length > 0) {
            const [header, ...rows] = section.table;
            summary.addTable([header.map((data) => ({ data, header: true })), ...rows]);
        }
        for (const line of section.lines ?? [])
            summary.addRaw(line, true);
    }
    await summary.write();
}
async function group(name, work) {
    return core.group(name, work);
}
/** A duration as people read it: 12ms, 1.5s, 1m 35s, 1h. */
function formatDuration(ms) {
    // Tenths of a second while they matter (1.5s); whole seconds once there are minutes (1m 35s).
    return (0,pretty_ms/* default */.A)(Math.max(0, ms), { secondsDecimalDigits: ms < 60_000 ? 1 : 0 });
}
/**
 * A size in binary units, as the AWS console and `du -h` give them, to three significant digits:
 * 1023 B, 1 KiB, 32.7 MiB, 245 MiB. No fraction-digit options: those make pretty-bytes format with
 * Intl, whose first use loads ICU's number data (12 ms of a 0.6 s deploy).
 */
function formatBytes(bytes) {
    return prettyBytes(bytes, { binary: true });
}

;// CONCATENATED MODULE: ./packages/kit/src/poll-failures.ts



/**
 * The failed polls of a wait (a rollout's, a migration's, a restore's, an invalidation's). A wait
 * of half an hour meets failures that a poll later may not: throttling while other deploys poll
 * the same account, a 5xx, a dropped connection. The SDK retries each call a few times within
 * seconds; a poll whose call still failed tells nothing of what the wait waits on, which goes on in
 * AWS whatever the poll got. Ending the wait there would roll back a release that may be healthy,
 * or stop a migration half-way. So the wait polls again, on its usual grid, until its deadline,
 * and the log says when the polls began to fail and when AWS answered again. What a later poll
 * cannot mend ends the wait at once: credentials that expired (with the way out), a grant refused,
 * a thing that is gone.
 */
class PollFailures {
    settings;
    going;
    since;
    polls = 0;
    last = '';
    /** `going` says what goes on without the wait, and where (`deployment ecs-svc/1 of web goes on in ECS`). */
    constructor(settings, going) {
        this.settings = settings;
        this.going = going;
    }
    /**
     * After a poll that threw: false when the wait polls again, true when its deadline has passed
     * with every poll since failing (`reason()` says how long). Throws what no later poll can mend.
     */
    failed(error) {
        const { clock, log } = this.settings;
        if (this.settings.signal?.aborted)
            throw error;
        if ((0,aws_errors/* isExpiredCredentials */.CW)(error)) {
            throw new Error(`the AWS credentials expired during the wait (${(0,aws_errors/* errorName */.Is)(error)}): ${this.going()}, unwatched, and nothing more can be done with these credentials. ` +
                "Give the role a longer session (role-duration-seconds of aws-actions/configure-aws-credentials, within the role's maximum session duration) or a shorter wait-timeout", { cause: error });
        }
        if (!(0,aws_errors/* isTransient */.dg)(error))
            throw error;
        this.since ??= clock.now();
        this.polls += 1;
        this.last = (0,errors/* describeThrown */.Y)(error).message;
        if (this.polls === 1)
            log.info(`a poll failed (${this.last}); ${this.going()} whatever the poll got: polling again`);
        else
            log.debug(`${this.polls} polls in a row failed: ${this.last}`);
        return clock.now() >= this.settings.deadline;
    }
    /** Why the wait ended with its polls failing: for how long, how many, and the last error. */
    reason() {
        const over = formatDuration(this.settings.clock.now() - (this.since ?? this.settings.clock.now()));
        return `every poll failed for the last ${over} (${this.polls} poll${this.polls === 1 ? '' : 's'}; the last: ${this.last})`;
    }
    /** After a poll that was answered: says so when the polls before it were not. */
    answered() {
        if (this.polls === 0 || this.since === undefined)
            return;
        this.settings.log.info(`AWS answered again, after ${this.polls} failed poll${this.polls === 1 ? '' : 's'} over ${formatDuration(this.settings.clock.now() - this.since)}`);
        this.polls = 0;
        this.since = undefined;
    }
}

;// CONCATENATED MODULE: ./packages/image/src/archive.ts


const NOT_ACTIVE = new Set(['ARCHIVED', 'ACTIVATING']);
/** The archived image a DescribeImages detail describes, or undefined when ECR serves it (ACTIVE). */
function archivedFrom(where, detail) {
    if (!NOT_ACTIVE.has(detail.imageStatus ?? ''))
        return undefined;
    const status = detail.imageStatus;
    return { ...where, digest: detail.imageDigest ?? '', status, ...(detail.lastArchivedAt ? { archivedAt: detail.lastArchivedAt } : {}) };
}
/**
 * The image an id names among those ECR does not list by default. DescribeImages answers ACTIVE
 * images only unless its filter asks for others, and the API Reference does not say whether a
 * look-up by imageIds is filtered too; this reads the repository's images of every status page by
 * page, for a caller that did not find the image as ACTIVE.
 */
async function findArchived(ecr, where, id) {
    const input = { registryId: where.registryId, repositoryName: where.repositoryName, filter: { imageStatus: 'ANY' }, maxResults: 1000 };
    for await (const page of (0,DescribeImagesPaginator/* paginateDescribeImages */.X)({ client: ecr }, input)) {
        const held = (page.imageDetails ?? []).find((detail) => (id.imageDigest ? detail.imageDigest === id.imageDigest : detail.imageTags?.includes(id.imageTag ?? '')));
        if (held)
            return archivedFrom(where, held);
    }
    return undefined;
}
/** "You can expect ECR to restore the image within 20 minutes" (ECR User Guide, archival storage). */
const RESTORE_WITHIN = '20 minutes';
/** How long a deploy waits for ECR to restore its images: ECR's 20 minutes, and a margin. */
const RESTORE_WAIT_MS = 30 * 60_000;
/** A restore that cannot be started: the message says what to grant, or how to restore by hand. */
class RestoreRefused extends Error {
    name = 'RestoreRefused';
}
/** The AWS CLI command that restores an archived image by hand, for a message. */
function restoreCommand(where, id) {
    const region = where.region ? ` --region ${where.region}` : '';
    const registry = where.registryId ? ` --registry-id ${where.registryId}` : '';
    const image = id.imageDigest ? `imageDigest=${id.imageDigest}` : `imageTag=${id.imageTag}`;
    return `aws ecr update-image-storage-class${region}${registry} --repository-name ${where.repositoryName} --image-id ${image} --target-storage-class STANDARD`;
}
/**
 * Restores each archived image to ECR's standard storage class (one already ACTIVATING is left to
 * finish) and waits until ECR serves every one of them. Throws RestoreRefused when a restore
 * cannot start, and an Error when the deadline or the signal ends the wait; the restores started
 * go on in ECR either way.
 */
async function restoreImages(context, images) {
    const { clock, log } = context;
    const started = clock.now();
    for (const image of images) {
        if (image.status === 'ARCHIVED')
            await startRestore(context, image);
        log.info(`restoring ${image.repositoryName}@${image.digest} from ECR's archive: ECR takes up to ${RESTORE_WITHIN}, and ECS cannot pull it until then`);
    }
    let pending = [...images];
    // Polls that failed after the SDK's tries are polled again until the deadline (kit's poll-failures.ts says why).
    const failures = new PollFailures({ clock, log, deadline: context.deadline, signal: context.signal }, () => `the restore of ${names(pending)} goes on in ECR`);
    for (;;) {
        let served;
        try {
            served = await Promise.all(pending.map((image) => isServed(context, image)));
        }
        catch (error) {
            if (failures.failed(error))
                throw new Error(`ECR was not seen to restore ${names(pending)} from its archive within ${formatDuration(clock.now() - started)}: ${failures.reason()}; the restore goes on: run again once it has`, { cause: error });
            await (0,src_clock/* pause */.v7)(clock, Math.min(context.pollMs, Math.max(0, context.deadline - clock.now())), context.signal);
            continue;
        }
        failures.answered();
        pending = pending.filter((_, index) => !served[index]);
        if (pending.length === 0)
            break;
        const left = context.deadline - clock.now();
        if (context.signal?.aborted)
            throw new Error(`the workflow was cancelled while ECR restored ${names(pending)} (the restore goes on in ECR)`);
        if (left <= 0) {
            throw new Error(`ECR has not restored ${names(pending)} from its archive after ${formatDuration(clock.now() - started)} (it takes up to ${RESTORE_WITHIN}, and goes on): run again once it has`);
        }
        await (0,src_clock/* pause */.v7)(clock, Math.min(context.pollMs, left), context.signal);
    }
    log.info(`restored from ECR's archive in ${formatDuration(clock.now() - started)}: ${names(images)}`);
}
async function startRestore(context, image) {
    const { signal } = context;
    const ecr = context.ecr(image.region);
    try {
        await ecr.send(new UpdateImageStorageClassCommand/* UpdateImageStorageClassCommand */.T({ registryId: image.registryId, repositoryName: image.repositoryName, imageId: { imageDigest: image.digest }, targetStorageClass: 'STANDARD' }), { abortSignal: signal });
    }
    catch (error) {
        // Restored meanwhile (by hand, or by a push of the same image): nothing left to start.
        if ((0,aws_errors/* isNamed */.ev)(error, 'ImageStorageClassUpdateNotSupportedException'))
            return;
        const how = `restore it yourself (${restoreCommand(image, { imageDigest: image.digest })}; ECR takes up to ${RESTORE_WITHIN}) and run again`;
        const refused = (0,aws_errors/* isAccessDenied */.w7)(error);
        // describeThrown names the call and, when IAM refused it, the grant it needs.
        const grant = refused && !(0,aws_errors/* grantOf */.od)(error) ? ': grant ecr:UpdateImageStorageClass on the repository' : '';
        const way = refused ? `; with that grant the deploy restores it, or ${how}` : `; ${how}`;
        throw new RestoreRefused(`${image.repositoryName}@${image.digest} is archived in ECR, where ECS cannot pull it, and restoring it ${refused ? 'was refused' : 'failed'}: ${(0,errors/* describeThrown */.Y)(error).message}${grant}${way}`);
    }
}
/** Whether ECR serves the image again: listed as ACTIVE (a look-up by id may not list it while it is not). */
async function isServed({ ecr, signal }, image) {
    try {
        const answer = await ecr(image.region).send(new DescribeImagesCommand/* DescribeImagesCommand */.j({ registryId: image.registryId, repositoryName: image.repositoryName, imageIds: [{ imageDigest: image.digest }] }), { abortSignal: signal });
        const status = answer.imageDetails?.[0]?.imageStatus;
        return answer.imageDetails?.length === 1 && (status === undefined || status === 'ACTIVE');
    }
    catch (error) {
        if ((0,aws_errors/* isNamed */.ev)(error, 'ImageNotFoundException'))
            return false;
        throw error;
    }
}
const names = (images) => images.map((image) => `${image.repositoryName}@${image.digest}`).join(', ');

// EXTERNAL MODULE: ./packages/ecs/src/images.ts
var src_images = __webpack_require__(4275);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-es/commands/BatchGetImageCommand.js
var BatchGetImageCommand = __webpack_require__(9952);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-es/commands/GetDownloadUrlForLayerCommand.js
var GetDownloadUrlForLayerCommand = __webpack_require__(1982);
;// CONCATENATED MODULE: ./packages/kit/src/manifests.ts
// What an image manifest (OCI, or Docker's v2) says, as a registry and ECR's BatchGetImage give
// it: the shared reading of build-push-django-image's registry client and the deploy's platform check.
/** Every manifest kind an image may be stored as: an index (manifest list) or a single image. */
const MANIFEST_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json',
];
/** 'linux/arm64/v8' from a manifest's or a config's platform fields; 'unknown' where one is missing. */
function platformName(platform) {
    return [platform.os ?? 'unknown', platform.architecture ?? 'unknown', ...(platform.variant ? [platform.variant] : [])].join('/');
}
/** An index's image manifests: BuildKit's attestation manifests (annotated so, platform unknown/unknown) are not images. */
function imageEntries(entries) {
    return entries.filter((entry) => entry.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest' && entry.platform?.os !== 'unknown');
}

;// CONCATENATED MODULE: ./packages/ecs/src/platforms.ts


// The platforms an image in ECR is built for, against the one its task definition runs on. An
// image of the wrong architecture is not caught by ECS before the rollout: an index without the
// platform stops each task at the pull (CannotPullContainerError), and a single-platform image of
// the other architecture starts and dies at once (exec format error), until the circuit breaker
// or the wait gives up. Both are known from ECR before anything changes.
/** An image's config is a few KB; a larger answer is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;
/** The platforms an index (or manifest list) holds images for: BuildKit's attestation manifests left out. */
function indexPlatforms(manifests) {
    return imageEntries(manifests).map((entry) => platformName(entry.platform ?? {}));
}
/**
 * The platforms an ECR image is built for: an index's from its manifest (BatchGetImage), a single
 * image's from its config blob (GetDownloadUrlForLayer, then a GET of that presigned URL through
 * the ECR client's own request handler, so with its proxy and timeouts).
 */
async function imagePlatforms(ecr, image, signal) {
    const { registryId, repositoryName, imageDigest } = image;
    const got = await ecr.send(new BatchGetImageCommand/* BatchGetImageCommand */.P({ registryId, repositoryName, imageIds: [{ imageDigest }], acceptedMediaTypes: [...MANIFEST_TYPES] }), { abortSignal: signal });
    const body = got.images?.[0]?.imageManifest;
    if (!body)
        throw new Error(`BatchGetImage returned no manifest for ${imageDigest}: ${got.failures?.map((failure) => `${failure.failureCode} ${failure.failureReason}`).join('; ') || 'no reason given'}`);
    const manifest = JSON.parse(body);
    if (manifest.manifests)
        return indexPlatforms(manifest.manifests);
    const configDigest = manifest.config?.digest;
    if (!configDigest)
        throw new Error(`the manifest of ${imageDigest} names no config`);
    const { downloadUrl } = await ecr.send(new GetDownloadUrlForLayerCommand/* GetDownloadUrlForLayerCommand */.p({ registryId, repositoryName, layerDigest: configDigest }), { abortSignal: signal });
    if (!downloadUrl)
        throw new Error(`GetDownloadUrlForLayer returned no URL for ${configDigest}`);
    const config = JSON.parse(await download(ecr, downloadUrl, signal));
    return [platformName(config)];
}
async function download(ecr, address, signal) {
    const url = new URL(address);
    const handler = ecr.config.requestHandler;
    const request = {
        method: 'GET',
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        // The presigned query as S3 signed it, not re-encoded.
        path: url.pathname + url.search,
        query: {},
        headers: { host: url.host },
    };
    const { response } = await handler.handle(request, { abortSignal: signal });
    const chunks = [];
    let size = 0;
    for await (const chunk of response.body) {
        size += chunk.length;
        if (size > MAX_CONFIG_BYTES)
            throw new Error(`the image config at ${url.host} is larger than ${MAX_CONFIG_BYTES} bytes`);
        chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (response.statusCode !== 200)
        throw new Error(`the image config's download answered ${response.statusCode}: ${text.slice(0, 200)}`);
    return text;
}
const FARGATE = /^FARGATE/;
function runsOn(definition, service) {
    const family = definition.runtimePlatform?.operatingSystemFamily;
    const os = family && family !== 'LINUX' ? 'windows' : 'linux';
    const architecture = definition.runtimePlatform?.cpuArchitecture;
    if (architecture)
        return { platform: `${os}/${architecture === 'ARM64' ? 'arm64' : 'amd64'}`, because: `runtimePlatform.cpuArchitecture ${architecture}` };
    const fargate = service.launchType === 'FARGATE' ||
        (service.capacityProviderStrategy ?? []).some((item) => FARGATE.test(item.capacityProvider ?? '')) ||
        (!service.launchType && !service.capacityProviderStrategy?.length && definition.requiresCompatibilities?.length === 1 && definition.requiresCompatibilities[0] === 'FARGATE');
    return fargate ? { platform: `${os}/amd64`, because: "Fargate's default, as runtimePlatform.cpuArchitecture is not set" } : undefined;
}
const ARCHITECTURES = [
    ['linux/amd64', 'X86_64'],
    ['linux/arm64', 'ARM64'],
];
/** Whether an image built for `platforms` runs on `target` ('linux/arm64' takes 'linux/arm64/v8'). */
function runsThere(platforms, target) {
    return platforms.some((platform) => platform === target || platform.startsWith(`${target}/`));
}
/** Why a container's image cannot run where the task definition runs it, or undefined. */
function platformProblem(container, platforms, target, family) {
    if (runsThere(platforms, target.platform))
        return undefined;
    const built = platforms.length ? `${platforms.join(', ')} only` : 'no platform';
    const architecture = ARCHITECTURES.find(([platform]) => target.platform !== platform && runsThere(platforms, platform))?.[1];
    return (`container ${container.name}'s image ${container.image} is built for ${built}, but ${family} runs its tasks on ${target.platform} (${target.because}): ` +
        `build it for ${target.platform} (build-push-django-image's platforms: ${target.platform})` +
        (architecture ? `, or set runtimePlatform.cpuArchitecture ${architecture} in the task definition if the tasks should run on ${architecture}` : ''));
}
/** Every container whose image is not built for where its revision runs: the decide step's refusal, one line each. */
function platformProblems(placements, builtFor) {
    const problems = placements.flatMap(({ definition, service }) => {
        const target = runsOn(definition, service);
        if (!target)
            return [];
        return (definition.containerDefinitions ?? []).flatMap((container) => {
            const platforms = builtFor.get(container.image ?? '');
            const problem = platforms && platformProblem(container, platforms, target, definition.family ?? 'the task definition');
            return problem ? [problem] : [];
        });
    });
    return [...new Set(problems)];
}

;// CONCATENATED MODULE: ./packages/ecs/src/images-check.ts





const PLATFORM_GRANTS = 'ecr:BatchGetImage and ecr:GetDownloadUrlForLayer';
/**
 * Whether ECS will find each image: ECR images are looked up by digest (or tag) with
 * DescribeImages, which sees lifecycle-policy expiry and deletions, and archival: an archived
 * image is found, but not runnable until it is restored. Other registries cannot be asked without
 * their credentials; those are reported as not checked, never as found.
 */
async function checkImage(clients, image) {
    const ref = (0,src_images/* parseImage */.z)(image);
    if (!ref.ecr) {
        return { image, found: true, detail: `not checked: ${ref.repository.split('/')[0] || 'Docker Hub'} is not ECR; ECS pulls it with the task's credentials` };
    }
    const imageId = ref.digest ? { imageDigest: ref.digest } : { imageTag: ref.tag ?? 'latest' };
    const what = ref.digest ?? `tag ${imageId.imageTag}`;
    try {
        const details = [];
        const input = { registryId: ref.ecr.registryId, repositoryName: ref.ecr.repositoryName, imageIds: [imageId] };
        for await (const page of (0,DescribeImagesPaginator/* paginateDescribeImages */.X)({ client: clients.ecr(ref.ecr.region) }, input))
            details.push(...(page.imageDetails ?? []));
        const digest = details[0]?.imageDigest;
        if (!digest)
            return { image, found: false, detail: `ECR has no image ${what} in ${ref.ecr.repositoryName}` };
        const archived = archivedFrom(ref.ecr, details[0]);
        if (archived)
            return archivedCheck(image, archived);
        const detail = `found in ECR repository ${ref.ecr.repositoryName} (${what})`;
        try {
            const platforms = await imagePlatforms(clients.ecr(ref.ecr.region), { registryId: ref.ecr.registryId, repositoryName: ref.ecr.repositoryName, imageDigest: digest });
            return { image, found: true, detail: `${detail}, built for ${platforms.join(', ') || 'no platform'}`, platforms };
        }
        catch (error) {
            // The deploy goes on without the comparison: ECS still refuses an image it cannot run.
            const why = (0,aws_errors/* isAccessDenied */.w7)(error) ? `allow ${PLATFORM_GRANTS} on repository ${ref.ecr.repositoryName}` : (0,errors/* describeThrown */.Y)(error).message;
            return { image, found: true, detail: `${detail}; its platforms not read`, platformsUnread: why };
        }
    }
    catch (error) {
        const name = (0,aws_errors/* errorName */.Is)(error);
        if (name === 'ImageNotFoundException') {
            const held = await findArchived(clients.ecr(ref.ecr.region), ref.ecr, imageId);
            if (held)
                return archivedCheck(image, held);
            return { image, found: false, detail: `ECR has no image ${what} in ${ref.ecr.repositoryName} (deleted, or expired by a lifecycle policy)` };
        }
        if (name === 'RepositoryNotFoundException')
            return { image, found: false, detail: `ECR repository ${ref.ecr.repositoryName} does not exist in ${ref.ecr.registryId}/${ref.ecr.region}` };
        throw error;
    }
}
function archivedCheck(image, archived) {
    const since = archived.archivedAt ? ` since ${archived.archivedAt.toISOString()}` : '';
    const what = archived.status === 'ARCHIVED' ? `archived in ECR repository ${archived.repositoryName}${since}` : `being restored from ECR's archive in ${archived.repositoryName}`;
    return { image, found: true, detail: `${what}: ECS cannot pull it until ECR has restored it`, archived };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/pagination/ListTaskDefinitionsPaginator.js + 1 modules
var ListTaskDefinitionsPaginator = __webpack_require__(3940);
// EXTERNAL MODULE: ./packages/ecs/src/render.ts
var render = __webpack_require__(9281);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/commands/DescribeServicesCommand.js
var DescribeServicesCommand = __webpack_require__(6987);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/commands/DescribeTaskDefinitionCommand.js
var DescribeTaskDefinitionCommand = __webpack_require__(2511);
;// CONCATENATED MODULE: ./packages/ecs/src/assess.ts
/** ECS's circuit breaker threshold: half the desired count, at least 3, at most 200 failed tasks. */
function failedTaskThreshold(desiredCount) {
    return Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)));
}
function rollbackBy(state, primary) {
    if (!primary?.id || primary.id === state.deploymentId || !state.previousTaskDefinitionArn)
        return undefined;
    return primary.taskDefinition === state.previousTaskDefinitionArn ? { deploymentId: primary.id, taskDefinitionArn: primary.taskDefinition } : undefined;
}
function failed(reason, ecsRollback) {
    return { phase: 'failed', failed: true, reason, ...(ecsRollback ? { ecsRollback } : {}) };
}
/**
 * Where one deployment stands, from what DescribeServices and DescribeTargetHealth said. Success
 * needs all three: the deployment COMPLETED and still PRIMARY, its tasks' targets healthy in
 * every target group, and no other deployment left (the old tasks drained).
 */
function assessRollout(state) {
    const ours = state.deployments.find((deployment) => deployment.id === state.deploymentId);
    const primary = state.deployments.find((deployment) => deployment.status === 'PRIMARY');
    const ecsRollback = rollbackBy(state, primary);
    if (state.cancelled)
        return failed('the workflow was cancelled before the rollout finished');
    if (!ours) {
        const now = primary ? `deployment ${primary.id} of ${primary.taskDefinition} is PRIMARY now` : 'the service has no PRIMARY deployment';
        return failed(`deployment ${state.deploymentId} is gone from the service: ${ecsRollback ? 'ECS rolled back, ' : ''}${now}`, ecsRollback);
    }
    if (ours.rolloutState === 'FAILED') {
        const why = ours.rolloutStateReason ?? 'no reason given';
        return failed(`ECS marked deployment ${ours.id} FAILED: ${why}${ecsRollback ? `; ECS is rolling back to ${ecsRollback.taskDefinitionArn}` : ''}`, ecsRollback);
    }
    if (ours.status !== 'PRIMARY') {
        const by = primary ? `deployment ${primary.id} of ${primary.taskDefinition}` : 'no deployment';
        return failed(`deployment ${ours.id} is ${ours.status ?? 'not PRIMARY'}: ${by} replaced it${ecsRollback ? ' (ECS rolled back)' : ''}`, ecsRollback);
    }
    const failedTasks = ours.failedTasks ?? 0;
    const threshold = failedTaskThreshold(state.desiredCount);
    if (!state.circuitBreaker && failedTasks >= threshold) {
        return failed(`${failedTasks} tasks of deployment ${ours.id} failed to start or stay healthy (ECS's circuit breaker stops at ${threshold}; it is off for this service)`);
    }
    const progress = describeProgress(state, ours);
    if (state.now >= state.deadline) {
        // While new tasks are missing, ECS's last word on placing them is why.
        const said = progress.phase === 'starting' && state.blockedBy ? `; the service's last event on it: ${state.blockedBy.replace(/\.+$/, '')}` : '';
        return failed(`deployment ${ours.id} did not finish within ${state.waitLimit ?? `${state.deadline - state.now} ms`}: ${progress.reason}${said}`);
    }
    return progress;
}
function describeProgress(state, ours) {
    const running = ours.runningCount ?? 0;
    const failedTasks = ours.failedTasks ?? 0;
    // COMPLETED with fewer tasks running than desired (tasks that stopped since) is not done either.
    if (running < state.desiredCount) {
        const failures = failedTasks ? `, ${failedTasks} failed` : '';
        return { phase: 'starting', failed: false, reason: `${running} of ${state.desiredCount} new tasks running${failures}` };
    }
    if (state.taskHealth && state.taskHealth.healthy < state.desiredCount) {
        return { phase: 'registering', failed: false, reason: `containers' health checks: ${state.taskHealth.healthy} of ${state.desiredCount} new tasks HEALTHY` };
    }
    const unhealthy = state.targetHealth.filter((group) => group.healthy < state.desiredCount);
    if (unhealthy.length > 0) {
        const counts = unhealthy.map((group) => `${group.healthy} of ${state.desiredCount} healthy in ${targetGroupName(group.targetGroupArn)}`).join(', ');
        return { phase: 'registering', failed: false, reason: `new tasks' targets: ${counts}` };
    }
    const others = state.deployments.filter((deployment) => deployment.id !== ours.id);
    if (others.length > 0) {
        const old = others.map((deployment) => `${deployment.id} (${deployment.runningCount ?? 0} running)`).join(', ');
        return { phase: 'draining', failed: false, reason: `waiting for the old deployment to drain: ${old}` };
    }
    if (ours.rolloutState !== 'COMPLETED') {
        return { phase: 'completing', failed: false, reason: `deployment ${ours.id} is ${ours.rolloutState ?? 'in progress'}` };
    }
    return { phase: 'completed', failed: false, reason: `deployment ${ours.id} completed: ${state.desiredCount} tasks of ${ours.taskDefinition} running, healthy, old tasks drained` };
}
function targetGroupName(arn) {
    return /:targetgroup\/([^/]+)/.exec(arn)?.[1] ?? arn;
}

;// CONCATENATED MODULE: ./packages/ecs/src/service.ts



async function describeService(clients, cluster, serviceName, input = 'service') {
    const answer = await sendDescribeServices(clients, cluster, [serviceName]);
    const service = answer.services?.[0];
    if (!service) {
        const why = answer.failures?.[0]?.reason ?? 'not found';
        throw new errors/* ConfigurationError */.j(`service '${serviceName}' in cluster '${cluster}': ${why}: check the service name, and that cluster names the cluster it runs in`, input);
    }
    return service;
}
function sendDescribeServices(clients, cluster, services) {
    return clients.ecs.send(new DescribeServicesCommand/* DescribeServicesCommand */.H({ cluster, services })).catch((error) => {
        if ((0,aws_errors/* isNamed */.ev)(error, 'ClusterNotFoundException')) {
            throw new errors/* ConfigurationError */.j(`cluster '${cluster}' does not exist (ClusterNotFoundException): check its name or ARN, and aws-region`, 'cluster');
        }
        throw error;
    });
}
/** DescribeServices takes at most 10 services a call (ECS API reference). */
const DESCRIBE_SERVICES_LIMIT = 10;
/** Several services of one cluster, 10 a call, in the order asked; a missing one is a configuration error. */
async function describeServices(clients, cluster, names) {
    const found = [];
    for (let at = 0; at < names.length; at += DESCRIBE_SERVICES_LIMIT) {
        const batch = names.slice(at, at + DESCRIBE_SERVICES_LIMIT);
        if (batch.length === 1) {
            found.push(await describeService(clients, cluster, batch[0], names.length > 1 ? 'services' : 'service'));
            continue;
        }
        const answer = await sendDescribeServices(clients, cluster, batch);
        for (const name of batch) {
            const service = (answer.services ?? []).find((candidate) => candidate.serviceName === name.split('/').pop() || candidate.serviceArn === name);
            if (!service) {
                const why = (answer.failures ?? []).find((failure) => failure.arn?.endsWith(`/${name.split('/').pop()}`))?.reason ?? 'not found';
                throw new errors/* ConfigurationError */.j(`service '${name}' in cluster '${cluster}': ${why}: check the service name, and that cluster names the cluster it runs in`, 'services');
            }
            found.push(service);
        }
    }
    return found;
}
async function describeTaskDefinition(clients, arn) {
    const answer = await clients.ecs.send(new DescribeTaskDefinitionCommand/* DescribeTaskDefinitionCommand */.Z({ taskDefinition: arn, include: ['TAGS'] }));
    if (!answer.taskDefinition)
        throw new Error(`DescribeTaskDefinition returned nothing for ${arn}`);
    return { taskDefinition: answer.taskDefinition, tags: answer.tags ?? [] };
}
/** What the service runs now: its task definition (not the family's latest revision) and its tags. */
async function readRunningRelease(clients, cluster, serviceName, input = 'service', described) {
    const service = described ?? (await describeService(clients, cluster, serviceName, input));
    if (service.status !== 'ACTIVE')
        throw new errors/* ConfigurationError */.j(`service '${serviceName}' is ${service.status}, not ACTIVE`, input);
    const refusal = deploymentRefusal(service, serviceName);
    if (refusal)
        throw new errors/* ConfigurationError */.j(refusal, input);
    const arn = servingTaskDefinition(service);
    if (!arn)
        throw new errors/* ConfigurationError */.j(`service '${serviceName}' runs no task definition`, input);
    const { taskDefinition, tags } = await describeTaskDefinition(clients, arn);
    return { service, taskDefinition, tags };
}
/**
 * Why this action cannot deploy the service, when ECS does not roll it out as a rolling update:
 * the action's wait (the new tasks' targets in the service's target groups, the PRIMARY
 * deployment's rolloutState) and its return to the serving revision are a rolling update's.
 * - CODE_DEPLOY: CodeDeploy moves the tasks, and UpdateService refuses a task definition.
 * - EXTERNAL: a third-party controller places task sets of its own.
 * - the ECS controller with strategy BLUE_GREEN, LINEAR or CANARY (ECS API Reference,
 *   DeploymentConfiguration.strategy; absent on services made before it, which roll): the new
 *   revision's tasks register in the alternate target group while the old keep serving, the
 *   listener's traffic moves over bake time, and ECS rolls back by itself.
 */
function deploymentRefusal(service, serviceName) {
    const controller = service.deploymentController?.type ?? 'ECS';
    if (controller === 'CODE_DEPLOY') {
        return `service '${serviceName}' uses the CODE_DEPLOY deployment controller: CodeDeploy moves its tasks between two target groups, and ECS refuses a new task definition in UpdateService for it. This action deploys ECS rolling updates only: deploy this service with a CodeDeploy deployment, or move it to the ECS deployment controller with the ROLLING strategy`;
    }
    if (controller !== 'ECS') {
        return `service '${serviceName}' uses the ${controller} deployment controller: its task sets are placed by a controller of its own, not by UpdateService. This action deploys ECS rolling updates only: deploy this service with that controller, or move it to the ECS deployment controller with the ROLLING strategy`;
    }
    const strategy = service.deploymentConfiguration?.strategy ?? 'ROLLING';
    if (strategy === 'ROLLING')
        return undefined;
    const alternates = (service.loadBalancers ?? []).map((balancer) => balancer.advancedConfiguration?.alternateTargetGroupArn).filter((arn) => Boolean(arn));
    const where = alternates.length > 0 ? `the alternate target group${alternates.length > 1 ? 's' : ''} ${alternates.map(targetGroupName).join(', ')}` : 'an alternate target group';
    return `service '${serviceName}' deploys with ECS's ${strategy} strategy: ECS starts the new revision's tasks in ${where} while the old ones keep serving, moves the listener's traffic to them, and rolls back by itself. This action waits on a rolling update (the new tasks' targets in the service's target groups) and returns to the serving revision itself, which would misjudge such a deployment. To deploy the service with this action, set its deploymentConfiguration.strategy to ROLLING`;
}
/**
 * The revision the last completed rollout left: the COMPLETED deployment's, else the PRIMARY's,
 * else the service's. A new revision is rendered from it and a failed rollout returns to it.
 * Whether a given revision serves (and a rollout can be skipped) is servingDecision's question:
 * this one may be an ACTIVE deployment under a FAILED PRIMARY.
 */
function servingTaskDefinition(service) {
    const deployments = service.deployments ?? [];
    const completed = deployments.find((deployment) => deployment.rolloutState === 'COMPLETED');
    const primary = deployments.find((deployment) => deployment.status === 'PRIMARY');
    return completed?.taskDefinition ?? primary?.taskDefinition ?? service.taskDefinition;
}

;// CONCATENATED MODULE: ./packages/ecs/src/releases.ts




function revisionOf(arn) {
    return Number(/:(\d+)$/.exec(arn)?.[1] ?? 0);
}
/** The family's ACTIVE revisions, all of them, newest first. Sorted here: ListTaskDefinitions' sort is not relied on. */
async function listRevisions(clients, family) {
    const arns = [];
    // Every page (ECS returns at most 100 a page): a release may be older than the newest 100 revisions.
    for await (const page of (0,ListTaskDefinitionsPaginator/* paginateListTaskDefinitions */.X)({ client: clients.ecs }, { familyPrefix: family, status: 'ACTIVE', sort: 'DESC' })) {
        arns.push(...(page.taskDefinitionArns ?? []));
    }
    return arns.filter((arn) => arn.split('/').pop()?.replace(/:\d+$/, '') === family).sort((a, b) => revisionOf(b) - revisionOf(a));
}
/**
 * The revision that served a release: `previous` is the newest revision older than the running
 * one that completed a rollout and carries another release; any other value is a release id.
 */
async function findRelease(clients, running, runningTags, wanted) {
    const family = running.family ?? '';
    const runningArn = running.taskDefinitionArn ?? '';
    const currentRelease = (0,render/* tagValue */.EZ)(runningTags, render/* RELEASE_TAG */.Be);
    const candidates = (await listRevisions(clients, family)).filter((arn) => wanted !== 'previous' || revisionOf(arn) < revisionOf(runningArn));
    for (const arn of candidates) {
        const { taskDefinition, tags } = await describeTaskDefinition(clients, arn);
        const release = (0,render/* tagValue */.EZ)(tags, render/* RELEASE_TAG */.Be);
        if (!release)
            continue;
        if (wanted === 'previous' ? release !== currentRelease && (0,render/* tagValue */.EZ)(tags, render/* SERVED_TAG */.Br) !== undefined : release === wanted) {
            return { taskDefinition, tags, release };
        }
    }
    const looked = `the ${candidates.length} ACTIVE revisions of ${family}${wanted === 'previous' ? ' older than the running one' : ''}`;
    if (wanted === 'previous') {
        throw new errors/* ConfigurationError */.j(`no earlier release found in ${looked}: none carries ${render/* RELEASE_TAG */.Be} and ${render/* SERVED_TAG */.Br} with a release other than '${currentRelease ?? 'the running one'}'; name a release id instead`, 'rollback-to');
    }
    throw new errors/* ConfigurationError */.j(`no revision tagged ${render/* RELEASE_TAG */.Be}=${wanted} among ${looked} (deregistered revisions cannot be deployed again)`, 'rollback-to');
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-elastic-load-balancing-v2/dist-es/pagination/DescribeTargetGroupsPaginator.js + 1 modules
var DescribeTargetGroupsPaginator = __webpack_require__(5004);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-elastic-load-balancing-v2/dist-es/commands/DescribeTargetGroupAttributesCommand.js
var DescribeTargetGroupAttributesCommand = __webpack_require__(2672);
;// CONCATENATED MODULE: ./packages/ecs/src/target-groups.ts

/** Health-check timing and deregistration delay of every target group the service uses. */
async function targetGroupFacts(clients, service) {
    const arns = [...new Set((service.loadBalancers ?? []).map((balancer) => balancer.targetGroupArn).filter((arn) => !!arn))];
    if (arns.length === 0)
        return [];
    // The groups' settings and their attributes are read at once.
    const [groups, attributes] = await Promise.all([
        (async () => {
            const pages = [];
            for await (const page of (0,DescribeTargetGroupsPaginator/* paginateDescribeTargetGroups */.u)({ client: clients.elb }, { TargetGroupArns: arns }))
                pages.push(...(page.TargetGroups ?? []));
            return pages;
        })(),
        Promise.all(arns.map(async (arn) => (await clients.elb.send(new DescribeTargetGroupAttributesCommand/* DescribeTargetGroupAttributesCommand */.c({ TargetGroupArn: arn }))).Attributes ?? [])),
    ]);
    return arns.map((arn, index) => {
        const group = groups.find((candidate) => candidate.TargetGroupArn === arn);
        const delay = attributes[index].find((attribute) => attribute.Key === 'deregistration_delay.timeout_seconds')?.Value;
        return {
            targetGroupArn: arn,
            deregistrationDelaySeconds: delay !== undefined ? Number(delay) : undefined,
            healthCheckIntervalSeconds: group?.HealthCheckIntervalSeconds,
            healthyThresholdCount: group?.HealthyThresholdCount,
        };
    });
}

;// CONCATENATED MODULE: ./packages/ecs/src/release-read.ts




/**
 * Reads every service of the release (in parallel) and, for rollback-to, the revision of each
 * that served the release. `previous` is resolved once, on the first service, so every service
 * returns to the same release.
 */
async function readRelease(clients, request, clock, credentialsExpireAt) {
    const input = request.services.length > 1 ? 'services' : 'service';
    // Nothing here waits for what it does not need: a new image is checked while the services are
    // read, and each service's target groups while its task definition is.
    const newImages = request.rollbackTo ? undefined : checkImages(clients, request.images);
    const expiresAt = credentialsExpireAt();
    // Awaited below; a failure before then must not be an unhandled rejection that ends the process.
    for (const early of [newImages, expiresAt])
        early?.catch(() => undefined);
    // One DescribeServices reads up to 10 services, rather than one call a service.
    const described = await describeServices(clients, request.cluster, request.services);
    const read = await Promise.all(request.services.map(async (name, index) => {
        const service = described[index];
        const [running, targetGroups] = await Promise.all([readRunningRelease(clients, request.cluster, name, input, service), targetGroupFacts(clients, service)]);
        return { running, targetGroups };
    }));
    const running = read.map((one) => one.running);
    const found = running.map(() => undefined);
    if (request.rollbackTo) {
        found[0] = await findRelease(clients, running[0].taskDefinition, running[0].tags, request.rollbackTo);
        const release = found[0].release;
        const rest = await Promise.all(running.slice(1).map((one) => findRelease(clients, one.taskDefinition, one.tags, release)));
        rest.forEach((one, index) => (found[index + 1] = one));
    }
    const foundImages = found.flatMap((one) => (one?.taskDefinition.containerDefinitions ?? []).map((definition) => definition.image ?? '')).filter(Boolean);
    const [imageChecks, credentials] = await Promise.all([newImages ?? checkImages(clients, foundImages), expiresAt]);
    const targetGroups = read.map((one) => one.targetGroups);
    return {
        services: request.services.map((name, index) => ({ name, running: running[index], found: found[index], targetGroups: targetGroups[index] })),
        imageChecks,
        credentialsExpireAt: credentials,
        now: clock.now(),
    };
}
function checkImages(clients, images) {
    return Promise.all([...new Set(images)].map((image) => checkImage(clients, image)));
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/commands/DescribeContainerInstancesCommand.js
var DescribeContainerInstancesCommand = __webpack_require__(8500);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/pagination/ListContainerInstancesPaginator.js + 1 modules
var ListContainerInstancesPaginator = __webpack_require__(4563);
;// CONCATENATED MODULE: ./packages/ecs/src/instances.ts



// Where a revision names no runtimePlatform and runs on EC2 (or ECS Anywhere), the container
// instances decide its tasks' platform: each has the agent's ecs.cpu-architecture and ecs.os-type
// attributes. ECS places a task on any ACTIVE instance its placement constraints allow, without
// looking at the image, so an amd64 image on a cluster of Graviton instances is only found out
// task by task, as each dies with `exec format error`.
/** DescribeContainerInstances takes at most 100 instances a call (ECS API Reference). */
const DESCRIBE_CONTAINER_INSTANCES_LIMIT = 100;
/** An instance's platform from its agent's attributes (ecs.cpu-architecture x86_64 or arm64, ecs.os-type). */
function instancePlatform(attributes) {
    const value = (name) => attributes.find((attribute) => attribute.name === name)?.value;
    const architecture = value('ecs.cpu-architecture');
    if (!architecture)
        return undefined;
    const os = value('ecs.os-type') === 'windows' ? 'windows' : 'linux';
    return `${os}/${architecture === 'x86_64' ? 'amd64' : architecture}`;
}
/** The memberOf expressions of a service and of its next revision, joined: ListContainerInstances' filter, or undefined. */
function placementFilter(definition, service) {
    const expressions = [...(service.placementConstraints ?? []), ...(definition.placementConstraints ?? [])].flatMap((constraint) => constraint.type === 'memberOf' && constraint.expression ? [constraint.expression] : []);
    if (expressions.length <= 1)
        return expressions[0];
    return expressions.map((expression) => `(${expression})`).join(' and ');
}
/** The instances of a service's capacity providers (all of them when it runs by launch type). */
function eligibleInstances(instances, service) {
    const providers = new Set((service.capacityProviderStrategy ?? []).map((item) => item.capacityProvider ?? ''));
    return providers.size === 0 ? [...instances] : instances.filter((instance) => providers.has(instance.capacityProvider ?? ''));
}
/** Whether a placement's platform is up to its instances: EC2 or ECS Anywhere with no runtimePlatform. */
function decidedByInstances(placement) {
    return runsOn(placement.definition, placement.service) === undefined;
}
const instances_ARCHITECTURES = { 'linux/amd64': 'x86_64', 'linux/arm64': 'arm64' };
function counted(count, what) {
    return `${count} ${what}${count === 1 ? '' : 's'}`;
}
/** One container's image against the ACTIVE instances its tasks may be placed on. Pure. */
function instanceVerdict(container, platforms, instances, family) {
    const known = instances.filter((instance) => !!instance.platform);
    if (known.length === 0)
        return {};
    const misfits = known.filter((instance) => !runsThere(platforms, instance.platform));
    if (misfits.length === 0)
        return {};
    const built = platforms.length ? `${platforms.join(', ')} only` : 'no platform';
    const theirs = [...new Set(misfits.map((instance) => instance.platform))].join(', ');
    const image = `container ${container.name}'s image ${container.image} (built for ${built})`;
    if (misfits.length === known.length) {
        const wanted = theirs.split(', ')[0];
        const own = platforms.map((platform) => instances_ARCHITECTURES[platform.split('/').slice(0, 2).join('/')]).find(Boolean);
        return {
            problem: `${image} cannot run on the ${counted(known.length, 'ACTIVE container instance')} where ECS may place ${family}'s tasks: they are ${theirs} (their ecs.cpu-architecture attribute). ` +
                `Build it for ${wanted} (build-push-django-image's platforms: ${wanted})` +
                (own ? `, or run the tasks on ${own} instances (the placement constraint memberOf "attribute:ecs.cpu-architecture == ${own}")` : ''),
        };
    }
    const fits = [...new Set(known.filter((instance) => !misfits.includes(instance)).map((instance) => instances_ARCHITECTURES[instance.platform] ?? instance.platform))];
    return {
        warning: `ECS may place ${family}'s tasks on ${misfits.length} of the ${counted(known.length, 'ACTIVE container instance')} (${theirs}), where ${image} cannot run: ` +
            `add the placement constraint memberOf "attribute:ecs.cpu-architecture ${fits.length === 1 ? `== ${fits[0]}` : `in [${fits.join(', ')}]`}", or build the image for ${theirs} as well`,
    };
}
/** DescribeContainerInstances of `arns`, 100 a call. */
async function describeContainerInstances(clients, cluster, arns, signal) {
    const described = [];
    for (let start = 0; start < arns.length; start += DESCRIBE_CONTAINER_INSTANCES_LIMIT) {
        const batch = arns.slice(start, start + DESCRIBE_CONTAINER_INSTANCES_LIMIT);
        const got = await clients.ecs.send(new DescribeContainerInstancesCommand/* DescribeContainerInstancesCommand */.Q({ cluster, containerInstances: batch }), { abortSignal: signal });
        described.push(...(got.containerInstances ?? []));
    }
    return described;
}
/** Adds to `known` the EC2 instance id of each container instance in `arns` it does not hold yet. */
async function learnEc2Instances(clients, cluster, arns, known, signal) {
    const wanted = [...new Set(arns)].filter((arn) => arn && !known.has(arn));
    if (wanted.length === 0)
        return;
    for (const instance of await describeContainerInstances(clients, cluster, wanted, signal)) {
        if (instance.containerInstanceArn && instance.ec2InstanceId)
            known.set(instance.containerInstanceArn, instance.ec2InstanceId);
    }
}
/** What the log says of the instances a family's tasks may run on: how many, and their platforms, sorted (ECS lists them in no set order). */
function instancesNote(family, cluster, filter, instances) {
    const where = filter ? ` that ${instances.length > 1 ? 'satisfy' : 'satisfies'} ${filter}` : '';
    if (instances.length === 0)
        return `${family}: no ACTIVE container instance of ${cluster}${where} to compare its images with`;
    const platforms = [...new Set(instances.map((instance) => instance.platform ?? 'no ecs.cpu-architecture'))].sort().join(', ');
    return `${family} runs on ${counted(instances.length, 'ACTIVE container instance')} of ${cluster}${where}: ${platforms}`;
}
/** The ACTIVE container instances of a cluster that satisfy `filter` (a cluster query), with their platforms. */
async function readPlacementInstances(clients, cluster, filter, signal) {
    const arns = [];
    const input = { cluster, status: 'ACTIVE', ...(filter ? { filter } : {}) };
    for await (const page of (0,ListContainerInstancesPaginator/* paginateListContainerInstances */.V)({ client: clients.ecs }, input, { abortSignal: signal }))
        arns.push(...(page.containerInstanceArns ?? []));
    const described = await describeContainerInstances(clients, cluster, arns, signal);
    return described.map((instance) => ({
        arn: instance.containerInstanceArn ?? '',
        platform: instancePlatform(instance.attributes ?? []),
        ...(instance.capacityProviderName ? { capacityProvider: instance.capacityProviderName } : {}),
    }));
}
const INSTANCE_GRANTS = 'ecs:ListContainerInstances and ecs:DescribeContainerInstances';
/**
 * For each placement its instances decide, reads the instances its tasks may go to (once per
 * distinct filter) and compares them with the images' platforms. Reads only; an instance list
 * that cannot be read is a warning, as ECS still refuses what it cannot run.
 */
async function checkInstances(clients, cluster, placements, builtFor, signal) {
    const check = { problems: [], warnings: [], notes: [] };
    const wanted = placements.filter((placement) => decidedByInstances(placement) && (placement.definition.containerDefinitions ?? []).some((container) => builtFor.has(container.image ?? '')));
    const reads = new Map();
    for (const placement of wanted) {
        const filter = placementFilter(placement.definition, placement.service);
        const key = filter ?? '';
        if (!reads.has(key))
            reads.set(key, readPlacementInstances(clients, cluster, filter, signal));
    }
    // Awaited below, each in turn; a failure before its turn must not be an unhandled rejection.
    for (const promise of reads.values())
        promise.catch(() => undefined);
    for (const placement of wanted) {
        const family = placement.definition.family ?? 'the task definition';
        const filter = placementFilter(placement.definition, placement.service);
        let instances;
        try {
            instances = eligibleInstances(await reads.get(filter ?? ''), placement.service);
        }
        catch (error) {
            const why = (0,aws_errors/* isAccessDenied */.w7)(error) ? `allow ${INSTANCE_GRANTS}` : (0,errors/* describeThrown */.Y)(error).message;
            check.warnings.push(`the container instances of ${cluster} were not read, so ${family}'s images were not compared with where its tasks run: ${why}`);
            continue;
        }
        check.notes.push(instancesNote(family, cluster, filter, instances));
        for (const container of placement.definition.containerDefinitions ?? []) {
            const platformsOfImage = builtFor.get(container.image ?? '');
            if (!platformsOfImage)
                continue;
            const verdict = instanceVerdict(container, platformsOfImage, instances, family);
            if (verdict.problem)
                check.problems.push(verdict.problem);
            if (verdict.warning)
                check.warnings.push(verdict.warning);
        }
    }
    return { problems: [...new Set(check.problems)], warnings: [...new Set(check.warnings)], notes: check.notes };
}

;// CONCATENATED MODULE: ./packages/ecs/src/serving.ts
/**
 * Whether `target` serves now, as ECS defines it: the service's taskDefinition is what ECS rolls
 * towards, and its PRIMARY deployment's rolloutState says whether that rollout finished. A
 * COMPLETED deployment that is no longer PRIMARY (left behind by a FAILED one with ECS's rollback
 * off) is not what the service is moving to, so it never makes a rollout unnecessary.
 */
function servingDecision(service, target) {
    const primary = (service.deployments ?? []).find((deployment) => deployment.status === 'PRIMARY');
    const name = target.split('/').pop();
    if (service.taskDefinition !== target) {
        return { rollOut: true, forceNewDeployment: false, reason: `the service's task definition is ${service.taskDefinition?.split('/').pop() ?? 'unset'}, not ${name}` };
    }
    if (!primary || primary.taskDefinition !== target) {
        const what = primary ? `runs ${primary.taskDefinition?.split('/').pop()}` : 'is missing';
        return { rollOut: true, forceNewDeployment: true, reason: `the service names ${name} but its PRIMARY deployment ${what}` };
    }
    if (primary.rolloutState === 'COMPLETED')
        return { rollOut: false, forceNewDeployment: false, reason: `${name} serves: its PRIMARY deployment ${primary.id} is COMPLETED` };
    if (primary.rolloutState === 'IN_PROGRESS') {
        return { rollOut: true, forceNewDeployment: false, reason: `${name} is being rolled out by PRIMARY deployment ${primary.id} (IN_PROGRESS): waiting on it` };
    }
    return { rollOut: true, forceNewDeployment: true, reason: `the PRIMARY deployment ${primary.id} of ${name} is ${primary.rolloutState ?? 'without a rolloutState'}: starting a new deployment` };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/commands/UpdateServiceCommand.js
var UpdateServiceCommand = __webpack_require__(7188);
;// CONCATENATED MODULE: ./packages/ecs/src/rollout.ts

/**
 * The deployment configuration sent with UpdateService: the service's own, with the circuit
 * breaker on when asked (ECS then stops a rollout whose tasks keep failing; its own rollback
 * follows on-failure). Undefined leaves the service's configuration alone.
 */
function deploymentConfiguration(service, circuitBreaker, rollback) {
    if (!circuitBreaker)
        return undefined;
    return { ...service.deploymentConfiguration, deploymentCircuitBreaker: { enable: true, rollback } };
}
/** Whether ECS's circuit breaker watches the deployment UpdateService starts with `configuration`. */
function breakerOn(service, configuration) {
    return configuration?.deploymentCircuitBreaker?.enable ?? service.deploymentConfiguration?.deploymentCircuitBreaker?.enable ?? false;
}
/** Starts a deployment of one task definition and returns its id, from UpdateService's answer. */
async function startDeployment(clients, log, cluster, request) {
    const answer = await clients.ecs.send(new UpdateServiceCommand/* UpdateServiceCommand */.k({
        cluster,
        service: request.service,
        taskDefinition: request.taskDefinitionArn,
        forceNewDeployment: request.forceNewDeployment ?? false,
        ...(request.configuration ? { deploymentConfiguration: request.configuration } : {}),
        ...(request.desiredCount !== undefined ? { desiredCount: request.desiredCount } : {}),
    }));
    const deployments = answer.service?.deployments ?? [];
    const ours = deployments.find((deployment) => deployment.status === 'PRIMARY' && deployment.taskDefinition === request.taskDefinitionArn);
    if (!ours?.id) {
        throw new Error(`UpdateService did not start a deployment of ${request.taskDefinitionArn}: the PRIMARY deployment runs ${deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition ?? 'nothing'}`);
    }
    log.info(`deployment ${ours.id} started: ${request.taskDefinitionArn}`);
    return ours.id;
}
/** Whether a revision's essential containers carry a health check, so that its tasks report HEALTHY. */
function healthChecked(definition) {
    return (definition?.containerDefinitions ?? []).some((container) => container.essential !== false && !!container.healthCheck);
}

;// CONCATENATED MODULE: ./packages/ecs/src/smoke.ts

/** A single request's limit: a hung connection must not eat the whole smoke-timeout. */
const SMOKE_REQUEST_LIMIT_MS = 10_000;
const SMOKE_REQUEST_FLOOR_MS = 1_000;
/** Whether one answer is good, and why not. */
function judgeAnswer(check, answer) {
    if (answer.error !== undefined)
        return { ok: false, why: answer.error };
    if (answer.status !== check.status)
        return { ok: false, why: `status ${answer.status}, expected ${check.status}` };
    if (check.contains && !(answer.body ?? '').includes(check.contains))
        return { ok: false, why: `status ${answer.status}, but the body does not contain ${JSON.stringify(check.contains)}` };
    return { ok: true, why: `status ${answer.status}${check.contains ? `, body contains ${JSON.stringify(check.contains)}` : ''}` };
}
async function ask(check, limitMs, fetcher, signal) {
    const timeout = AbortSignal.timeout(limitMs);
    try {
        // A 3xx expected is judged as it comes; otherwise redirects are followed as a browser would.
        const response = await fetcher(check.url, {
            redirect: check.status >= 300 && check.status < 400 ? 'manual' : 'follow',
            signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
            headers: { 'cache-control': 'no-cache' },
        });
        const body = check.contains ? await response.text() : (await response.body?.cancel(), undefined);
        return { status: response.status, body };
    }
    catch (error) {
        if (timeout.aborted)
            return { error: `no answer within ${formatDuration(limitMs)}` };
        const cause = error.cause;
        return { error: cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)) };
    }
}
/**
 * Asks the URL every interval until it has answered well `successes` times in a row, or
 * smoke-timeout runs out (or the workflow is cancelled). Each answer is logged.
 */
async function runSmokeCheck(check, deps) {
    const { clock, log } = deps;
    const started = clock.now();
    const deadline = started + check.timeoutMs;
    let attempts = 0;
    let consecutive = 0;
    for (;;) {
        if (deps.signal?.aborted)
            return { passed: false, url: check.url, attempts, consecutive, elapsedMs: clock.now() - started, reason: `the workflow was cancelled during the smoke check of ${check.url}` };
        attempts += 1;
        // The time left, but never so little that a sound server cannot answer: the check may end
        // up to one request after smoke-timeout.
        const limit = Math.min(SMOKE_REQUEST_LIMIT_MS, check.timeoutMs, Math.max(SMOKE_REQUEST_FLOOR_MS, deadline - clock.now()));
        const verdict = judgeAnswer(check, await ask(check, limit, deps.fetch ?? globalThis.fetch, deps.signal));
        consecutive = verdict.ok ? consecutive + 1 : 0;
        log.info(`smoke ${attempts}: ${check.url}: ${verdict.why}${verdict.ok ? ` (${consecutive} of ${check.successes} in a row)` : ''}`);
        const elapsedMs = clock.now() - started;
        if (consecutive >= check.successes) {
            return { passed: true, url: check.url, attempts, consecutive, elapsedMs, reason: `${check.url} answered well ${consecutive} times in a row in ${formatDuration(elapsedMs)} (${attempts} requests)` };
        }
        if (clock.now() + check.intervalMs > deadline) {
            return {
                passed: false, url: check.url, attempts, consecutive, elapsedMs,
                reason: `the smoke check of ${check.url} failed: no ${check.successes} good answers in a row within ${formatDuration(check.timeoutMs)} (${attempts} requests; the last: ${verdict.why})`,
            };
        }
        await clock.sleep(check.intervalMs, deps.signal);
    }
}

// EXTERNAL MODULE: ./actions/rolling-deploy-behind-elb/src/inputs.ts + 5 modules
var src_inputs = __webpack_require__(1049);
// EXTERNAL MODULE: ./packages/ecs/src/container.ts
var container = __webpack_require__(4046);
// EXTERNAL MODULE: ./packages/ecs/src/task-definition-file.ts + 1 modules
var task_definition_file = __webpack_require__(2648);
// EXTERNAL MODULE: ./packages/ecs/src/registerable.ts
var registerable = __webpack_require__(3552);
;// CONCATENATED MODULE: ./packages/ecs/src/preflight.ts


/** Default lifetime of a role session assumed through GitHub's OIDC provider. */
const SESSION_LIFETIME_MS = 3_600_000;
/** Settings that make every deploy slow or fragile, each with its numbers. */
function preflightWarnings(facts) {
    const warnings = [];
    if (facts.targetGroups.length > 0 && facts.healthCheckGracePeriodSeconds === 0) {
        const slowest = Math.max(0, ...facts.targetGroups.map((group) => (group.healthCheckIntervalSeconds ?? 30) * (group.healthyThresholdCount ?? 5)));
        warnings.push(`the service's health-check grace period is 0 s behind a load balancer: a new task needs at least ${slowest} s of passing ALB health checks ` +
            `(interval x healthy threshold), and ECS may replace it before that. Set healthCheckGracePeriodSeconds to ${slowest} s or more.`);
    }
    for (const group of facts.targetGroups) {
        if (group.deregistrationDelaySeconds !== undefined && group.deregistrationDelaySeconds >= 300) {
            warnings.push(`target group ${targetGroupName(group.targetGroupArn)} drains old targets for ${group.deregistrationDelaySeconds} s (deregistration_delay.timeout_seconds): ` +
                `every deploy waits that long after the new tasks are healthy. Django requests rarely need more than 30 s; AWS suggests lower values for fast services.`);
        }
    }
    const lifetime = facts.credentialsExpireAt !== undefined ? facts.credentialsExpireAt - facts.now : SESSION_LIFETIME_MS;
    // A rollout that fails at the deadline is rolled back under a deadline as long (by ECS or by the
    // action), and the credentials must last through that wait too.
    const longest = (facts.restoreMs ?? 0) + 2 * facts.waitMs;
    if (facts.waitMs > 0 && longest > lifetime) {
        const parts = [
            ...(facts.restoreMs ? [`up to ${formatDuration(facts.restoreMs)} for ECR to restore an archived image`] : []),
            `wait-timeout ${formatDuration(facts.waitMs)} for the rollout`,
            'as long again for its rollback',
        ];
        // configure-aws-credentials does not pass the session's expiry on (the SDK knows it only from
        // AWS_CREDENTIAL_EXPIRATION), so without it the session may be longer than the default hour.
        const than = facts.credentialsExpireAt !== undefined
            ? `longer than the current credentials last (they expire in ${formatDuration(lifetime)}): the wait may end with expired credentials`
            : `longer than a role session lasts by default (${formatDuration(lifetime)}): unless role-duration-seconds covers it, the wait may end with expired credentials`;
        warnings.push(`this step may wait ${formatDuration(longest)} (${parts.join(', ')}), ${than}, and the rollout or its rollback then goes on in ECS unwatched. ` +
            "Lower wait-timeout, or raise role-duration-seconds in configure-aws-credentials (within the role's maximum session duration).");
    }
    return warnings;
}
/**
 * Another deployment still moving: one IN_PROGRESS, or an old one still draining next to a
 * PRIMARY that did not fail (a FAILED PRIMARY without rollback is a broken service a new deploy
 * may fix).
 */
function deploymentInProgress(deployments) {
    const moving = deployments.find((deployment) => deployment.rolloutState === 'IN_PROGRESS');
    if (moving)
        return moving;
    const primary = deployments.find((deployment) => deployment.status === 'PRIMARY');
    if (deployments.length > 1 && primary?.rolloutState !== 'FAILED')
        return deployments.find((deployment) => deployment !== primary);
    return undefined;
}

// EXTERNAL MODULE: ./packages/ecs/src/diff.ts
var diff = __webpack_require__(9326);
// EXTERNAL MODULE: ./packages/ecs/src/task-definition-files.ts
var task_definition_files = __webpack_require__(6994);
;// CONCATENATED MODULE: ./actions/rolling-deploy-behind-elb/src/plan.ts



function containerOf(definition, name) {
    return (definition.containerDefinitions ?? []).find((container) => container.name === name);
}
function containerNames(facts) {
    return (facts.running.taskDefinition.containerDefinitions ?? []).map((container) => container.name ?? '');
}
/**
 * The images one service gets. With one service every named container must exist; with several,
 * each service takes the containers it has (and `image` goes to its own chosen container).
 */
function imagesFor(inputs, facts, container) {
    const several = inputs.services.length > 1;
    const names = containerNames(facts);
    const wanted = new Map();
    for (const [name, image] of inputs.images) {
        if (!name || (several && name === inputs.containerName))
            wanted.set(container, image);
        else if (!several || names.includes(name))
            wanted.set(name, image);
    }
    return wanted;
}
function chooseFor(inputs, facts) {
    const several = inputs.services.length > 1;
    // With several services, container-name names the container in those that have it.
    const requested = several && !containerNames(facts).includes(inputs.containerName) ? '' : inputs.containerName;
    return (0,container/* chooseContainer */.d)(facts.running.taskDefinition, requested, facts.running.service).name ?? '';
}
function planService(inputs, facts, file) {
    const { running } = facts;
    const container = file ? (0,task_definition_file/* fileContainer */.a3)(file, running.service, inputs.containerName) : chooseFor(inputs, facts);
    const before = (0,registerable/* registerable */.S6)({ ...running.taskDefinition, tags: running.tags }).input;
    const found = facts.found;
    const release = { id: inputs.releaseId, commit: inputs.commit, ...(inputs.promotedFrom ? { promotedFrom: inputs.promotedFrom } : {}) };
    const images = imagesFor(inputs, facts, container);
    const rendered = found
        ? undefined
        : file
            ? (0,task_definition_file/* renderFromFile */.pZ)(file, running.taskDefinition.family ?? '', images, release)
            : (0,render/* renderTaskDefinition */.P9)(running.taskDefinition, running.tags, images, release);
    const existing = found ? { taskDefinition: found.taskDefinition, tags: found.tags, release: found.release } : undefined;
    const after = rendered ? rendered.input : (0,registerable/* registerable */.S6)({ ...existing?.taskDefinition, tags: existing?.tags }).input;
    return {
        name: facts.name,
        running,
        previousArn: running.taskDefinition.taskDefinitionArn ?? '',
        container,
        rendered,
        existing,
        fromFile: file?.path,
        busy: deploymentInProgress(running.service.deployments ?? []),
        diff: file ? (0,task_definition_file/* diffFromFile */.Ko)(before, after) : (0,diff/* diffTaskDefinitions */.n)(before, after),
        dropped: rendered?.dropped ?? [],
        healthChecked: healthChecked(rendered?.input ?? existing?.taskDefinition),
    };
}
/** A file's containers that drop the logging of the revision they replace (droppedLogging). */
function loggingWarnings(services) {
    return services.flatMap((one) => (one.fromFile && one.rendered ? (0,task_definition_file/* droppedLogging */.mD)(one.fromFile, one.running.taskDefinition, one.rendered.input) : []));
}
/**
 * Decides what to deploy to every service from what was read: the decide step, pure. Refuses
 * (before any write) a container-images entry no service has and an image that is gone.
 */
function makePlan(inputs, facts) {
    if (inputs.services.length > 1 && !inputs.rollbackTo) {
        for (const name of inputs.images.keys()) {
            if (name && !facts.services.some((one) => containerNames(one).includes(name))) {
                throw new errors/* ConfigurationError */.j(`no service of the release has a container '${name}' (${facts.services.map((one) => `${one.name}: ${containerNames(one).join(', ')}`).join('; ')})`, inputs.containerName === name ? 'container-name' : 'container-images');
            }
        }
    }
    // Each file goes to the service whose family it names; one naming no service is refused.
    const files = inputs.rollbackTo
        ? new Map()
        : (0,task_definition_files/* pairFilesWithServices */.gv)(inputs.taskDefinitions.map((file) => ({ ...file, family: file.definition.family })), facts.services.map((one) => ({ name: one.name, family: one.running.taskDefinition.family ?? '' })));
    const services = facts.services.map((one) => planService(inputs, one, files.get(one.name)));
    const missing = facts.imageChecks.filter((check) => !check.found);
    if (missing.length > 0) {
        const what = inputs.rollbackTo ? `cannot roll back to ${inputs.rollbackTo}: its image is gone` : 'the image to deploy does not exist';
        throw new errors/* ConfigurationError */.j(`${what}: ${missing.map((check) => `${check.image}: ${check.detail}`).join('; ')}. Nothing was changed.`, inputs.rollbackTo ? 'rollback-to' : 'image');
    }
    const builtFor = new Map(facts.imageChecks.flatMap((check) => (check.platforms ? [[check.image, check.platforms]] : [])));
    const placements = services.map((one, index) => ({ definition: (one.rendered?.input ?? one.existing?.taskDefinition ?? {}), service: facts.services[index].running.service }));
    const wrongPlatform = platformProblems(placements, builtFor);
    if (wrongPlatform.length > 0)
        throw imageRefusal(inputs, wrongPlatform);
    const unread = facts.imageChecks.flatMap((check) => (check.platformsUnread ? [`the platforms of ${check.image} were not read, so not compared with where its tasks run: ${check.platformsUnread}`] : []));
    const several = services.length > 1;
    const serviceWarnings = facts.services.flatMap((one) => preflightWarnings({ healthCheckGracePeriodSeconds: one.running.service.healthCheckGracePeriodSeconds ?? 0, targetGroups: one.targetGroups, waitMs: 0, now: facts.now }).map((warning) => (several ? `service ${one.name}: ${warning}` : warning)));
    const restoreMs = facts.imageChecks.some((check) => check.archived) ? RESTORE_WAIT_MS : undefined;
    const sessionWarnings = preflightWarnings({ healthCheckGracePeriodSeconds: 0, targetGroups: [], waitMs: inputs.waitTimeoutMs, restoreMs, credentialsExpireAt: facts.credentialsExpireAt, now: facts.now });
    return {
        services,
        release: services[0].existing?.release ?? inputs.releaseId,
        imageChecks: facts.imageChecks,
        warnings: [...serviceWarnings, ...loggingWarnings(services), ...sessionWarnings, ...unread],
        placements,
        builtFor,
    };
}
/** The refusal of images that cannot run (where their tasks go, or at all), naming the input that gave them. */
function imageRefusal(inputs, problems) {
    const what = inputs.rollbackTo ? `cannot roll back to ${inputs.rollbackTo}: ` : '';
    return new errors/* ConfigurationError */.j(`${what}${problems.join('; ')}. Nothing was changed.`, inputs.rollbackTo ? 'rollback-to' : imageInput(inputs));
}
/** The input that named the image: `image`, unless only container-images did. */
function imageInput(inputs) {
    return inputs.images.has(inputs.containerName) ? 'image' : 'container-images';
}
function busyMessage(plan, inputs) {
    const one = plan.services.find((candidate) => candidate.busy);
    const busy = one?.busy;
    if (!one || !busy)
        return undefined;
    const since = busy.createdAt ? ` since ${busy.createdAt.toISOString()}` : '';
    const hint = inputs.services.length > 1 ? 'wait for it to finish, or set supersede: true to replace it (in every service of the release)' : 'wait for it to finish, or set supersede: true to replace it';
    return `service ${one.name} is busy with deployment ${busy.id} (${busy.status} ${busy.rolloutState ?? ''}, ${busy.taskDefinition})${since}: ${hint}`;
}
/** The container the migration runs in: the first service's, in its new revision. */
function migrationContainer(service) {
    return containerOf(service.rendered?.input ?? service.existing?.taskDefinition ?? {}, service.container);
}
/** What a deploy now would do, step by step, for a dry run. */
function dryRunSteps(inputs, plan, busy) {
    const [first] = plan.services;
    const several = plan.services.length > 1;
    const targets = plan.services.map((one) => {
        const what = one.existing ? `deploy ${one.existing.taskDefinition.taskDefinitionArn} again (release ${plan.release})` : `register the next revision of ${one.rendered?.input.family} for release ${plan.release}`;
        return several ? `${one.name}: ${what}` : what;
    });
    const migration = `run '${inputs.migrateCommand}' once in container ${first.container}${several ? ` of ${first.name}'s new revision` : ''}, with the service's network configuration`;
    const update = several ? `update services ${plan.services.map((one) => one.name).join(', ')} in ${inputs.cluster} at once` : `update service ${inputs.service} in ${inputs.cluster}`;
    const back = several ? `return every service that moved to what it ran (${plan.services.map((one) => one.previousArn.split('/').pop()).join(', ')})` : `return to ${first.previousArn}`;
    const restores = plan.imageChecks.flatMap((check) => (check.archived ? [`restore ${check.image} from ECR's archive (${check.archived.status === 'ARCHIVED' ? `ECR takes up to ${RESTORE_WITHIN}` : 'already under way'}), then read its platforms`] : []));
    return [
        ...restores,
        ...targets,
        inputs.migrateCommand ? migration : 'no migration',
        `${update}; wait up to ${inputs.waitTimeout}, polling every ${inputs.pollMs} ms`,
        ...(inputs.smoke ? [`smoke check: ${inputs.smoke.successes} answers of status ${inputs.smoke.status} in a row from ${inputs.smoke.url} within ${inputs.smoke.timeoutMs} ms`] : []),
        `on failure: ${inputs.onFailure === 'rollback' ? back : 'stop, leave the service as ECS left it'}`,
        ...(busy ? [`${inputs.supersede ? 'would supersede' : 'would refuse'}: ${busy}`] : []),
    ];
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
;// CONCATENATED MODULE: ./actions/rolling-deploy-behind-elb/src/github.ts

/**
 * Creates the deployment (ref = the commit, no required contexts: the workflow already gated it)
 * and returns a recorder for its statuses. A GitHub API failure is a warning: it never fails or
 * stops the AWS deploy.
 */
async function recordDeployment(settings, log, env = process.env) {
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    const octokit = (0,github/* getOctokit */.Q)(settings.token, { baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com' });
    const logUrl = `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
    let id;
    try {
        const created = await octokit.rest.repos.createDeployment({
            owner,
            repo,
            ref: env.GITHUB_SHA ?? settings.release,
            environment: settings.environment,
            auto_merge: false,
            required_contexts: [],
            description: `${settings.rollback ? 'rollback to' : 'release'} ${settings.release}`.slice(0, 140),
            payload: { release: settings.release },
        });
        if (!('id' in created.data))
            throw new Error(`GitHub did not create the deployment: ${JSON.stringify(created.data)}`);
        id = created.data.id;
    }
    catch (error) {
        log.warning(`could not create a GitHub deployment for ${settings.environment}: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
    }
    return {
        async status(state, description) {
            try {
                await octokit.rest.repos.createDeploymentStatus({
                    owner,
                    repo,
                    deployment_id: id,
                    state,
                    description: description.slice(0, 140),
                    log_url: logUrl,
                    ...(settings.environmentUrl ? { environment_url: settings.environmentUrl } : {}),
                    auto_inactive: state === 'success',
                });
            }
            catch (error) {
                log.warning(`could not set the GitHub deployment ${id} to ${state}: ${error instanceof Error ? error.message : String(error)}`);
            }
        },
    };
}

;// CONCATENATED MODULE: ./packages/ecs/src/event-hints.ts
// What a service event about placing or launching tasks means, and the way out. When ECS cannot
// place or start a task, it says why only in the service's events (DescribeServices), in the
// words of the developer guide's "Amazon ECS service event messages"; the deployment itself just
// shows 0 new tasks running until the wait runs out. Each rule matches one message of that list;
// an event no rule knows gets no hint, only its line in the log.
const ROLLING_ROOM = 'lower maximumPercent to 100 with minimumHealthyPercent below 100 in the service\'s deployment configuration, so old tasks stop before new ones start';
const RULES = [
    [
        /no container instance met all of its requirements\.?\s*Reason: No Container Instances were found in your cluster/i,
        'the cluster has no container instance to run EC2 tasks on: start instances that register in this cluster (or give the service a capacity provider whose Auto Scaling group does), or run the service on Fargate',
    ],
    [
        /has insufficient (?:CPU units|memory|GPU)/i,
        `the container instances have no room for the new tasks: in a rolling deploy they start beside the old ones, so the instances need free CPU and memory for both. Add instances (a capacity provider with managed scaling adds them itself), or ${ROLLING_ROOM}`,
    ],
    [
        /is already using a port required by your task/i,
        `the task maps a fixed hostPort, and an instance holds one task with that port, so a new task cannot start beside an old one on the same instance: use dynamic host ports (hostPort 0 in bridge mode; the target group registers each task's port) or awsvpc networking, or ${ROLLING_ROOM}`,
    ],
    [
        /is missing an attribute required by your task/i,
        "no container instance has an attribute the task asks for: a memberOf placement constraint, or a capability the task definition needs (requiresAttributes, such as a log driver or secrets support of the ECS agent). Compare them with the instances' attributes (aws ecs list-attributes --target-type container-instance)",
    ],
    [/encountered error "AGENT"/i, "the ECS agent of the instance ECS would use is disconnected: restart the agent or replace the instance (ListContainerInstances with the filter agentConnected==false finds them)"],
    [
        /unable to stop or start tasks during a deployment because of the service deployment configuration/i,
        'the deployment configuration leaves ECS no way to replace a task: with minimumHealthyPercent and maximumPercent both 100 it may neither start a new task beside the old ones nor stop an old one first. Raise maximumPercent (200) or lower minimumHealthyPercent',
    ],
    [
        /You've reached the limit on the number of (?:tasks|vCPUs) you can run concurrently/i,
        "the account has reached its quota of tasks or vCPUs running at once in this region (a rolling deploy needs room for the old and the new tasks together): request a higher quota in Service Quotas, or lower maximumPercent",
    ],
    [/The requested (?:CPU|MEMORY) configuration is above your limit/i, "the task asks for more CPU or memory than this account may run on Fargate: choose a smaller cpu and memory in the task definition, or request a higher quota in Service Quotas"],
    [
        /Capacity is unavailable at this time/i,
        "Fargate has no capacity for the task in the service's Availability Zones now (often Fargate Spot): give the service subnets in more Availability Zones, or add FARGATE beside FARGATE_SPOT in its capacity provider strategy",
    ],
    [
        /unable to assume the role/i,
        "ECS could not assume a role the task definition names: the role's trust policy must let ecs-tasks.amazonaws.com call sts:AssumeRole, and the role must exist in this account",
    ],
    [
        /failed to register targets in/i,
        "ECS could not register the new tasks with the load balancer's target group: the target group must be attached to a load balancer (a listener or rule forwarding to it), and its target type must suit the network mode (ip for awsvpc, instance for bridge or host)",
    ],
];
/** The way out for a service event's message, or undefined when no rule knows the message. */
function eventHint(message) {
    return RULES.find(([pattern]) => pattern.test(message))?.[1];
}
/**
 * The way out for a reason RunTask gives in its `failures` (the developer guide's "API failure
 * reasons"): RESOURCE:* when no container instance had room, AGENT, ATTRIBUTE; Fargate's reasons
 * read as the service events' do.
 */
const RUN_TASK_RULES = [
    [/^RESOURCE:(?:CPU|MEMORY|GPU)/, "no container instance had the free CPU or memory the task asks for beside the tasks already running: add instances (a capacity provider with managed scaling adds them itself), or ask for less cpu or memory in the task definition"],
    [/^RESOURCE:PORTS/, 'every container instance already uses a host port the task maps (the service\'s own tasks hold it): use dynamic host ports (hostPort 0 in bridge mode) or awsvpc networking'],
    [/^RESOURCE:ENI/, "no container instance has a free network interface for another awsvpc task: use instance types with more network interfaces, or turn on ENI trunking (the account setting awsvpcTrunking)"],
    [/^AGENT/, "the ECS agent of the container instance is disconnected: restart the agent or replace the instance"],
    [/^ATTRIBUTE/, "no container instance has an attribute the task definition needs (requiresAttributes, a memberOf placement constraint): compare them with the instances' attributes (aws ecs list-attributes --target-type container-instance)"],
];
function runTaskFailureHint(reason) {
    return RUN_TASK_RULES.find(([pattern]) => pattern.test(reason))?.[1] ?? eventHint(reason);
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/pagination/ListTasksPaginator.js + 1 modules
var ListTasksPaginator = __webpack_require__(6259);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/commands/DescribeTasksCommand.js
var DescribeTasksCommand = __webpack_require__(8639);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch-logs/dist-es/commands/GetLogEventsCommand.js + 1 modules
var GetLogEventsCommand = __webpack_require__(8093);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-elastic-load-balancing-v2/dist-es/commands/DescribeTargetHealthCommand.js
var DescribeTargetHealthCommand = __webpack_require__(7992);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
;// CONCATENATED MODULE: ./packages/ecs/src/observe.ts






/** Logs service events not seen before, oldest first (ECS lists the newest first), and returns them. */
function logNewEvents(events, seen, log) {
    const fresh = (events ?? []).filter((event) => event.id && !seen.has(event.id)).reverse();
    for (const event of fresh) {
        seen.add(event.id ?? '');
        log.info(`event: ${event.message}`);
    }
    return fresh;
}
/** Why a task stopped, with each container's exit code and reason: one line. */
function stoppedTaskLine(task) {
    const id = task.taskArn?.split('/').pop();
    const containers = (task.containers ?? [])
        .filter((container) => container.exitCode !== undefined || container.reason)
        .map((container) => `${container.name}${container.exitCode !== undefined ? ` exit ${container.exitCode}` : ''}${container.reason ? `: ${container.reason}` : ''}`);
    const code = task.stopCode ? ` [${task.stopCode}]` : '';
    return `task ${id} stopped${code}: ${task.stoppedReason ?? 'no reason given'}${containers.length ? ` (${containers.join('; ')})` : ''}`;
}
/**
 * A container's last `limit` log lines in a task, from its awslogs configuration (the stream is
 * PREFIX/CONTAINER/TASK-ID); a line in parentheses says why there are none. Reading them is
 * allowed to fail: a warning names `what` and the stream.
 */
async function containerLogs(clients, container, taskArn, log, read) {
    const options = container.logConfiguration?.logDriver === 'awslogs' ? container.logConfiguration.options ?? {} : undefined;
    const group = options?.['awslogs-group'];
    const prefix = options?.['awslogs-stream-prefix'];
    if (!group || !prefix)
        return [`(no logs: container ${container.name} does not use the awslogs driver with a stream prefix)`];
    const stream = `${prefix}/${container.name}/${taskArn.split('/').pop()}`;
    try {
        const answer = await clients.logs.send(new GetLogEventsCommand/* GetLogEventsCommand */.h({ logGroupName: group, logStreamName: stream, limit: read.limit, startFromHead: false }));
        const lines = (answer.events ?? []).map((event) => event.message ?? '');
        return lines.length ? lines : [`(log stream ${group}/${stream} is empty)`];
    }
    catch (error) {
        if ((0,aws_errors/* isNamed */.ev)(error, 'ResourceNotFoundException'))
            return [`(no log stream ${group}/${stream})`];
        log.warning(`could not read ${read.what} from ${group}/${stream}: ${(0,errors/* describeThrown */.Y)(error).message}`);
        return [];
    }
}
/** DescribeTasks takes at most 100 tasks a call (ECS API reference). */
const DESCRIBE_TASKS_LIMIT = 100;
/** ListTasks returns at most 100 ARNs a page (maxResults 1-100, ECS API reference): asked for in full, the fewest pages. */
const LIST_TASKS_PAGE = 100;
/**
 * Every task ARN ListTasks names, page by page, each once (a task that moves while the pages are
 * read may be named twice). `onPage` gets each page's new ARNs as it arrives, so that they can be
 * described while the next page is read.
 */
async function listTaskArns(clients, input, onPage) {
    const arns = new Set();
    for await (const page of (0,ListTasksPaginator/* paginateListTasks */._)({ client: clients.ecs, pageSize: LIST_TASKS_PAGE }, input)) {
        const fresh = (page.taskArns ?? []).filter((arn) => !arns.has(arn));
        fresh.forEach((arn) => arns.add(arn));
        onPage?.(fresh);
    }
    return [...arns];
}
/** How many DescribeTasks calls of one look go out at once: 100 tasks each, well within ECS's describe rate. */
const DESCRIBE_TASKS_AT_ONCE = 5;
/** The tasks, 100 a call, the calls of a look a few at once (a 150-task service waits for one call, not two in a row), in the order asked. */
async function describeTasks(clients, cluster, arns, limit = (0,p_limit/* default */.A)(DESCRIBE_TASKS_AT_ONCE)) {
    const batches = [];
    for (let at = 0; at < arns.length; at += DESCRIBE_TASKS_LIMIT)
        batches.push(arns.slice(at, at + DESCRIBE_TASKS_LIMIT));
    const answers = await Promise.all(batches.map((tasks) => limit(() => clients.ecs.send(new DescribeTasksCommand/* DescribeTasksCommand */.z({ cluster, tasks })))));
    return answers.flatMap((answer) => answer.tasks ?? []);
}
/**
 * The tasks of the deployments a watch follows: ECS starts a service's tasks with startedBy set
 * to the deployment id. One deployment is listed by its startedBy; several by the cluster's
 * lists, once per poll whatever their number, and told apart by startedBy, so that the calls of
 * a poll grow with pages only. Each task is described once (its address does not change), a
 * stopped one of ours once more for why it stopped, a running one again while its health check
 * has not passed. A task already described as another deployment's (startedBy does not change)
 * is not described again when it stops: the cluster's lists name every old task a rollout stops.
 */
class TaskTracker {
    clients;
    cluster;
    known = new Map();
    stoppedSeen = new Set();
    /** Tasks described as another deployment's: startedBy does not change, so they are not described again. */
    theirs = new Set();
    constructor(clients, cluster) {
        this.clients = clients;
        this.cluster = cluster;
    }
    async poll(deploymentId, needRunning, followHealth = false) {
        return (await this.pollAll([{ deploymentId, needRunning, followHealth }])).get(deploymentId);
    }
    async pollAll(queries) {
        const single = queries.length === 1;
        const filter = single ? { startedBy: queries[0].deploymentId } : {};
        const watched = new Set(queries.map((query) => query.deploymentId));
        const following = new Set(queries.filter((query) => query.followHealth).map((query) => query.deploymentId));
        const stale = (task) => !task || (following.has(task.startedBy ?? '') && task.healthStatus !== 'HEALTHY');
        // Listed by startedBy, every task is ours; in the cluster's lists, a task known to be another
        // deployment's is not described, running or stopped.
        const theirs = (arn) => !single && this.theirs.has(arn);
        const limit = (0,p_limit/* default */.A)(DESCRIBE_TASKS_AT_ONCE);
        const asked = new Set();
        const describing = [];
        // Each page's tasks are described while the next page is read, each task once a poll.
        const describe = (arns) => {
            const fresh = arns.filter((arn) => !asked.has(arn) && !theirs(arn));
            fresh.forEach((arn) => asked.add(arn));
            if (fresh.length === 0)
                return;
            const described = describeTasks(this.clients, this.cluster, fresh, limit);
            // Awaited once the lists are read; a refusal before then must fail this poll, not end the
            // process as an unhandled rejection (no error, no report, no recovery).
            described.catch(() => undefined);
            describing.push(described);
        };
        const list = (desiredStatus, toDescribe) => listTaskArns(this.clients, { cluster: this.cluster, desiredStatus, ...filter }, (arns) => describe(toDescribe(arns)));
        const needRunning = queries.some((query) => query.needRunning);
        const [runningArns, stoppedArns] = await Promise.all([
            needRunning ? list('RUNNING', (arns) => arns.filter((arn) => stale(this.known.get(arn)))) : Promise.resolve([]),
            list('STOPPED', (arns) => arns.filter((arn) => !this.stoppedSeen.has(arn))),
        ]);
        for (const task of (await Promise.all(describing)).flat()) {
            if (!task.taskArn)
                continue;
            this.known.set(task.taskArn, task);
            if (!single && !watched.has(task.startedBy ?? ''))
                this.theirs.add(task.taskArn);
        }
        const freshStopped = stoppedArns.filter((arn) => !this.stoppedSeen.has(arn));
        // Another deployment's stopped task is not looked at again.
        freshStopped.filter(theirs).forEach((arn) => this.stoppedSeen.add(arn));
        const stopped = freshStopped.map((arn) => this.known.get(arn)).filter((task) => !!task && !theirs(task.taskArn ?? '') && task.lastStatus === 'STOPPED');
        for (const task of stopped)
            this.stoppedSeen.add(task.taskArn ?? '');
        const running = runningArns.filter((arn) => !theirs(arn)).map((arn) => this.known.get(arn)).filter((task) => !!task);
        const ours = (task, id) => single || task.startedBy === id;
        return new Map(queries.map((query) => [
            query.deploymentId,
            { running: query.needRunning ? running.filter((task) => ours(task, query.deploymentId)) : [], newlyStopped: stopped.filter((task) => ours(task, query.deploymentId)) },
        ]));
    }
}
/** Addresses a load balancer knows a task by: its ENI's IP (awsvpc) and each host port (bridge/host). */
function taskAddresses(task) {
    const ips = (task.attachments ?? []).flatMap((attachment) => (attachment.details ?? []).filter((detail) => detail.name === 'privateIPv4Address').map((detail) => detail.value ?? ''));
    const hostPorts = (task.containers ?? []).flatMap((container) => (container.networkBindings ?? []).map((binding) => binding.hostPort ?? 0));
    return { ips: ips.filter(Boolean), hostPorts: hostPorts.filter(Boolean) };
}
const DJANGO_HOST_HINT = 'Django answers 400 when ALLOWED_HOSTS rejects the Host header, and the ALB health check sends the task IP as Host: allow it (or answer the health path before the host check)';
/** The target groups a service's load balancers name, each once. */
function targetGroupsOf(loadBalancers) {
    return [...new Set((loadBalancers ?? []).map((balancer) => balancer.targetGroupArn).filter((arn) => !!arn))];
}
/** Every target of each group, by group ARN: DescribeTargetHealth has no paging, one answer lists them all. */
async function describeTargetHealth(clients, groups) {
    const answers = await Promise.all(groups.map(async (arn) => [arn, (await clients.elb.send(new DescribeTargetHealthCommand/* DescribeTargetHealthCommand */.q({ TargetGroupArn: arn }))).TargetHealthDescriptions ?? []]));
    return new Map(answers);
}
/**
 * Healthy targets of the given tasks in every target group of the service, logging each
 * target's state once per change.
 */
async function targetHealthOf(clients, loadBalancers, tasks, reported, log) {
    return judgeTargetHealth(await describeTargetHealth(clients, targetGroupsOf(loadBalancers)), loadBalancers, tasks, reported, log);
}
/**
 * targetHealthOf's judgement of answers already read: the tasks' targets, counted and logged. An
 * awsvpc task's target is its IP; a bridge or host task's is its EC2 instance and host port, so
 * `instances` (container instance ARN to EC2 instance id) tells it from another task's target of
 * the same port on another instance, as every target has with a fixed hostPort or host networking.
 * A task whose instance is not known is matched by its host port alone.
 */
function judgeTargetHealth(answers, loadBalancers, tasks, reported, log, instances = new Map()) {
    const ips = new Set(tasks.flatMap((task) => taskAddresses(task).ips));
    const onInstances = new Set();
    const anywhere = new Set();
    for (const task of tasks) {
        const instance = instances.get(task.containerInstanceArn ?? '');
        for (const port of taskAddresses(task).hostPorts) {
            if (instance)
                onInstances.add(`${instance}:${port}`);
            else
                anywhere.add(port);
        }
    }
    const health = [];
    for (const targetGroupArn of targetGroupsOf(loadBalancers)) {
        let healthy = 0;
        for (const description of answers.get(targetGroupArn) ?? []) {
            const id = description.Target?.Id ?? '';
            const port = description.Target?.Port ?? -1;
            const ours = ips.has(id) || (!/^\d+\.\d+\.\d+\.\d+$/.test(id) && (onInstances.has(`${id}:${port}`) || anywhere.has(port)));
            if (!ours)
                continue;
            const state = description.TargetHealth?.State ?? 'unknown';
            if (state === 'healthy')
                healthy += 1;
            const reason = description.TargetHealth?.Reason ? ` (${description.TargetHealth.Reason}: ${description.TargetHealth.Description ?? ''})` : '';
            const key = `${targetGroupArn}|${id}:${description.Target?.Port}`;
            const line = `${state}${reason}`;
            if (reported.get(key) !== line) {
                reported.set(key, line);
                const hint = /\[400\]/.test(description.TargetHealth?.Description ?? '') ? ` ${DJANGO_HOST_HINT}` : '';
                log.info(`target ${id}:${description.Target?.Port} in ${targetGroupName(targetGroupArn)}: ${line}${hint}`);
            }
        }
        health.push({ targetGroupArn, healthy });
    }
    return health;
}

;// CONCATENATED MODULE: ./packages/ecs/src/settled.ts
/** After a poll that listed the tasks: the deployment's settled tasks, or undefined while any is still moving. */
function settledTasks(input) {
    const { deployment, desiredCount, tasks } = input;
    if (!deployment || deployment.status !== 'PRIMARY' || desiredCount < 1)
        return undefined;
    const runningCount = deployment.runningCount ?? 0;
    if (runningCount < desiredCount || tasks.newlyStopped.length > 0)
        return undefined;
    if (input.needRunning && tasks.running.length < desiredCount)
        return undefined;
    if (input.healthChecked && tasks.running.filter((task) => task.healthStatus === 'HEALTHY').length < desiredCount)
        return undefined;
    return { running: tasks.running, desiredCount, runningCount, failedTasks: deployment.failedTasks ?? 0 };
}
/**
 * Whether a poll may judge the deployment on its settled tasks instead of listing them again: ECS
 * still counts the same running and failed tasks and wants as many. A task that stopped, failed
 * or was added moves one of the counts, and the poll lists the tasks again.
 */
function stillSettled(settled, deployment, desiredCount) {
    if (!settled || !deployment)
        return false;
    return desiredCount === settled.desiredCount && (deployment.runningCount ?? 0) === settled.runningCount && (deployment.failedTasks ?? 0) === settled.failedTasks;
}

;// CONCATENATED MODULE: ./packages/ecs/src/stop-hints.ts
const TIMED_OUT = /i\/o timeout|context deadline exceeded|dial tcp|connection timed out|request canceled|RequestCanceled|TLS handshake timeout/i;
const PULL = /CannotPullContainerError/;
const SECRETS = /ResourceInitializationError: unable to pull secrets or registry auth|unable to retrieve secret|unable to retrieve secrets|execution resource retrieval failed/i;
const stop_hints_RULES = [
    (reason) => {
        const platform = /descriptor matching platform '([^']+)'/.exec(reason)?.[1];
        if (!platform)
            return undefined;
        const arm = /arm64/.test(platform);
        return (`the image has no build for ${platform}, the platform the task definition runs on (runtimePlatform.cpuArchitecture ${arm ? 'ARM64' : 'X86_64'}): ` +
            `build it for ${platform} (build-push-django-image's platform: ${platform}, or a runner of that architecture), ` +
            `or set runtimePlatform.cpuArchitecture to ${arm ? 'X86_64' : 'ARM64'} if the image is built for ${arm ? 'linux/amd64' : 'linux/arm64'}`);
    },
    (reason) => PULL.test(reason) && /not authorized to perform: ecr:|AccessDenied/i.test(reason)
        ? "the task execution role may not pull from ECR: attach the AWS managed policy AmazonECSTaskExecutionRolePolicy to it (ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer), and allow the role in the repository's policy if the image is in another account"
        : undefined,
    (reason) => PULL.test(reason) && TIMED_OUT.test(reason)
        ? 'the tasks cannot reach the registry: in a private subnet they need a NAT gateway or VPC endpoints (com.amazonaws.REGION.ecr.api, ecr.dkr and the S3 gateway endpoint); in a public subnet, assignPublicIp ENABLED in the service\'s network configuration. Security groups must allow outbound HTTPS'
        : undefined,
    (reason) => SECRETS.test(reason) && /not authorized|AccessDenied|KMS/i.test(reason)
        ? "the task execution role may not read a secret the task definition names: allow secretsmanager:GetSecretValue or ssm:GetParameters on it (and kms:Decrypt on its key, if a key of yours encrypts it)"
        : undefined,
    (reason) => SECRETS.test(reason) && /ResourceNotFoundException|ParameterNotFound|InvalidParameters|not found/i.test(reason)
        ? "a secret or parameter the task definition names does not exist, in this region and account: check each 'valueFrom' in the container's secrets"
        : undefined,
    (reason) => SECRETS.test(reason) && TIMED_OUT.test(reason)
        ? 'the tasks cannot reach Secrets Manager or Systems Manager to read their secrets: in a private subnet they need a NAT gateway or VPC endpoints (com.amazonaws.REGION.secretsmanager or ssm); in a public subnet, assignPublicIp ENABLED'
        : undefined,
    (reason) => /OutOfMemoryError|Container killed due to memory usage/i.test(reason)
        ? "a container used more memory than the task definition gives it: raise 'memory' (the task's, or the container's own), or lower gunicorn's workers (WEB_CONCURRENCY)"
        : undefined,
    (reason) => /executable file not found in \$PATH|no such file or directory: unknown/i.test(reason)
        ? "the image has no such program: check the container's command and entryPoint in the task definition against the image's CMD and ENTRYPOINT"
        : undefined,
    (reason) => /Your Spot Task was interrupted/i.test(reason)
        ? 'Fargate Spot took its capacity back (after two minutes\' notice): not the release\'s doing, and ECS starts another task. If rollouts keep meeting it, give the service\'s capacity provider strategy a FARGATE base beside FARGATE_SPOT'
        : undefined,
    (reason) => /Essential container in task exited/.test(reason) && /^exit code 3$/m.test(reason)
        ? "if the container runs gunicorn, exit code 3 is how it stops when its workers cannot boot: the app failed at import (a module missing from the image, settings that raise, an environment variable or secret the settings read and the task definition lacks). The container's log shows the traceback; `python manage.py check --deploy` in the image with the task's environment shows it too"
        : undefined,
    (reason) => /Task failed (ELB|container) health checks/i.test(reason)
        ? "the new tasks started but failed their health checks: check the health check's path and port, that the app answers it within its timeout, and for Django that ALLOWED_HOSTS lets the check's Host through (an ALB sends the task's IP)"
        : undefined,
];
/** The way out for a stopped task's reason (the task's and its containers'), or undefined when no rule knows it. */
function stopHint(task) {
    // Each container's exit code on a line of its own: some causes show only there.
    const containers = (task.containers ?? []).flatMap((container) => [container.reason ?? '', container.exitCode !== undefined ? `exit code ${container.exitCode}` : '']);
    const reasons = [task.stoppedReason ?? '', ...containers].join('\n');
    for (const rule of stop_hints_RULES) {
        const hint = rule(reasons);
        if (hint)
            return hint;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./packages/ecs/src/watch.ts








/** How many of a crashed container's last log lines the wait shows. */
const CRASH_LOG_LINES = 30;
/**
 * Polls every deployment of a release in one loop until each completes or fails, logging each
 * new service event, stopped task and target-health change once. Each poll asks ECS and ELB
 * afresh: one DescribeServices for up to 10 services, each target group once, and the task lists
 * (TaskTracker) until every deployment's tasks are settled (settled.ts) and while ECS's counts
 * say nothing about them moved; the decision is assessRollout's. Polls start pollMs apart.
 */
async function watchRollouts(settings, rollouts) {
    const { clients, clock, log } = settings;
    const watched = rollouts.map((rollout) => ({ ...rollout, reportedTargets: new Map() }));
    const tracker = new TaskTracker(clients, settings.cluster);
    const several = watched.length > 1;
    // Each service's load balancers as the last poll saw them: a rollout does not change them, so
    // they say which calls the next poll needs, and it makes them all at once.
    const balancers = new Map(rollouts.flatMap((one) => (one.loadBalancers ? [[one.service, one.loadBalancers]] : [])));
    const firstPoll = clock.now();
    const hinted = new Set();
    // The EC2 instance of each container instance a bridge or host task runs on: its target's id.
    const instanceIds = new Map();
    let instancesUnread = false;
    const learnInstances = async (tasks) => {
        const arns = tasks.filter((task) => task.containerInstanceArn && taskAddresses(task).hostPorts.length > 0).map((task) => task.containerInstanceArn);
        if (arns.length === 0 || instancesUnread)
            return;
        try {
            await learnEc2Instances(clients, settings.cluster, arns, instanceIds, settings.signal);
        }
        catch (error) {
            instancesUnread = true;
            // A cancelled run says so itself; an unread instance list is worth a warning otherwise.
            if (settings.signal?.aborted)
                return;
            const why = (0,aws_errors/* isAccessDenied */.w7)(error) ? 'allow ecs:DescribeContainerInstances' : (0,errors/* describeThrown */.Y)(error).message;
            log.warning(`the container instances of the new tasks were not read, so their targets are told apart by host port alone: ${why}`);
        }
    };
    // The services whose crashed container's log was read: ten tasks that crashed alike need it once.
    const logsRead = new Set();
    const reportStopped = async (task, one, service) => {
        log.info(`${service ? `service ${service}: ` : ''}${stoppedTaskLine(task)}`);
        const hint = stopHint(task);
        // Once a run: ten tasks that stopped for one reason need the way out once.
        if (hint && !hinted.has(hint)) {
            hinted.add(hint);
            log.warning(`${service ? `service ${service}: ` : ''}tasks stopped: ${hint}`);
        }
        const crashed = (task.containers ?? []).find((container) => container.exitCode !== undefined && container.exitCode !== 0);
        const definition = one.containers?.find((candidate) => candidate.name === crashed?.name);
        if (!crashed || !definition || !task.taskArn || logsRead.has(one.service) || settings.signal?.aborted)
            return;
        logsRead.add(one.service);
        const id = task.taskArn.split('/').pop();
        const lines = await containerLogs(clients, definition, task.taskArn, log, { limit: CRASH_LOG_LINES, what: `the log of container ${definition.name} in task ${id}` });
        if (lines.length > 0)
            log.info(`${service ? `service ${service}: ` : ''}the last lines of container ${definition.name} in task ${id} (exit ${crashed.exitCode}):\n${lines.join('\n')}`);
    };
    const isOpen = (one) => !one.last || (!one.last.failed && one.last.phase !== 'completed');
    // Polls that failed after the SDK's tries are polled again until the deadline (kit's poll-failures.ts says why).
    const failures = new PollFailures(settings, () => `${watched.filter(isOpen).map((one) => `deployment ${one.deploymentId} of ${one.service}`).join(', ')} goes on in ECS`);
    for (;;) {
        const pollStarted = clock.now();
        const open = watched.filter(isOpen);
        const cancelled = settings.signal?.aborted ?? false;
        let answered;
        try {
            answered = cancelled ? { services: [], tasksOf: new Map(), answers: new Map(), listed: false } : await poll(settings, tracker, open, balancers);
        }
        catch (error) {
            if (failures.failed(error)) {
                const reason = `${failures.reason()} when wait-timeout ${settings.waitLimit} passed`;
                for (const one of open)
                    one.last = { phase: 'failed', failed: true, reason: `deployment ${one.deploymentId} was not seen to finish: ${reason}` };
                return new Map(watched.map((one) => [one.service, one.last]));
            }
            await (0,src_clock/* pause */.v7)(clock, Math.min(Math.max(0, nextPollAt(firstPoll, pollStarted, settings.pollMs) - clock.now()), Math.max(0, settings.deadline - clock.now())), settings.signal);
            continue;
        }
        failures.answered();
        const { services, tasksOf, answers, listed } = answered;
        const hasTargets = (index) => targetGroupsOf(services[index]?.loadBalancers).length > 0;
        await learnInstances(open.flatMap((one, index) => (hasTargets(index) ? (tasksOf.get(one.deploymentId)?.running ?? []) : [])));
        for (const [index, one] of open.entries()) {
            const service = services[index];
            let targetHealth = [];
            let taskHealth;
            if (service) {
                for (const event of logNewEvents(service.events, settings.seenEvents, log)) {
                    const hint = eventHint(event.message ?? '');
                    if (!hint)
                        continue;
                    one.blockedBy = event.message;
                    // Once a run, as for stopped tasks: ECS repeats the event until the cause is gone.
                    if (!hinted.has(hint)) {
                        hinted.add(hint);
                        log.warning(`${several ? `service ${one.service}: ` : ''}ECS could not place or start a task: ${hint}`);
                    }
                }
                const tasks = tasksOf.get(one.deploymentId);
                for (const task of tasks.newlyStopped)
                    await reportStopped(task, one, several ? one.service : undefined);
                targetHealth = hasTargets(index) ? judgeTargetHealth(answers, service.loadBalancers, tasks.running, one.reportedTargets, log, instanceIds) : [];
                if (one.healthChecked)
                    taskHealth = { healthy: tasks.running.filter((task) => task.healthStatus === 'HEALTHY').length };
                if (listed) {
                    const deployment = service.deployments?.find((candidate) => candidate.id === one.deploymentId);
                    one.settled = settledTasks({ deployment, desiredCount: service.desiredCount ?? 0, needRunning: hasTargets(index) || one.healthChecked, healthChecked: one.healthChecked, tasks });
                }
            }
            const assessment = assessRollout({
                deploymentId: one.deploymentId,
                taskDefinitionArn: one.taskDefinitionArn,
                previousTaskDefinitionArn: one.previousTaskDefinitionArn,
                deployments: service?.deployments ?? [],
                desiredCount: service?.desiredCount ?? 0,
                targetHealth,
                taskHealth,
                circuitBreaker: one.circuitBreaker,
                now: clock.now(),
                deadline: settings.deadline,
                waitLimit: settings.waitLimit,
                cancelled,
                blockedBy: one.blockedBy,
            });
            one.last = assessment;
            if (assessment.phase !== one.phase) {
                one.phase = assessment.phase;
                settings.onPhase?.(one.service, one.phase, clock.now());
                log.info(`${several ? `service ${one.service}: ` : ''}rollout ${one.deploymentId}: ${one.phase}: ${assessment.reason}`);
            }
        }
        const result = new Map(watched.map((one) => [one.service, one.last]));
        const failed = watched.some((one) => one.last?.failed);
        const finished = watched.every((one) => one.last?.failed || one.last?.phase === 'completed');
        if (finished || (failed && settings.stopAtFailure)) {
            if (!cancelled)
                await reportLastStopped(settings, tracker, watched, reportStopped);
            return result;
        }
        // A cancellation ends the sleep; the next look assesses the rollouts as cancelled.
        const wait = Math.max(0, nextPollAt(firstPoll, pollStarted, settings.pollMs) - clock.now());
        await (0,src_clock/* pause */.v7)(clock, Math.min(wait, Math.max(0, settings.deadline - clock.now())), settings.signal);
    }
}
/**
 * When the poll after the one started at `pollStarted` starts: polls keep to a grid of the poll
 * interval from the first, so neither the time a poll takes nor one that overran its interval
 * (then the next starts as soon as it ends) makes every later state change seen later.
 */
function nextPollAt(firstPoll, pollStarted, pollMs) {
    return firstPoll + (Math.floor((pollStarted - firstPoll) / pollMs) + 1) * pollMs;
}
/**
 * One look at the open rollouts: DescribeServices, the task lists and the target groups' health.
 * Once the load balancers are known (from the deploy's reads or the poll before), the three go
 * out at once, so that a poll takes the time of its slowest call and DescribeTasks, not of all in
 * a row. Once every open deployment's tasks are settled, a poll makes DescribeServices and
 * DescribeTargetHealth only, judging the settled tasks, and lists the tasks again (in the same
 * poll) when ECS's counts of any deployment moved.
 */
async function poll(settings, tracker, open, balancers) {
    const { clients, cluster } = settings;
    const queries = (loadBalancersOf) => open.map((one, index) => ({ deploymentId: one.deploymentId, needRunning: targetGroupsOf(loadBalancersOf(one, index)).length > 0 || one.healthChecked, followHealth: one.healthChecked }));
    const groups = (loadBalancersOf) => [...new Set(open.flatMap((one, index) => targetGroupsOf(loadBalancersOf(one, index))))];
    const names = open.map((one) => one.service);
    let services;
    let tasksOf;
    let answers;
    const known = (one) => balancers.get(one.service);
    if (open.every((one) => balancers.has(one.service) && one.settled)) {
        [services, answers] = await Promise.all([describeServices(clients, cluster, names), describeTargetHealth(clients, groups(known))]);
        const moved = open.some((one, index) => !stillSettled(one.settled, services[index]?.deployments?.find((deployment) => deployment.id === one.deploymentId), services[index]?.desiredCount ?? 0));
        if (!moved)
            tasksOf = new Map(open.map((one) => [one.deploymentId, { running: one.settled.running, newlyStopped: [] }]));
        else
            tasksOf = await tracker.pollAll(queries((_, index) => services[index]?.loadBalancers));
        return { services, tasksOf, answers, listed: moved };
    }
    if (open.every((one) => balancers.has(one.service))) {
        [services, tasksOf, answers] = await Promise.all([describeServices(clients, cluster, names), tracker.pollAll(queries(known)), describeTargetHealth(clients, groups(known))]);
    }
    else {
        services = await describeServices(clients, cluster, names);
        const seen = (_, index) => services[index]?.loadBalancers;
        [tasksOf, answers] = await Promise.all([tracker.pollAll(queries(seen)), describeTargetHealth(clients, groups(seen))]);
    }
    open.forEach((one, index) => balancers.set(one.service, services[index]?.loadBalancers ?? []));
    return { services, tasksOf, answers, listed: true };
}
/**
 * One more look at the failed deployments' stopped tasks. A poll's DescribeServices and task lists
 * go out together, so the poll that sees a deployment FAILED may have listed its tasks a moment
 * before the last of them stopped; the log must still say why they stopped. Each task is reported
 * once (TaskTracker), so nothing seen before is repeated.
 */
async function reportLastStopped(settings, tracker, watched, report) {
    const failed = watched.filter((one) => one.last?.failed);
    if (failed.length === 0)
        return;
    let tasksOf;
    try {
        tasksOf = await tracker.pollAll(failed.map((one) => ({ deploymentId: one.deploymentId, needRunning: false })));
    }
    catch (error) {
        // The failure is what the run reports; a last look that cannot be had does not replace it.
        settings.log.info(`stopped tasks not read after the failure: ${error.message}`);
        return;
    }
    for (const one of failed)
        for (const task of tasksOf.get(one.deploymentId)?.newlyStopped ?? [])
            await report(task, one, watched.length > 1 ? one.service : undefined);
}

;// CONCATENATED MODULE: ./actions/rolling-deploy-behind-elb/src/rollout.ts


const MILESTONES = {
    starting: [],
    registering: ['tasks started'],
    draining: ['tasks started', 'healthy'],
    completing: ['tasks started', 'healthy'],
    completed: ['tasks started', 'healthy', 'drained'],
    failed: [],
};
/** How the watch of a rollout (or of its rollback, with `prefix`) reports to the run's timeline. */
function watchSettings(context, deadline, prefix = '', stopAtFailure = false) {
    return {
        clients: context.clients,
        clock: context.clock,
        log: context.log,
        cluster: context.cluster,
        deadline,
        waitLimit: context.waitLimit,
        pollMs: context.pollMs,
        seenEvents: context.seenEvents,
        signal: context.signal,
        stopAtFailure,
        onPhase: (service, phase, at) => MILESTONES[phase].forEach((step) => context.milestone(`${prefix}${context.several ? `${service} ` : ''}${step}`, at)),
    };
}
/**
 * Starts every service's deployment at once, then watches them all in one loop, ending at the
 * first failure: a release that fails anywhere is rolled back as a whole.
 */
async function rollOutRelease(context, rollouts, deadline) {
    const deployments = new Map();
    const started = await Promise.allSettled(rollouts.map(async (one) => {
        const id = await startDeployment(context.clients, context.log, context.cluster, { service: one.service, taskDefinitionArn: one.targetArn, configuration: one.configuration, forceNewDeployment: one.forceNewDeployment, desiredCount: one.desiredCount });
        deployments.set(one.service, id);
    }));
    const startFailures = started.flatMap((result, index) => (result.status === 'rejected' ? [{ service: rollouts[index].service, error: result.reason }] : []));
    if (deployments.size === 0 && startFailures.length > 0)
        throw startFailures[0].error;
    if (deployments.size > 0)
        context.milestone('rollout started', context.clock.now());
    const moving = rollouts.filter((one) => deployments.has(one.service));
    let result;
    if (startFailures.length > 0) {
        const notWatched = { phase: 'starting', failed: false, reason: 'not watched: another service could not start its deployment' };
        result = new Map(moving.map((one) => [one.service, notWatched]));
    }
    else {
        const watched = moving.map((one) => ({
            service: one.service, deploymentId: deployments.get(one.service), taskDefinitionArn: one.targetArn, previousTaskDefinitionArn: one.previousArn, circuitBreaker: one.circuitBreaker, healthChecked: one.healthChecked,
            loadBalancers: one.loadBalancers, containers: one.containers,
        }));
        try {
            result = await watchRollouts(watchSettings(context, deadline, '', true), watched);
        }
        catch (error) {
            const failed = { phase: 'failed', failed: true, reason: `the wait failed: ${(0,errors/* describeThrown */.Y)(error).message}` };
            result = new Map(moving.map((one) => [one.service, failed]));
        }
    }
    const moved = moving.map((one) => ({ service: one.service, targetArn: one.targetArn, previousArn: one.previousArn, assessment: result.get(one.service) }));
    const label = (service) => (context.several ? `service ${service}: ` : '');
    const reasons = [
        ...startFailures.map((one) => `${label(one.service)}UpdateService failed: ${(0,errors/* describeThrown */.Y)(one.error).message}`),
        ...moved.filter((one) => one.assessment.failed).map((one) => `${label(one.service)}${one.assessment.reason}`),
    ];
    const failed = reasons.length > 0;
    const completed = moved.map((one) => one.assessment.reason);
    return { moved, deployments, failed, reason: failed ? reasons.join('; ') : context.several ? `${listedReasons(moved)}` : completed[0] ?? '' };
}
function listedReasons(moved) {
    return moved.map((one) => `${one.service}: ${one.assessment.reason}`).join('; ');
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/commands/RegisterTaskDefinitionCommand.js
var RegisterTaskDefinitionCommand = __webpack_require__(6412);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/commands/TagResourceCommand.js
var TagResourceCommand = __webpack_require__(2168);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/commands/StopTaskCommand.js
var StopTaskCommand = __webpack_require__(2059);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/commands/RunTaskCommand.js
var RunTaskCommand = __webpack_require__(7168);
;// CONCATENATED MODULE: ./packages/ecs/src/migrate.ts





/** RunTask's input for a one-off task of the new revision, placed exactly as the service places its tasks. */
function migrationTask(service, cluster, taskDefinitionArn, container, command) {
    const strategy = service.capacityProviderStrategy ?? [];
    const fargate = service.launchType === 'FARGATE' || strategy.some((item) => /^FARGATE/.test(item.capacityProvider ?? ''));
    // The revision's own constraints go with it; the service's must be given, or the task may land
    // on an instance the service keeps its tasks off (another architecture, say). Fargate takes
    // neither constraints nor strategies.
    const constraints = fargate ? [] : (service.placementConstraints ?? []);
    const placement = fargate ? [] : (service.placementStrategy ?? []);
    return {
        cluster,
        taskDefinition: taskDefinitionArn,
        count: 1,
        startedBy: 'tandem-deploy/migrate',
        ...(strategy.length > 0 ? { capacityProviderStrategy: strategy } : service.launchType ? { launchType: service.launchType } : {}),
        ...(service.platformVersion && (service.launchType === 'FARGATE' || strategy.length > 0) ? { platformVersion: service.platformVersion } : {}),
        ...(service.networkConfiguration ? { networkConfiguration: service.networkConfiguration } : {}),
        ...(constraints.length > 0 ? { placementConstraints: constraints } : {}),
        ...(placement.length > 0 ? { placementStrategy: placement } : {}),
        overrides: { containerOverrides: [{ name: container, command }] },
    };
}
/** StopTask's reason may hold at most 255 characters (ECS API reference). */
const STOP_REASON_LIMIT = 255;
/**
 * Stops a migration the deploy no longer waits for, so that it cannot run on after the lock is
 * released beside the next deploy's. Says in words what happened, for the step's reason.
 */
async function stopMigration(options, taskArn, why) {
    const reason = `stopped by ${options.run}: ${why}`.slice(0, STOP_REASON_LIMIT);
    const id = taskArn.split('/').pop();
    try {
        await options.clients.ecs.send(new StopTaskCommand/* StopTaskCommand */.P({ cluster: options.input.cluster, task: taskArn, reason }));
        options.log.info(`migration task ${id} stopped: ${reason}`);
        return `the migration task was stopped (StopTask)`;
    }
    catch (error) {
        const message = (0,errors/* describeThrown */.Y)(error).message;
        options.log.warning(`could not stop migration task ${id}, it may still be running: ${message}`);
        return `the migration task could not be stopped and may still be running (${message})`;
    }
}
/**
 * Runs the migration once and waits for it to stop. Success is exit code 0 of its container.
 * A migration not waited to the end (timeout, cancellation, a failed call) is stopped first.
 */
async function runMigration(options) {
    const { clients, clock, log, input } = options;
    const started = await clients.ecs.send(new RunTaskCommand/* RunTaskCommand */._(input));
    const taskArn = started.tasks?.[0]?.taskArn;
    if (!taskArn) {
        const failures = (started.failures ?? []).map((failure) => `${failure.reason ?? ''}${failure.detail ? ` (${failure.detail})` : ''}`).join('; ');
        const hint = (started.failures ?? []).map((failure) => runTaskFailureHint(failure.reason ?? '')).find(Boolean);
        return { ok: false, reason: `ECS did not start the migration task: ${failures || 'no task and no failure returned'}${hint ? `: ${hint}` : ''}`, logs: [] };
    }
    log.info(`migration task ${taskArn.split('/').pop()} started: ${(input.overrides?.containerOverrides?.[0]?.command ?? []).join(' ')}`);
    let task;
    const abandon = async (why) => ({ ok: false, taskArn, reason: `${why}: ${await stopMigration(options, taskArn, why)}`, logs: [] });
    // Polls that failed after the SDK's tries are polled again until the deadline (kit's poll-failures.ts says why).
    const polls = new PollFailures({ clock, log, deadline: options.deadline, signal: options.signal }, () => `migration task ${taskArn} goes on in ECS`);
    try {
        for (;;) {
            let described;
            try {
                described = await clients.ecs.send(new DescribeTasksCommand/* DescribeTasksCommand */.z({ cluster: input.cluster, tasks: [taskArn] }));
            }
            catch (error) {
                if (polls.failed(error))
                    return await abandon(`migration task ${taskArn} was not seen to stop within wait-timeout: ${polls.reason()}`);
                await (0,src_clock/* pause */.v7)(clock, options.pollMs, options.signal);
                continue;
            }
            polls.answered();
            task = described.tasks?.[0];
            if (task?.lastStatus === 'STOPPED')
                break;
            if (options.signal?.aborted)
                return await abandon(`the workflow was cancelled while migration task ${taskArn} was ${task?.lastStatus}`);
            if (clock.now() >= options.deadline)
                return await abandon(`migration task ${taskArn} did not stop within wait-timeout (last status ${task?.lastStatus})`);
            // A cancellation ends the sleep; the loop then stops the migration task itself.
            await (0,src_clock/* pause */.v7)(clock, options.pollMs, options.signal);
        }
    }
    catch (error) {
        await stopMigration(options, taskArn, `the deploy failed while waiting for the migration: ${(0,errors/* describeThrown */.Y)(error).message}`);
        throw error;
    }
    const name = options.container.name;
    const container = task.containers?.find((candidate) => candidate.name === name);
    const logs = await containerLogs(clients, options.container, taskArn, log, { limit: 100, what: "the migration's logs" });
    if (container?.exitCode === 0)
        return { ok: true, taskArn, reason: `migration exited 0`, logs };
    const exit = container?.exitCode !== undefined ? `exited ${container.exitCode}` : 'did not run';
    const hint = stopHint(task);
    return { ok: false, taskArn, reason: `migration ${exit}: ${stoppedTaskLine(task)}${hint ? `. The way out: ${hint}` : ''}`, logs };
}

// EXTERNAL MODULE: ./packages/ecs/src/command.ts
var command = __webpack_require__(1712);
;// CONCATENATED MODULE: ./actions/rolling-deploy-behind-elb/src/apply.ts




/**
 * The revision each service deploys: registered from its rendered definition, or the existing
 * one rollback-to found. Services that run one revision share its next one.
 */
async function registerRevisions(clients, plan, log) {
    // Registered in parallel: a release's services wait on the slowest registration only.
    const byPrevious = new Map();
    const arns = plan.services.map((service) => {
        if (service.existing)
            return Promise.resolve(service.existing.taskDefinition.taskDefinitionArn ?? '');
        const registered = byPrevious.get(service.previousArn) ?? register(clients, service, plan.release, log);
        byPrevious.set(service.previousArn, registered);
        return registered;
    });
    const resolved = await Promise.all(arns);
    return new Map(plan.services.map((service, index) => [service.name, resolved[index]]));
}
async function register(clients, service, release, log) {
    const answer = await clients.ecs.send(new RegisterTaskDefinitionCommand/* RegisterTaskDefinitionCommand */.$(service.rendered.input));
    const arn = answer.taskDefinition?.taskDefinitionArn;
    if (!arn)
        throw new Error('RegisterTaskDefinition returned no task definition ARN');
    log.info(`registered ${arn} for release ${release}`);
    return arn;
}
/** The release's one migration: a one-off task of the first service's new revision, placed as that service places its tasks. */
async function migrateOnce(deps, inputs, first, targetArn, deadline, signal) {
    const container = migrationContainer(first);
    const migration = await runMigration({
        clients: deps.clients, clock: deps.clock, log: deps.log, pollMs: inputs.pollMs, deadline, signal, run: inputs.run,
        input: migrationTask(first.running.service, inputs.cluster, targetArn, first.container, (0,command/* splitCommand */.G)(inputs.migrateCommand)),
        container: container ?? { name: first.container },
    });
    migration.logs.forEach((line) => deps.log.info(`migrate | ${line}`));
    return migration;
}
/** `previous` means the last revision that completed a rollout: this tag says which did. */
async function markServed(clients, arns, at, log) {
    await Promise.all([...new Set(arns)].map(async (arn) => {
        try {
            await clients.ecs.send(new TagResourceCommand/* TagResourceCommand */.e({ resourceArn: arn, tags: [{ key: render/* SERVED_TAG */.Br, value: new Date(at).toISOString() }] }));
        }
        catch (error) {
            log.warning(`could not tag ${arn} with ${render/* SERVED_TAG */.Br} (rollback-to: previous will not find it): ${(0,errors/* describeThrown */.Y)(error).message}`);
        }
    }));
}

;// CONCATENATED MODULE: ./packages/ecs/src/recovery.ts
/**
 * What to do with each service that moved once the release failed: follow ECS's own rollback
 * where it started one; else, with on-failure rollback, return the service to what served before
 * (a service that completed its part goes back too: the release is one); else leave it. Pure.
 */
function recoverySteps(moved, onFailure) {
    return moved.map((one) => {
        const ecs = one.assessment.ecsRollback;
        if (ecs)
            return { service: one.service, action: 'follow-ecs', deploymentId: ecs.deploymentId, taskDefinitionArn: ecs.taskDefinitionArn, failedArn: one.targetArn };
        if (onFailure === 'stop')
            return { service: one.service, action: 'none', why: 'on-failure is stop' };
        // Rolling out what last completed (after a FAILED PRIMARY) leaves nothing older to return to.
        if (one.previousArn === one.targetArn)
            return { service: one.service, action: 'none', why: `${one.previousArn} was the last revision to complete a rollout: there is nothing else to return to` };
        return { service: one.service, action: 'roll-back', taskDefinitionArn: one.previousArn, failedArn: one.targetArn };
    });
}
/** Names as a sentence lists them: `web, worker and scheduler`. */
function listed(names) {
    return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
/**
 * The step's status and reason after a failed release: rolled-back only when every service that
 * moved serves its previous revision again. One service reads as it always has.
 */
function recoveryOutcome(why, results) {
    if (results.length === 1) {
        const [one] = results;
        if (one.by === 'none')
            return { status: 'failed', reason: `${why}. ${one.why === 'on-failure is stop' ? 'on-failure is stop: the service was left as it is' : one.why}.` };
        if (one.failure)
            return { status: 'failed', reason: `${why}. ${one.failure}` };
        return { status: 'rolled-back', reason: `${why}. ${one.by} rolled the service back: ${one.taskDefinitionArn} serves again.` };
    }
    const left = results.filter((one) => one.by === 'none');
    const broken = results.filter((one) => one.failure);
    const back = results.filter((one) => one.by !== 'none' && !one.failure);
    const parts = [];
    if (back.length > 0) {
        const byEcs = back.filter((one) => one.by === 'ECS').map((one) => one.service);
        const who = byEcs.length ? ` (${listed(byEcs)} by ECS)` : '';
        parts.push(`${listed(back.map((one) => one.service))} rolled back${who}: ${back.map((one) => one.taskDefinitionArn?.split('/').pop()).join(', ')} serve again`);
    }
    for (const one of broken)
        parts.push(`service ${one.service}: ${one.failure?.replace(/\.$/, "")}`);
    for (const one of left)
        parts.push(`service ${one.service} left as it is: ${one.why}`);
    const status = left.length === 0 && broken.length === 0 ? 'rolled-back' : 'failed';
    return { status, reason: `${why}. ${parts.join('; ')}.` };
}

;// CONCATENATED MODULE: ./actions/rolling-deploy-behind-elb/src/recover.ts



/**
 * After a failed release: for every service that moved, follow ECS's own rollback where it
 * started one; else, with on-failure rollback, return the service to what served before. All
 * rollbacks start at once and are watched in one loop. A cancelled run starts the rollbacks and
 * does not wait: the runner is about to stop it.
 */
async function recover(context, inputs, why, moved, rollouts) {
    const steps = recoverySteps(moved, inputs.onFailure);
    const results = new Map();
    for (const step of steps)
        if (step.action === 'none')
            results.set(step.service, { service: step.service, by: 'none', why: step.why });
    const watched = [];
    const of = (service) => rollouts.find((one) => one.service === service);
    const ours = steps.filter((step) => step.action === 'roll-back');
    const held = ours.length ? await (context.assertHeld?.(`rolling back to ${ours.map((step) => step.taskDefinitionArn).join(', ')}`) ?? Promise.resolve()).then(() => undefined, (error) => error) : undefined;
    await Promise.all(steps.map(async (step) => {
        if (step.action === 'none')
            return;
        const rollout = of(step.service);
        let id;
        if (step.action === 'follow-ecs') {
            id = step.deploymentId;
        }
        else {
            try {
                if (held)
                    throw held;
                id = await startDeployment(context.clients, context.log, context.cluster, { service: step.service, taskDefinitionArn: step.taskDefinitionArn });
            }
            catch (error) {
                results.set(step.service, { service: step.service, by: 'This action', failure: `The rollback to ${step.taskDefinitionArn} could not start: ${(0,errors/* describeThrown */.Y)(error).message}` });
                return;
            }
            if (context.signal?.aborted) {
                results.set(step.service, { service: step.service, by: 'This action', failure: `Rollback to ${step.taskDefinitionArn} started as deployment ${id}; not waited for.` });
                return;
            }
        }
        watched.push({ service: step.service, deploymentId: id, taskDefinitionArn: step.taskDefinitionArn, previousTaskDefinitionArn: step.failedArn, circuitBreaker: rollout.circuitBreaker, healthChecked: rollout.previousHealthChecked });
    }));
    if (watched.length > 0) {
        const deadline = context.clock.now() + inputs.waitTimeoutMs;
        const back = await watchRollouts(watchSettings(context, deadline, 'rollback '), watched).catch((error) => {
            const reason = (0,errors/* describeThrown */.Y)(error).message;
            return new Map(watched.map((one) => [one.service, { phase: 'failed', failed: true, reason }]));
        });
        for (const one of watched) {
            const step = steps.find((candidate) => candidate.service === one.service);
            const by = step.action === 'follow-ecs' ? 'ECS' : 'This action';
            const assessment = back.get(one.service);
            results.set(one.service, assessment.failed ? { service: one.service, by, failure: `${by} rolled back, and that failed too: ${assessment.reason}` } : { service: one.service, by, taskDefinitionArn: one.taskDefinitionArn });
        }
    }
    const ordered = moved.map((one) => results.get(one.service));
    const outcome = recoveryOutcome(why, ordered);
    if (outcome.status === 'rolled-back')
        context.milestone('rolled back', context.clock.now());
    return outcome;
}

;// CONCATENATED MODULE: ./actions/rolling-deploy-behind-elb/src/from-file.ts
/**
 * With task-definition, what each file changes against the revision its service serves, in the
 * log and (returned, for the summary, under each service's name when there are several) before
 * anything is registered; secret values show as ***.
 */
function announceFile(inputs, plan, log) {
    for (const file of inputs.taskDefinitions) {
        if (file.dropped.length > 0) {
            log.warning(`${file.path}: dropped ${file.dropped.join(', ')}: DescribeTaskDefinition answers with these, RegisterTaskDefinition does not take them; remove them from the file`);
        }
    }
    const services = plan.services.filter((one) => one.fromFile && one.rendered);
    if (services.length === 0)
        return undefined;
    const several = plan.services.length > 1;
    for (const service of services) {
        // The dry run prints the same diff with its plan.
        const what = `${several ? `${service.name}: ` : ''}task definition changes from ${service.fromFile} against ${service.previousArn.split('/').pop()}`;
        if (!inputs.dryRun)
            log.info(`${what}:\n${service.diff.join('\n') || '(none)'}`);
    }
    if (!several)
        return services[0].diff;
    return services.flatMap((one) => [`${one.name} (${one.fromFile}):`, ...(one.diff.length ? one.diff.map((line) => `  ${line}`) : ['  (none)'])]);
}

;// CONCATENATED MODULE: ./actions/rolling-deploy-behind-elb/src/smoke-report.ts

/** The smoke-check output: JSON a later step can read with fromJSON. */
function smokeOutput(smoke) {
    if (!smoke)
        return undefined;
    return JSON.stringify({ passed: smoke.passed, url: smoke.url, attempts: smoke.attempts, consecutive: smoke.consecutive, seconds: Math.round(smoke.elapsedMs) / 1000 });
}
function smokeSection(smoke) {
    return {
        heading: 'Smoke check',
        lines: [`<strong>${smoke.passed ? 'passed' : 'failed'}</strong>: ${smoke_report_escape(smoke.reason)}`],
        table: [
            ['', 'value'],
            ['url', smoke_report_escape(smoke.url)],
            ['requests', String(smoke.attempts)],
            ['good answers in a row', String(smoke.consecutive)],
            [smoke.passed ? 'time to pass' : 'time spent', formatDuration(smoke.elapsedMs)],
        ],
    };
}
function smoke_report_escape(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

;// CONCATENATED MODULE: ./actions/rolling-deploy-behind-elb/src/report.ts


/** The step's outputs and job summary, for a deploy that completed and for one that did not. */
async function report(outcome) {
    reportOutputs(outcome);
    await reportSummary(outcome.service, outcome);
}
function reportOutputs(outcome) {
    setOutputs({
        'task-definition-arn': outcome.taskDefinitionArn,
        'previous-task-definition-arn': outcome.previousTaskDefinitionArn,
        'deployment-id': outcome.deploymentId,
        'release-id': outcome.release,
        status: outcome.status,
        duration: outcome.dryRun ? undefined : String(Math.round((outcome.finished - outcome.started) / 1000)),
        'smoke-check': smokeOutput(outcome.smoke),
    });
}
/** The timeline with the time since the start and since the step before. */
function timelineRows(outcome) {
    let last = outcome.started;
    const rows = [['step', 'at', 'took']];
    for (const { step, at } of outcome.timeline) {
        rows.push([step, `+${formatDuration(at - outcome.started)}`, formatDuration(at - last)]);
        last = at;
    }
    return rows;
}
async function reportSummary(service, outcome) {
    const sections = [];
    const headline = outcome.dryRun ? '<strong>dry run</strong>: nothing was changed' : `<strong>${outcome.status}</strong> in ${formatDuration(outcome.finished - outcome.started)}`;
    sections.push({
        heading: 'Result',
        lines: [headline, report_escape(outcome.reason)],
        table: [
            ['', 'value'],
            ['release', outcome.release],
            ...(outcome.promotedFrom ? [['promoted from', report_escape(outcome.promotedFrom)]] : []),
            ['task definition', outcome.taskDefinitionArn ?? '(none registered)'],
            ['previous task definition', outcome.previousTaskDefinitionArn ?? ''],
            ['deployment', outcome.deploymentId ?? ''],
        ],
    });
    if ((outcome.services?.length ?? 0) > 1) {
        const rows = (outcome.services ?? []).map((one) => [one.service, one.taskDefinitionArn ?? '(none registered)', one.previousTaskDefinitionArn ?? '', one.deploymentId ?? '']);
        sections.push({ heading: 'Services', table: [['service', 'task definition', 'previous task definition', 'deployment'], ...rows] });
    }
    if (outcome.timeline.length > 0)
        sections.push({ heading: 'Timeline', table: timelineRows(outcome) });
    if (outcome.smoke)
        sections.push(smokeSection(outcome.smoke));
    if (outcome.plan?.length)
        sections.push({ heading: 'Plan', lines: outcome.plan.map((line) => `- ${line}`) });
    if (outcome.diff)
        sections.push({ heading: 'Task definition changes', lines: [outcome.diff.length ? `<pre>${report_escape(outcome.diff.join('\n'))}</pre>` : 'none'] });
    sections.push({ heading: 'Images', table: [['image', 'check'], ...outcome.imageChecks.map((check) => [check.image, check.detail])] });
    if (outcome.warnings.length > 0)
        sections.push({ heading: 'Warnings', lines: outcome.warnings.map((warning) => `- ${report_escape(warning)}`) });
    await writeSummary(`rolling-deploy-behind-elb: ${service}`, sections);
}
function report_escape(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

;// CONCATENATED MODULE: ./actions/rolling-deploy-behind-elb/src/run.ts















// What runAction loads once the inputs are read (index.ts): defaultDeps, run, report.

function defaultDeps(inputs) {
    const ecs = makeClient(ECSClient/* ECSClient */.Z, inputs.aws, src_inputs/* ACTION */.h);
    const ecr = new Map();
    const clients = {
        ecs,
        elb: makeClient(ElasticLoadBalancingV2Client/* ElasticLoadBalancingV2Client */.M, inputs.aws, src_inputs/* ACTION */.h),
        logs: makeClient(CloudWatchLogsClient/* CloudWatchLogsClient */.T, inputs.aws, src_inputs/* ACTION */.h),
        ecr: (region) => ecr.get(region) ?? ecr.set(region, makeClient(ECRClient/* ECRClient */.S, { ...inputs.aws, region }, src_inputs/* ACTION */.h)).get(region),
    };
    return {
        clients,
        credentialsExpireAt: async () => (await ecs.config.credentials()).expiration?.getTime(),
        github: recordDeployment,
        s3: inputs.lockBucket ? makeClient(S3Client/* S3Client */.Y, inputs.aws, src_inputs/* ACTION */.h) : undefined,
    };
}
/**
 * Takes the service's deploy lock (with lock-bucket; a dry run takes none), deploys, and releases
 * the lock whatever happens, cancellation included.
 */
async function run(inputs, deps, context) {
    const started = context.clock.now();
    if (inputs.dryRun || !inputs.lockBucket)
        return deploy(inputs, deps, context, started);
    if (!deps.s3)
        throw new Error('lock-bucket is set but no S3 client was given');
    const lock = await takeDeployLock(deps.s3, {
        bucket: inputs.lockBucket, key: deployLockKeys.service(inputs.cluster, inputs.service), action: src_inputs/* ACTION */.h, env: process.env, region: inputs.aws.region, optional: true,
        waitMs: inputs.lockWaitMs, pollMs: Math.min(inputs.pollMs, 5000), signal: context.signal, inputs: { bucket: 'lock-bucket', wait: 'lock-wait' }, timing: deps.lockTiming,
    }, context.log);
    try {
        return await deploy(inputs, deps, context, started, context.clock.now(), (before) => lock.assertHeld(before));
    }
    finally {
        await lock.release();
    }
}
/** Reads, decides, then applies; reports in every case; throws unless completed. */
async function deploy(inputs, deps, context, started, lockedAt, assertHeld = async () => undefined) {
    const { clock, log } = context;
    // wait-timeout counts from here: time spent waiting for the lock is not the rollout's.
    const deadline = clock.now() + inputs.waitTimeoutMs;
    const plan = await readAndPlan(inputs, deps, context);
    plan.services.forEach((one) => one.dropped.length > 0 && log.debug(`${one.name}: not registerable, dropped: ${one.dropped.join(', ')}`));
    const outcome = { ...startOutcome(plan, started, lockedAt), ...(inputs.promotedFrom ? { promotedFrom: inputs.promotedFrom } : {}) };
    plan.imageChecks.forEach((check) => log.info(`image ${check.image}: ${check.detail}`));
    plan.warnings.forEach((warning) => log.warning(warning));
    outcome.diff = announceFile(inputs, plan, log);
    const busy = busyMessage(plan, inputs);
    if (inputs.dryRun)
        return finishDryRun(inputs, plan, outcome, busy, context);
    if (busy && !inputs.supersede)
        throw new errors/* ConfigurationError */.j(`${busy}. Nothing was changed.`);
    if (busy)
        log.warning(`superseding: ${busy}`);
    if (context.signal.aborted)
        throw new Error('the workflow was cancelled before anything was changed');
    const ready = await restoreArchived(inputs, deps, context, plan, outcome);
    // wait-timeout is the migration's and the rollout's: a restore waits on a bound of its own before them.
    return apply(inputs, deps, context, ready, outcome, ready === plan ? deadline : clock.now() + inputs.waitTimeoutMs, assertHeld);
}
/** The read and decide steps: what runs now, the images checked, the plan and its platform checks. */
async function readAndPlan(inputs, deps, context) {
    const request = { cluster: inputs.cluster, services: inputs.services, rollbackTo: inputs.rollbackTo, images: [...inputs.images.values()] };
    const facts = await readRelease(deps.clients, request, context.clock, deps.credentialsExpireAt);
    const plan = makePlan(inputs, facts);
    await checkInstancePlatforms(deps.clients, inputs, plan, context);
    return plan;
}
/**
 * Restores the images ECR holds in its archive (ECS cannot pull them), before anything in ECS
 * changes, then reads and decides again: what runs may have moved meanwhile, and a restored
 * image's platforms can be read only once ECR serves it.
 */
async function restoreArchived(inputs, deps, context, plan, outcome) {
    const archived = plan.imageChecks.flatMap((check) => (check.archived ? [check.archived] : []));
    if (archived.length === 0)
        return plan;
    const { clock, log, signal } = context;
    try {
        await restoreImages({ ecr: deps.clients.ecr, clock, log, pollMs: inputs.pollMs, deadline: clock.now() + RESTORE_WAIT_MS, signal }, archived);
    }
    catch (error) {
        if (error instanceof RestoreRefused)
            throw imageRefusal(inputs, [error.message]);
        throw new Error(`${(0,errors/* describeThrown */.Y)(error).message}. Nothing was changed in ECS.`, { cause: error });
    }
    outcome.timeline.push({ step: 'image restored', at: clock.now() });
    const again = await readAndPlan(inputs, deps, context);
    const restored = new Set(plan.imageChecks.filter((check) => check.archived).map((check) => check.image));
    for (const check of again.imageChecks)
        if (restored.has(check.image))
            check.detail = `restored from ECR's archive, ${check.detail}`;
    again.imageChecks.forEach((check) => log.info(`image ${check.image}: ${check.detail}`));
    again.warnings.filter((warning) => !outcome.warnings.includes(warning)).forEach((warning) => log.warning(warning));
    const busy = busyMessage(again, inputs);
    if (busy && !inputs.supersede)
        throw new errors/* ConfigurationError */.j(`${busy} (it started while ECR restored the image). Nothing was changed in ECS.`);
    Object.assign(outcome, {
        release: again.release,
        previousTaskDefinitionArn: again.services[0].previousArn,
        services: again.services.map((one) => ({ service: one.name, previousTaskDefinitionArn: one.previousArn })),
        imageChecks: again.imageChecks,
        warnings: [...new Set([...outcome.warnings, ...again.warnings])],
    });
    return again;
}
/** Where the container instances decide the platform: reads them, then refuses before any write or warns. */
async function checkInstancePlatforms(clients, inputs, plan, { log, signal }) {
    const check = await checkInstances(clients, inputs.cluster, plan.placements, plan.builtFor, signal);
    check.notes.forEach((note) => log.info(note));
    if (check.problems.length > 0)
        throw imageRefusal(inputs, check.problems);
    plan.warnings.push(...check.warnings);
}
function startOutcome(plan, started, lockedAt) {
    return {
        service: plan.services.map((one) => one.name).join(', '),
        reason: '',
        previousTaskDefinitionArn: plan.services[0].previousArn,
        release: plan.release,
        started,
        finished: started,
        timeline: lockedAt !== undefined ? [{ step: 'lock taken', at: lockedAt }] : [],
        imageChecks: plan.imageChecks,
        warnings: plan.warnings,
        services: plan.services.map((one) => ({ service: one.name, previousTaskDefinitionArn: one.previousArn })),
    };
}
/** Registers, migrates once, rolls every service out and watches them; rolls the release back when any fails. */
async function apply(inputs, deps, context, plan, outcome, deadline, assertHeld) {
    const { clients } = deps;
    const { clock, log } = context;
    const milestone = (step, at) => {
        if (!outcome.timeline.some((entry) => entry.step === step))
            outcome.timeline.push({ step, at });
    };
    const fresh = plan.services.some((one) => !one.existing);
    if (fresh)
        await assertHeld(plan.services.length > 1 ? 'registering task definitions' : 'registering a task definition');
    const targets = await registerRevisions(clients, plan, log);
    const first = plan.services[0];
    const firstTarget = targets.get(first.name);
    outcome.taskDefinitionArn = firstTarget;
    outcome.services = outcome.services?.map((one) => ({ ...one, taskDefinitionArn: targets.get(one.service) }));
    milestone(first.existing ? `found ${firstTarget.split('/').pop()}` : 'registered', clock.now());
    const rollouts = plan.services.flatMap((one) => {
        const serving = servingDecision(one.running.service, targets.get(one.name));
        if (!serving.rollOut)
            return [];
        if (one.existing || plan.services.length > 1)
            log.info(`${plan.services.length > 1 ? `${one.name}: ` : ''}rolling out ${targets.get(one.name).split('/').pop()}: ${serving.reason}`);
        const configuration = deploymentConfiguration(one.running.service, inputs.circuitBreaker, inputs.onFailure === 'rollback');
        return [{
                service: one.name, targetArn: targets.get(one.name), previousArn: one.previousArn, configuration, forceNewDeployment: serving.forceNewDeployment,
                desiredCount: raisedCount(one.running.service.desiredCount ?? 0, inputs.minimumTasks),
                circuitBreaker: breakerOn(one.running.service, configuration), healthChecked: one.healthChecked, previousHealthChecked: healthChecked(one.running.taskDefinition),
                loadBalancers: one.running.service.loadBalancers ?? [],
                containers: one.rendered?.input.containerDefinitions ?? one.existing?.taskDefinition.containerDefinitions,
            }];
    });
    if (rollouts.length === 0) {
        const what = plan.services.length > 1 ? `every service already serves release ${plan.release}` : `${firstTarget} already serves release ${plan.release} (${servingDecision(first.running.service, firstTarget).reason})`;
        return finish(inputs, { ...outcome, status: 'completed', reason: `${what}: nothing to roll out` }, context);
    }
    const github = inputs.githubDeployment
        ? await deps.github({ token: inputs.githubToken, environment: inputs.environment, environmentUrl: inputs.environmentUrl, release: plan.release, rollback: !!inputs.rollbackTo }, log)
        : undefined;
    await github?.status('in_progress', `rolling out ${plan.release}`);
    const stillServes = plan.services.length > 1 ? 'every service still runs what it ran' : `${first.previousArn} still serves`;
    // A run that lost the lock stops here, failed, with nothing rolled out.
    const lostBefore = async (step) => {
        const lost = await assertHeld(step).then(() => undefined, (error) => error);
        if (!lost)
            return undefined;
        return finish(inputs, { ...outcome, status: 'failed', reason: `${(0,errors/* describeThrown */.Y)(lost).message} Nothing was rolled out: ${stillServes}.` }, context, github);
    };
    if (inputs.migrateCommand) {
        const stopped = await lostBefore('running the migration');
        if (stopped)
            return stopped;
        const migration = await migrateOnce({ clients, clock, log }, inputs, first, firstTarget, deadline, context.signal);
        if (!migration.ok)
            return finish(inputs, { ...outcome, status: 'failed', reason: `${migration.reason}. Nothing was rolled out: ${stillServes}.` }, context, github);
        milestone('migrated', clock.now());
    }
    if (context.signal.aborted) {
        return finish(inputs, { ...outcome, status: 'failed', reason: `the workflow was cancelled before the rollout. Nothing was rolled out: ${stillServes}.` }, context, github);
    }
    const stopped = await lostBefore('starting the rollout');
    if (stopped)
        return stopped;
    const rollout = {
        clients, clock, log, cluster: inputs.cluster, pollMs: inputs.pollMs, waitLimit: inputs.waitTimeout, several: plan.services.length > 1,
        seenEvents: new Set(plan.services.flatMap((one) => (one.running.service.events ?? []).map((event) => event.id ?? ''))), signal: context.signal, milestone, assertHeld,
    };
    const release = await rollOutRelease(rollout, rollouts, deadline);
    outcome.deploymentId = release.deployments.get(first.name) ?? [...release.deployments.values()][0];
    outcome.services = outcome.services?.map((one) => ({ ...one, deploymentId: release.deployments.get(one.service) }));
    // Proven from the outside: a smoke check that fails rolls the release back like a failed rollout.
    if (!release.failed && inputs.smoke) {
        outcome.smoke = await runSmokeCheck(inputs.smoke, { clock, log, signal: context.signal });
        if (outcome.smoke.passed)
            milestone('smoke check passed', clock.now());
        else
            Object.assign(release, { failed: true, reason: outcome.smoke.reason });
    }
    if (!release.failed) {
        await markServed(clients, rollouts.map((one) => one.targetArn), clock.now(), log);
        return finish(inputs, { ...outcome, status: 'completed', reason: release.reason }, context, github);
    }
    log.warning(`rollout failed: ${release.reason}`);
    const recovered = await recover(rollout, inputs, release.reason, release.moved, rollouts);
    return finish(inputs, { ...outcome, ...recovered }, context, github);
}
async function finishDryRun(inputs, plan, outcome, busy, { clock, log }) {
    const steps = dryRunSteps(inputs, plan, busy);
    const several = plan.services.length > 1;
    const diff = plan.services.flatMap((one) => (several ? [`${one.name}:`, ...one.diff.map((line) => `  ${line}`)] : one.diff));
    log.info(`dry run, nothing changed. Task definition changes:\n${diff.join('\n') || '(none)'}\nPlan:\n${steps.map((step) => `- ${step}`).join('\n')}`);
    return { ...outcome, dryRun: true, diff, plan: steps, reason: busy && !inputs.supersede ? `a deploy now would be refused: ${busy}` : 'a deploy now would go ahead', finished: clock.now() };
}
async function finish(inputs, outcome, { clock, log }, github) {
    const done = { ...outcome, finished: clock.now() };
    if (done.status === 'completed')
        done.timeline.push({ step: 'completed', at: done.finished });
    await github?.status(done.status === 'completed' ? 'success' : 'failure', `${done.status}: ${done.reason}`);
    // Reported by the action's report, the failed outcome as well as the completed one.
    if (done.status !== 'completed')
        throw (0,entry/* failedWith */.Mf)(new Error(`${done.status}: ${done.reason}`), done);
    log.info(`completed: ${done.reason}`);
    return done;
}
/**
 * minimum-tasks: a service that runs fewer tasks (0 before the first deploy, as a new stack makes
 * it) is raised to that many with the deployment; one that runs more (autoscaling) is left alone.
 */
function raisedCount(desired, minimum) {
    return minimum > desired ? minimum : undefined;
}


/***/ })

};

//# sourceMappingURL=94.index.js.map