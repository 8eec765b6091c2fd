export const id = 459;
export const ids = [459];
export const modules = {

/***/ 4459:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  defaultDeps: () => (/* binding */ defaultDeps),
  report: () => (/* reexport */ report),
  run: () => (/* binding */ run),
  runReference: () => (/* binding */ runReference)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudfront/dist-es/CloudFrontClient.js + 11 modules
var CloudFrontClient = __webpack_require__(6628);
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

// EXTERNAL MODULE: ./packages/kit/src/errors.ts
var errors = __webpack_require__(7817);
;// CONCATENATED MODULE: ./packages/cdn/src/refusal.ts

/**
 * A call the credentials may not make, told as the permission to add. AWS answers AccessDenied;
 * some endpoints (and moto) answer 403 with a body the SDK cannot parse, which it names
 * Unknown: both mean the same to the user. Other errors pass through unchanged.
 */
function explainRefusal(error, distributionId) {
    if (!(0,aws_errors/* isAccessDenied */.w7)(error))
        return error;
    const call = (0,aws_errors/* awsCallOf */.vs)(error);
    const operation = call ? call.split(' ')[0] : '';
    const message = error instanceof Error && error.message !== 'UnknownError' ? error.message : '';
    const said = message ? ` (${message})` : '';
    // The kit's client records the grant with the refusal; an error from elsewhere is told the same way.
    const grant = (0,aws_errors/* grantOf */.od)(error) ??
        (operation ? describeGrant({ service: 'CloudFront', operation, input: { DistributionId: distributionId }, region: '' }, message) : `grant the CloudFront permissions on arn:aws:cloudfront::<account>:distribution/${distributionId}`);
    return new errors/* ConfigurationError */.j(`${call ?? 'a CloudFront call'} was refused: access denied${said}: ${grant} (the IAM policy in invalidate-cdn's README lists what each mode needs)`);
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudfront/dist-es/commands/GetDistributionCommand.js
var GetDistributionCommand = __webpack_require__(6449);
// EXTERNAL MODULE: ./packages/kit/src/names.ts
var names = __webpack_require__(4728);
;// CONCATENATED MODULE: ./packages/cdn/src/distribution.ts


/** The origin the default behaviour sends to, when it is an S3 bucket, with its origin path. */
function siteOriginOf(config) {
    const id = config?.DefaultCacheBehavior?.TargetOriginId;
    const origin = config?.Origins?.Items?.find((item) => item.Id === id);
    if (!origin?.Id)
        return undefined;
    if (origin.S3OriginConfig === undefined && (0,names/* s3EndpointBucket */.q)(origin.DomainName ?? '') === undefined)
        return undefined;
    const path = (origin.OriginPath ?? '').replace(/^\/+|\/+$/g, '');
    return { id: origin.Id, prefix: path ? `${path}/` : '' };
}
/**
 * The key prefix whose keys viewers request from the distribution's root: the `prefix` input, or,
 * left empty, the origin path of the default behaviour's S3 origin. With an origin path of
 * '/production' a changed key production/index.html is requested as /index.html: invalidating
 * /production/index.html would leave the page stale and say nothing.
 */
function keyPrefixFor(given, origin) {
    if (!origin || given === origin.prefix)
        return { prefix: given };
    const path = origin.prefix ? `'/${origin.prefix.slice(0, -1)}'` : 'empty';
    if (!given)
        return { prefix: origin.prefix, info: `prefix '${origin.prefix}': the origin path of ${origin.id}, the S3 origin of the default behaviour (set prefix to use another)` };
    return {
        prefix: given,
        warning: `prefix '${given}' is not the origin path of ${origin.id}, the S3 origin of the default behaviour (${path}): the changed keys are invalidated as if it were; leave prefix empty to follow the distribution`,
    };
}
/** Looks the distribution up, so a wrong id fails naming the input before anything is created. */
async function describeDistribution(client, id) {
    try {
        const { Distribution: found } = await client.send(new GetDistributionCommand/* GetDistributionCommand */.s({ Id: id }));
        return {
            id,
            domainName: found?.DomainName ?? '',
            status: found?.Status ?? '',
            enabled: found?.DistributionConfig?.Enabled ?? true,
            siteOrigin: siteOriginOf(found?.DistributionConfig),
        };
    }
    catch (error) {
        if ((0,aws_errors/* isNamed */.ev)(error, 'NoSuchDistribution')) {
            throw new errors/* ConfigurationError */.j(`no CloudFront distribution '${id}' in this account: check the id (CloudFront console, or aws cloudfront list-distributions)`, 'distribution-id');
        }
        throw error;
    }
}

// EXTERNAL MODULE: ./packages/cdn/src/plan.ts
var src_plan = __webpack_require__(2772);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudfront/dist-es/commands/ListInvalidationsCommand.js
var ListInvalidationsCommand = __webpack_require__(4460);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudfront/dist-es/commands/GetInvalidationCommand.js
var GetInvalidationCommand = __webpack_require__(227);
// EXTERNAL MODULE: ./packages/cdn/src/collapse.ts
var collapse = __webpack_require__(5648);
;// CONCATENATED MODULE: ./packages/cdn/src/inflight.ts


/** CloudFront answers `InProgress` and `Completed`; moto answers `COMPLETED`. */
const isCompleted = (status) => (status ?? '').toLowerCase() === 'completed';
/**
 * The invalidations still in progress on a distribution and the paths they hold, which count
 * against CloudFront's in-flight limits. Every page is read (100 a page, Marker/NextMarker): the
 * API reference promises no order, and a short invalidation made later can finish before a long
 * one made earlier, so a page with nothing in progress says nothing of the pages after it.
 */
async function readInFlight(client, distributionId) {
    const inProgress = [];
    let marker;
    for (;;) {
        const { InvalidationList: list } = await client.send(new ListInvalidationsCommand/* ListInvalidationsCommand */.P({ DistributionId: distributionId, Marker: marker, MaxItems: 100 }));
        inProgress.push(...(list?.Items ?? []).filter((item) => !isCompleted(item.Status)).map((item) => item.Id ?? '').filter(Boolean));
        if (!list?.IsTruncated)
            break;
        if (!list.NextMarker || list.NextMarker === marker)
            throw new Error(`ListInvalidations of ${distributionId} said there were more pages but gave no new NextMarker`);
        marker = list.NextMarker;
    }
    const invalidations = await Promise.all(inProgress.map(async (id) => {
        const { Invalidation: found } = await client.send(new GetInvalidationCommand/* GetInvalidationCommand */.W({ DistributionId: distributionId, Id: id }));
        const paths = isCompleted(found?.Status) ? [] : found?.InvalidationBatch?.Paths?.Items ?? [];
        return { id, files: paths.filter((path) => !(0,collapse/* isWildcard */.z2)(path)).length, wildcards: paths.filter(collapse/* isWildcard */.z2).length };
    }));
    return {
        invalidations,
        files: invalidations.reduce((sum, item) => sum + item.files, 0),
        wildcards: invalidations.reduce((sum, item) => sum + item.wildcards, 0),
    };
}
function roomLeft(inFlight) {
    return {
        files: Math.max(0, collapse/* LIMITS */.b1.filesInFlight - inFlight.files),
        wildcards: Math.max(0, collapse/* LIMITS */.b1.wildcardsInFlight - inFlight.wildcards),
    };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudfront/dist-es/commands/CreateInvalidationCommand.js
var CreateInvalidationCommand = __webpack_require__(1517);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 22 modules
var lib_core = __webpack_require__(1632);
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

// EXTERNAL MODULE: ./packages/kit/src/clock.ts + 1 modules
var clock = __webpack_require__(4625);
;// CONCATENATED MODULE: ./packages/cdn/src/timing.ts

const realTiming = { ...clock/* realClock */.dQ, random: () => Math.random() };
/** Exponential backoff with equal jitter: half the step fixed, half random, capped. */
function backoffDelay(attempt, random, baseMs = 5_000, maxMs = 60_000) {
    const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
    return Math.round(step / 2 + (step / 2) * random);
}

;// CONCATENATED MODULE: ./packages/cdn/src/submit.ts






/** Throttling, a 5xx, the network and a full distribution pass with time; anything else is a real failure. */
function isRetryable(error) {
    return (0,aws_errors/* isNamed */.ev)(error, 'TooManyInvalidationsInProgress') || (0,aws_errors/* isTransient */.dg)(error);
}
/**
 * CloudFront returns the existing invalidation, not a new one, when the same reference comes
 * with the same paths: the reference is the run's plus a hash of the batch.
 */
function callerReference(reference, batch) {
    return `${reference}-${(0,external_node_crypto_.createHash)('sha256').update(batch.join('\n')).digest('hex').slice(0, 16)}`;
}
/**
 * Creates the invalidations, as few as the limits allow: each takes what fits in the room the
 * invalidations in progress leave, and the rest waits for room. TooManyInvalidationsInProgress
 * and throttling are retried with jittered backoff until the deadline.
 */
async function submitInvalidations(request) {
    const { client, distributionId } = request;
    const submitted = request.submitted ?? [];
    let remaining = [...request.paths];
    for (let attempt = 0; remaining.length > 0;) {
        try {
            const inFlight = await readInFlight(client, distributionId);
            const { batch, rest } = (0,src_plan/* takeBatch */.Sp)(remaining, roomLeft(inFlight));
            if (batch.length === 0) {
                const why = `CloudFront already has ${inFlight.files} file paths and ${inFlight.wildcards} wildcard paths in progress on ${distributionId} (${inFlight.invalidations.length} invalidations; its limits are 3000 and 15)`;
                await pause(request, attempt++, why);
                continue;
            }
            submitted.push(await create(request, batch));
            remaining = rest;
            attempt = 0;
        }
        catch (error) {
            if (request.signal?.aborted)
                throw cancelled(request, submitted, remaining);
            if (!isRetryable(error))
                throw error;
            await pause(request, attempt++, `${callOf(error)} answered ${(0,aws_errors/* errorName */.Is)(error) || 'a server error'}`).catch((thrown) => {
                throw request.signal?.aborted ? cancelled(request, submitted, remaining) : thrown;
            });
        }
    }
    return submitted;
}
/** The AWS call behind an SDK error, as the kit's makeClient marks it: `CreateInvalidation (CloudFront)`. */
const callOf = (error) => (0,aws_errors/* awsCallOf */.vs)(error) ?? 'CloudFront';
function cancelled(request, submitted, remaining) {
    const reason = request.signal?.reason instanceof Error ? request.signal.reason.message : 'cancelled';
    const created = submitted.length > 0 ? `created ${submitted.map((item) => item.id).join(', ')}` : 'no invalidation created';
    return new Error(`${reason} while submitting invalidations to ${request.distributionId}: ${created}; ${remaining.length} path(s) not submitted. Run the step again to invalidate them`);
}
async function create(request, batch) {
    const reference = callerReference(request.reference, batch);
    const { Invalidation: created } = await request.client.send(new CreateInvalidationCommand/* CreateInvalidationCommand */.Y({
        DistributionId: request.distributionId,
        InvalidationBatch: { CallerReference: reference, Paths: { Quantity: batch.length, Items: batch } },
    }));
    if (!created?.Id)
        throw new Error(`CloudFront answered CreateInvalidation without an invalidation id for ${request.distributionId}`);
    const status = created.Status ?? 'InProgress';
    request.log.info(`Created invalidation ${created.Id} with ${batch.length} path${batch.length === 1 ? '' : 's'} (${status})`);
    return { id: created.Id, status, callerReference: reference, paths: batch };
}
async function pause(request, attempt, why) {
    const { timing, log, deadline } = request;
    const delay = backoffDelay(attempt, timing.random());
    const left = deadline - timing.now();
    if (delay > left) {
        throw new Error(`${why}; gave up at the submit-timeout deadline after ${attempt + 1} attempt${attempt === 0 ? '' : 's'}. Nothing more was submitted; run again once the invalidations in progress complete, or raise submit-timeout`);
    }
    log.info(`${why}; retrying in ${formatDuration(delay)} (${formatDuration(left)} left before submit-timeout)`);
    await timing.sleep(delay, request.signal);
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

;// CONCATENATED MODULE: ./packages/cdn/src/wait.ts



/** The wait ran out: the invalidations go on in CloudFront, and the message names them. */
class InvalidationTimeout extends Error {
    distributionId;
    pending;
    name = 'InvalidationTimeout';
    /** `unseen` says why the last polls could not tell, when they failed. */
    constructor(distributionId, pending, elapsedMs, unseen) {
        super(`invalidation ${pending.join(', ')} on ${distributionId} ${unseen ? `not seen to complete (${unseen})` : 'still in progress'} after ${formatDuration(elapsedMs)} (wait-timeout). ` +
            `It goes on in CloudFront; look it up with: aws cloudfront get-invalidation --distribution-id ${distributionId} --id ${pending[0]}`);
        this.distributionId = distributionId;
        this.pending = pending;
    }
}
/** The job was cancelled while waiting: the invalidations go on in CloudFront, and the message names them. */
class WaitCancelled extends Error {
    distributionId;
    pending;
    name = 'WaitCancelled';
    constructor(distributionId, pending, elapsedMs, reason) {
        super(`${reason instanceof Error ? reason.message : 'cancelled'} while waiting for invalidation ${pending.join(', ')} on ${distributionId} (after ${formatDuration(elapsedMs)}). ` +
            `It goes on in CloudFront; look it up with: aws cloudfront get-invalidation --distribution-id ${distributionId} --id ${pending[0]}`);
        this.distributionId = distributionId;
        this.pending = pending;
    }
}
/**
 * Polls each invalidation until CloudFront says Completed (in any case) or the timeout passes,
 * logging the elapsed time on every poll. Returns the time it took.
 *
 * Written here rather than with the SDK's `waitUntilInvalidationCompleted`, because that waiter
 * (a) retries every error until its max wait, so expired credentials would spin out the whole
 * wait-timeout instead of stopping at once with the fix (PollFailures tells them apart); (b) backs off from a 20 s minimum, not the
 * user's `poll-interval`; (c) logs nothing while it waits, where a job log must show progress;
 * and (d) waits on one invalidation, where a deploy may have several in one wait.
 */
async function waitForInvalidations(request) {
    const started = request.timing.now();
    const pending = new Set(request.ids);
    try {
        return await poll(request, started, pending);
    }
    catch (error) {
        const { signal } = request;
        if (signal?.aborted)
            throw new WaitCancelled(request.distributionId, [...pending], request.timing.now() - started, signal.reason);
        throw error;
    }
}
async function poll(request, started, pending) {
    const { distributionId, timing, log } = request;
    // Polls that failed after the SDK's tries are polled again until the deadline (kit's poll-failures.ts says why).
    const failures = new PollFailures({ clock: timing, log, deadline: started + request.timeoutMs, signal: request.signal }, () => `invalidation ${[...pending].join(', ')} goes on in CloudFront`);
    for (;;) {
        try {
            for (const id of [...pending]) {
                const { Invalidation: found } = await request.client.send(new GetInvalidationCommand/* GetInvalidationCommand */.W({ DistributionId: distributionId, Id: id }), { abortSignal: request.signal });
                const status = found?.Status ?? '';
                if (isCompleted(status))
                    pending.delete(id);
                else if (status)
                    log.info(`Invalidation ${id}: ${status} after ${formatDuration(timing.now() - started)}`);
            }
            failures.answered();
        }
        catch (error) {
            if (failures.failed(error))
                throw new InvalidationTimeout(distributionId, [...pending], timing.now() - started, failures.reason());
        }
        const elapsed = timing.now() - started;
        if (pending.size === 0) {
            log.info(`Invalidation${request.ids.length === 1 ? '' : 's'} ${request.ids.join(', ')} completed after ${formatDuration(elapsed)}`);
            return elapsed;
        }
        const left = request.timeoutMs - elapsed;
        if (left <= 0)
            throw new InvalidationTimeout(distributionId, [...pending], elapsed);
        await timing.sleep(Math.min(request.pollMs, left), request.signal);
    }
}

// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/retry/index.js
var retry = __webpack_require__(3609);
// EXTERNAL MODULE: ./packages/kit/src/aws-settings.ts + 2 modules
var aws_settings = __webpack_require__(7137);
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

// EXTERNAL MODULE: ./packages/kit/src/entry.ts + 1 modules
var entry = __webpack_require__(2573);
// EXTERNAL MODULE: ./actions/invalidate-cdn/src/inputs.ts + 4 modules
var inputs = __webpack_require__(8447);
;// CONCATENATED MODULE: ./actions/invalidate-cdn/src/report.ts


const SHOWN = 20;
const TABLE_ROWS = 200;
const sample = (items) => items.slice(0, SHOWN).join(', ') + (items.length > SHOWN ? `, \u2026 (${items.length - SHOWN} more)` : '');
/** What the plan is and why, in the log. */
function describePlan(plan, inputs, log) {
    const keys = inputs.changedKeys.length;
    log.info(`${keys} changed key(s), ${inputs.paths.length} explicit path(s) -> ${plan.files} file path(s) and ${plan.wildcards} wildcard path(s) (budget ${inputs.maxPaths})`);
    if (plan.outsidePrefix.length > 0) {
        log.warning(`${plan.outsidePrefix.length} changed key(s) lie outside prefix '${inputs.prefix}' and were left out: ${sample(plan.outsidePrefix)}`);
    }
    if (plan.immutable.length > 0)
        log.info(`Left out ${plan.immutable.length} key(s) immutable by name: ${sample(plan.immutable)}`);
    for (const { wildcard, replaced } of plan.collapsed) {
        log.info(`Over the budget of ${inputs.maxPaths} paths: ${wildcard} stands for ${replaced.length} path(s)`);
    }
    for (const path of plan.paths.slice(0, TABLE_ROWS))
        log.info(`  ${path}`);
    if (plan.paths.length > TABLE_ROWS)
        log.info(`  \u2026 and ${plan.paths.length - TABLE_ROWS} more`);
}
const OUTCOME = {
    skipped: 'nothing changed: no invalidation',
    'dry-run': 'dry run: nothing created',
    submitted: 'submitted (not waited for)',
    'in-progress': 'still in progress when the wait ran out',
    completed: 'completed',
    failed: 'failed: no invalidation could be created',
};
async function summarize(outcome) {
    const { plan, distribution } = outcome;
    const invalidationOf = new Map(outcome.invalidations.flatMap((item) => item.paths.map((path) => [path, item.id])));
    const rows = plan.paths.slice(0, TABLE_ROWS).map((path) => [
        `<code>${escapeHtml(path)}</code>`,
        (0,collapse/* isWildcard */.z2)(path) ? 'wildcard' : 'file',
        String(plan.sources.get(path)?.length ?? 0),
        invalidationOf.get(path) ?? '\u2014',
    ]);
    const lines = [
        `Distribution <code>${escapeHtml(distribution.id)}</code>${distribution.domainName ? ` (${escapeHtml(distribution.domainName)})` : ''}: <b>${OUTCOME[outcome.status]}</b>`,
        `${plan.files} file path(s), ${plan.wildcards} wildcard path(s); invalidation(s): ${outcome.invalidations.map((item) => item.id).join(', ') || 'none'}`,
    ];
    if (outcome.waitedMs !== undefined)
        lines.push(`Waited ${formatDuration(outcome.waitedMs)}`);
    if (outcome.room)
        lines.push(`Room in flight: ${outcome.room.files} file paths, ${outcome.room.wildcards} wildcard paths`);
    if (plan.immutable.length > 0)
        lines.push(`${plan.immutable.length} key(s) left out as immutable by name`);
    if (plan.outsidePrefix.length > 0)
        lines.push(`${plan.outsidePrefix.length} key(s) outside the prefix left out`);
    if (plan.paths.length > TABLE_ROWS)
        lines.push(`\u2026 and ${plan.paths.length - TABLE_ROWS} more paths (see the log)`);
    await writeSummary('invalidate-cdn', [
        { heading: 'Outcome', lines },
        ...(rows.length > 0 ? [{ heading: 'Paths', table: [['path', 'kind', 'changed keys', 'invalidation'], ...rows] }] : []),
    ]);
}
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** The step's outputs and job summary. */
async function report(outcome) {
    setOutputs({
        'invalidation-id': outcome.invalidations.map((item) => item.id).join(','),
        paths: outcome.plan.paths,
        status: outcome.status,
    });
    await summarize(outcome);
}

;// CONCATENATED MODULE: ./actions/invalidate-cdn/src/run.ts






// What runAction loads once the inputs are read (index.ts): defaultDeps, run, report.

function defaultDeps() {
    return {
        cloudfront: (settings) => makeClient(CloudFrontClient/* CloudFrontClient */.G, settings, inputs/* ACTION */.hr),
        random: Math.random,
        env: process.env,
        pollMs: 15_000,
    };
}
const ONE_HOUR = 3_600_000;
/** Stable for one step of one run attempt, so CloudFront treats a retried request as the same one. */
function runReference(env, now) {
    const step = (0,external_node_crypto_.createHash)('sha256').update(`${env.GITHUB_JOB ?? ''}/${env.GITHUB_ACTION ?? ''}`).digest('hex').slice(0, 8);
    return env.GITHUB_RUN_ID ? `tandem-${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${step}` : `tandem-local-${now}-${step}`;
}
async function run(inputs, deps, context) {
    try {
        return await invalidate(inputs, deps, context);
    }
    catch (error) {
        throw explainRefusal(error, inputs.distributionId);
    }
}
async function invalidate(inputs, deps, context) {
    const { log } = context;
    const distributionId = inputs.distributionId;
    if (inputs.wait && inputs.waitTimeout > ONE_HOUR) {
        log.warning(`wait-timeout is ${formatDuration(inputs.waitTimeout)}, longer than the 1-hour session an OIDC role gets by default: ` +
            'the credentials may expire before the invalidation completes. Raise role-duration-seconds in aws-actions/configure-aws-credentials (and the role\'s maximum session duration) to cover it.');
    }
    const client = deps.cloudfront(inputs.aws);
    const distribution = await describeDistribution(client, distributionId);
    const { prefix, info, warning } = keyPrefixFor(inputs.prefix, distribution.siteOrigin);
    if (info)
        log.info(info);
    if (warning && inputs.changedKeys.length > 0)
        log.warning(warning);
    const plan = (0,src_plan/* planInvalidation */.co)({
        keys: inputs.changedKeys,
        paths: inputs.paths,
        prefix,
        indexDocument: inputs.indexDocument,
        immutable: inputs.immutable,
        maxPaths: inputs.maxPaths,
    });
    describePlan(plan, { ...inputs, prefix }, log);
    const outcome = { distribution, plan, status: 'skipped', invalidations: [] };
    try {
        if (plan.paths.length === 0) {
            log.info(`Nothing changed that ${distributionId} serves: no invalidation created`);
        }
        else if (inputs.dryRun) {
            outcome.status = 'dry-run';
            outcome.room = roomLeft(await readInFlight(client, distributionId));
            log.info(`Dry run: would invalidate ${plan.paths.length} path(s) on ${distributionId}; room in flight now: ${outcome.room.files} file paths, ${outcome.room.wildcards} wildcard paths. Nothing was created.`);
        }
        else {
            await submitAndWait(inputs, deps, client, outcome, context);
        }
    }
    catch (error) {
        // What was created before the failure is still reported: its ids are the next step's to wait on.
        throw (0,entry/* failedWith */.Mf)(explainRefusal(error, distributionId), outcome);
    }
    return outcome;
}
async function submitAndWait(inputs, deps, client, outcome, context) {
    const { log, clock, signal } = context;
    const timing = { now: () => clock.now(), sleep: (ms, own) => clock.sleep(ms, own), random: () => deps.random() };
    const distributionId = inputs.distributionId;
    try {
        await submitInvalidations({
            client,
            distributionId,
            paths: outcome.plan.paths,
            reference: runReference(deps.env, timing.now()),
            deadline: timing.now() + inputs.submitTimeout,
            timing,
            log,
            signal,
            submitted: outcome.invalidations,
        });
    }
    finally {
        // Some created and the rest refused still leaves those to wait for; none created is a failure.
        outcome.status = outcome.invalidations.length > 0 ? 'submitted' : 'failed';
    }
    if (!inputs.wait)
        return;
    outcome.status = 'in-progress';
    try {
        outcome.waitedMs = await waitForInvalidations({
            client,
            distributionId,
            ids: outcome.invalidations.map((item) => item.id),
            timeoutMs: inputs.waitTimeout,
            pollMs: deps.pollMs,
            timing,
            log,
            signal,
        });
        outcome.status = 'completed';
    }
    catch (error) {
        if (error instanceof InvalidationTimeout)
            outcome.waitedMs = inputs.waitTimeout;
        throw error;
    }
}


/***/ })

};

//# sourceMappingURL=459.index.js.map