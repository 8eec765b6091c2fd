export const id = 763;
export const ids = [763];
export const modules = {

/***/ 5763:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  defaultDeps: () => (/* binding */ defaultDeps),
  report: () => (/* reexport */ report),
  run: () => (/* binding */ run),
  siteOf: () => (/* binding */ siteOf)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 21 modules
var core = __webpack_require__(8062);
// EXTERNAL MODULE: ./node_modules/pretty-bytes/index.js
var pretty_bytes = __webpack_require__(5901);
// EXTERNAL MODULE: ./node_modules/pretty-ms/index.js
var pretty_ms = __webpack_require__(4506);
;// CONCATENATED MODULE: ./packages/kit/src/report.ts



/** Writes every output; arrays and objects as JSON, the form the next step's fromJSON reads. */
function setOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs)) {
        if (value === undefined)
            continue;
        core/* setOutput */.uH(name, typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
}
async function writeSummary(title, sections) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    const summary = core/* summary */.z.addHeading(title, 2);
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
    return core/* group */.Os(name, work);
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
    return (0,pretty_bytes/* default */.A)(bytes, { binary: true });
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
// EXTERNAL MODULE: ./packages/kit/src/clock.ts
var clock = __webpack_require__(6686);
// EXTERNAL MODULE: ./packages/kit/src/aws-errors.ts
var aws_errors = __webpack_require__(5341);
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
    const sleep = waitCancelledAs(options.sleep ?? clock/* sleep */.yy, location, options.signal);
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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/S3Client.js + 12 modules
var S3Client = __webpack_require__(8932);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/HeadObjectCommand.js
var HeadObjectCommand = __webpack_require__(7076);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/CopyObjectCommand.js
var CopyObjectCommand = __webpack_require__(7857);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/DeleteObjectsCommand.js
var DeleteObjectsCommand = __webpack_require__(7358);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/lib-storage/dist-es/index.js + 16 modules
var dist_es = __webpack_require__(5840);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/retry/index.js
var retry = __webpack_require__(3609);
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

// EXTERNAL MODULE: external "node:stream/consumers"
var consumers_ = __webpack_require__(8321);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/ListObjectsV2Command.js
var ListObjectsV2Command = __webpack_require__(9693);
// EXTERNAL MODULE: ./node_modules/entities/dist/escape.js
var dist_escape = __webpack_require__(8822);
// EXTERNAL MODULE: ./node_modules/htmlparser2/dist/Parser.js + 1 modules
var Parser = __webpack_require__(2664);
;// CONCATENATED MODULE: ./packages/frontend/src/listing.ts




/**
 * A ListObjectsV2 answer read with htmlparser2's XML tokenizer: the objects' key, size, ETag and
 * time of writing, and where the next page starts. Entities are decoded as XML's.
 */
function readListingPage(xml) {
    const objects = [];
    const path = [];
    let text = '';
    let object;
    let truncated = false;
    let next;
    const parser = new Parser/* Parser */.i({
        onopentagname(name) {
            path.push(name);
            text = '';
            if (name === 'Contents' && path.length === 2)
                object = { key: '', size: 0, etag: '', lastModified: '' };
        },
        ontext(data) {
            text += data;
        },
        onclosetag(name) {
            if (object && path.length === 3) {
                if (name === 'Key')
                    object.key = text;
                else if (name === 'Size')
                    object.size = Number(text);
                else if (name === 'ETag')
                    object.etag = text;
                else if (name === 'LastModified')
                    object.lastModified = text;
            }
            else if (path.length === 2) {
                if (name === 'Contents' && object)
                    objects.push(object);
                if (name === 'Contents')
                    object = undefined;
                else if (name === 'IsTruncated')
                    truncated = text === 'true';
                else if (name === 'NextContinuationToken')
                    next = text;
            }
            path.pop();
            text = '';
        },
    }, { xmlMode: true, decodeEntities: true });
    parser.end(xml);
    return { objects, truncated, next: truncated ? next : undefined };
}
/**
 * One page: the SDK sends the request (signing, retries, errors), and the answer's objects are
 * read here, the SDK given the page without them. Its own XML reader builds each value a
 * character at a time and a Date for every key: a 1,000-key page from a local server took
 * 17.6 ms to ask for and read that way, 7.6 ms this way (2.7 of them reading), on two cores,
 * and every page's reading comes before the next page is asked for.
 */
async function listPage(s3, input) {
    let read;
    const readHere = (next) => async (args) => {
        const result = await next(args);
        const response = result.response;
        if (response.statusCode !== 200 || !response.body)
            return result;
        const bytes = response.body instanceof Uint8Array ? response.body : await (0,consumers_.buffer)(response.body);
        const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
        // Not a listing (an error S3 sent with a 200 status): the SDK reads and throws it.
        if (!text.includes('<ListBucketResult')) {
            response.body = bytes;
            return result;
        }
        read = readListingPage(text);
        const token = read.next === undefined ? '' : `<NextContinuationToken>${(0,dist_escape/* encodeXML */.WY)(read.next)}</NextContinuationToken>`;
        response.body = Buffer.from(`<ListBucketResult><IsTruncated>${read.truncated}</IsTruncated>${token}</ListBucketResult>`);
        return result;
    };
    const command = new ListObjectsV2Command/* ListObjectsV2Command */.u(input);
    command.middlewareStack.add(readHere, { step: 'deserialize', priority: 'low', name: 'tandemReadListing' });
    const output = await s3.send(command);
    if (read)
        return read;
    // Not read here (no body to read): the SDK's reading.
    const objects = (output.Contents ?? []).map((item) => ({ key: item.Key ?? '', size: item.Size ?? 0, etag: item.ETag ?? '', lastModified: item.LastModified?.toISOString() ?? '' }));
    return { objects, truncated: output.IsTruncated === true, next: output.IsTruncated ? output.NextContinuationToken : undefined };
}
/** Every page of a ListObjectsV2 listing, following NextContinuationToken to the last. */
async function* listPages(s3, input, pageSize) {
    let token;
    do {
        const page = await listPage(s3, { ...input, MaxKeys: pageSize, ContinuationToken: token });
        yield page.objects;
        token = page.next;
    } while (token);
}

;// CONCATENATED MODULE: ./packages/frontend/src/bucket.ts





/** The object metadata key (x-amz-meta-sha256) that carries the content hash. */
const HASH_METADATA = 'sha256';
/** Files above this go up as streamed multipart uploads. */
const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
const PART_SIZE = 8 * 1024 * 1024;
/** Files up to this size are read whole: cheaper than a stream for the many small files of a site. */
const BUFFERED_SIZE = 1024 * 1024;
/** ListObjectsV2 answers at most 1,000 keys a page; every page is followed. */
const LIST_PAGE = 1000;
/** DeleteObjects takes at most 1,000 keys (moto takes more; AWS does not). */
const DELETE_BATCH = 1000;
/**
 * Checksums where they are needed: uploads choose their own (see uploadFile), DeleteObjects gets
 * the one S3 requires; reads of the small release records skip validation.
 */
class SiteS3Client extends S3Client/* S3Client */.Y {
    constructor(config) {
        super({ ...config, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    }
}
/** Parts of one multipart upload in flight at once. */
const UPLOAD_QUEUE = 4;
/** The SDK's own keep-alive agent opens at most this many sockets. */
const SDK_SOCKETS = 50;
/**
 * The sockets a run at `concurrency` can use at once: every slot may be a multipart upload with
 * its parts in flight, and the deploy lock's heartbeat needs one beside them. Past the SDK's 50,
 * the requests above it would queue inside the agent while `concurrency` says they run.
 */
function socketsFor(concurrency) {
    return Math.max(SDK_SOCKETS, concurrency * UPLOAD_QUEUE + 1);
}
function siteClient(settings, action, concurrency = 1) {
    const maxSockets = socketsFor(concurrency);
    const Client = class extends SiteS3Client {
        constructor(config) {
            super({ ...config, requestHandler: requestHandlerConfig(settings, maxSockets) });
        }
    };
    return makeClient(Client, settings, action);
}
/** A bucket that is missing or closed to us is the user's to fix: say which input names it. */
function bucketProblem(error, bucket, input) {
    if ((0,aws_errors/* isNotFound */.c4)(error, 'NoSuchBucket')) {
        return new errors/* ConfigurationError */.j(`bucket '${bucket}' does not exist (or is in another account): check the name`, input);
    }
    if ((0,aws_errors/* isAccessDenied */.w7)(error) || (0,aws_errors/* hasStatus */.Ro)(error, 403)) {
        const grant = (0,aws_errors/* grantOf */.od)(error) ?? describeGrant({ service: 'S3', operation: 'ListObjectsV2', input: { Bucket: bucket }, region: '' });
        return new errors/* ConfigurationError */.j(`access to bucket '${bucket}' was denied: ${grant} to the role (see the IAM policy in the README)`, input);
    }
    if ((0,aws_errors/* isNamed */.ev)(error, 'PermanentRedirect') || (0,aws_errors/* hasStatus */.Ro)(error, 301)) {
        return new errors/* ConfigurationError */.j(`bucket '${bucket}' is in another region: set aws-region to the bucket's region`, input);
    }
    return error;
}
/** Every page of a listing under `prefix`, each handed on and dropped before the next is read. */
async function eachListed(s3, bucket, prefix, input, pageSize, visit) {
    try {
        for await (const page of listPages(s3, { Bucket: bucket, Prefix: prefix || undefined }, pageSize)) {
            for (const item of page)
                visit(item);
        }
    }
    catch (error) {
        throw bucketProblem(error, bucket, input);
    }
}
/**
 * Every object under `prefix`, named relative to it, leaving out the keys `exclude` says: only
 * the name, size and ETag of each (a site of 100,000 files is held as 100,000 of these).
 */
async function listObjects(s3, bucket, prefix, input, exclude = () => false, pageSize = LIST_PAGE) {
    const objects = [];
    await eachListed(s3, bucket, prefix, input, pageSize, (item) => {
        if (item.key && !exclude(item.key))
            objects.push({ name: item.key.slice(prefix.length), size: item.size, etag: item.etag, described: false });
    });
    return objects;
}
/** Every object under `prefix` with the time S3 wrote it (the release manifests: when each release was recorded). */
async function listWritten(s3, bucket, prefix, input) {
    const objects = [];
    await eachListed(s3, bucket, prefix, input, LIST_PAGE, (item) => {
        if (item.key)
            objects.push({ name: item.key.slice(prefix.length), lastModified: Date.parse(item.lastModified) || 0 });
    });
    return objects;
}
async function headObject(s3, bucket, key) {
    const head = await s3.send(new HeadObjectCommand/* HeadObjectCommand */.l({ Bucket: bucket, Key: key }));
    return {
        sha256: head.Metadata?.[HASH_METADATA],
        contentType: head.ContentType,
        cacheControl: head.CacheControl,
        etag: head.ETag ?? '',
        size: head.ContentLength ?? 0,
    };
}
/** The text of an object, or undefined when there is none. */
async function readText(s3, bucket, key) {
    try {
        const response = await s3.send(new GetObjectCommand/* GetObjectCommand */.j({ Bucket: bucket, Key: key }));
        return await response.Body?.transformToString('utf8');
    }
    catch (error) {
        if ((0,aws_errors/* isNotFound */.c4)(error, 'NoSuchKey'))
            return undefined;
        throw error;
    }
}
/**
 * The body of an object as it arrives, with its size when S3 gives it, or undefined when there is
 * none: the caller chooses to parse it as it is read (a 100,000-file release manifest is 32 MB)
 * or to hold a small one whole.
 */
async function readChunks(s3, bucket, key) {
    try {
        const response = await s3.send(new GetObjectCommand/* GetObjectCommand */.j({ Bucket: bucket, Key: key }));
        // On Node the body is a Readable: an async iterable of Buffers.
        const chunks = response.Body;
        return chunks && { chunks, size: response.ContentLength };
    }
    catch (error) {
        if ((0,aws_errors/* isNotFound */.c4)(error, 'NoSuchKey'))
            return undefined;
        throw error;
    }
}
/**
 * Writes a record (its JSON text: manifestText, pointerText). The body goes as bytes: the SDK
 * encodes a string body twice, to count its bytes and to send them (for a 20,416-file manifest,
 * 48 ms and 70 ms).
 */
async function putRecord(s3, bucket, key, text) {
    const Body = Buffer.from(text, 'utf8');
    await s3.send(new PutObjectCommand/* PutObjectCommand */.w({ Bucket: bucket, Key: key, Body, ContentType: 'application/json; charset=utf-8', CacheControl: 'no-store' }));
}
/** Streams a file up: one PutObject, or a multipart Upload past the threshold. Returns the ETag. */
async function uploadFile(s3, target, onProgress, signal) {
    const params = {
        Bucket: target.bucket,
        Key: target.key,
        ContentType: target.headers.contentType,
        CacheControl: target.headers.cacheControl,
        Metadata: { [HASH_METADATA]: target.headers.sha256 },
    };
    if (target.size <= MULTIPART_THRESHOLD) {
        // S3 checks the bytes it got against the signed SHA-256 (small files, read whole) or a CRC32
        // the SDK computes while streaming (larger ones), and refuses them on a mismatch.
        if (target.size <= BUFFERED_SIZE) {
            // Read at once: at most 1 MiB, just hashed, so from the page cache. fs/promises' readFile
            // opens a FileHandle and makes four thread-pool round trips per file: a 2,058-file first
            // deploy took 0.15 ms of the main thread per file in opening the handles alone, and
            // 0.1-0.4 s more system time (four runs each against the bundle before).
            const body = (0,external_node_fs_.readFileSync)(target.path);
            const command = new PutObjectCommand/* PutObjectCommand */.w({ ...params, Body: body, ContentLength: target.size });
            command.middlewareStack.add(signedPayloadHash(target.headers.sha256), { step: 'build', name: 'tandemPayloadHash' });
            const result = await s3.send(command, { abortSignal: signal });
            return result.ETag ?? '';
        }
        const body = (0,external_node_fs_.createReadStream)(target.path);
        const result = await s3.send(new PutObjectCommand/* PutObjectCommand */.w({ ...params, Body: body, ContentLength: target.size, ChecksumAlgorithm: 'CRC32' }), { abortSignal: signal });
        return result.ETag ?? '';
    }
    const upload = new dist_es/* Upload */._({ client: s3, params: { ...params, Body: (0,external_node_fs_.createReadStream)(target.path) }, partSize: PART_SIZE, queueSize: UPLOAD_QUEUE, abortController: abortControllerFor(signal) });
    upload.on('httpUploadProgress', (progress) => onProgress?.(progress.loaded ?? 0));
    const result = await upload.done();
    return result.ETag ?? '';
}
/**
 * The payload hash the request is signed with (x-amz-content-sha256), which S3 checks the body
 * against (XAmzContentSHA256Mismatch): the SHA-256 the scan already computed, so neither the
 * signer nor a Content-MD5 reads the bytes again, and a file changed since it was hashed is
 * refused rather than published under a hash that is not its own.
 */
function signedPayloadHash(sha256) {
    return (next) => async (args) => {
        const request = args.request;
        if (request.headers)
            request.headers['x-amz-content-sha256'] = sha256;
        return next(args);
    };
}
function abortControllerFor(signal) {
    if (!signal)
        return undefined;
    const controller = new AbortController();
    signal.addEventListener('abort', () => controller.abort(), { once: true });
    return controller;
}
/** S3 reads CopySource as a URL path: every segment encoded, so `#`, `+`, `%` and spaces survive. */
function copySource(bucket, key) {
    return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
/**
 * A server-side copy that sets the headers anew (MetadataDirective REPLACE): rewrites headers in
 * place, fills the release store, and restores a release, without any bytes through the runner.
 * `ifMatch` makes it fail rather than copy something other than what was planned.
 */
async function copyObject(s3, copy, signal) {
    const result = await s3.send(new CopyObjectCommand/* CopyObjectCommand */.s({
        Bucket: copy.toBucket,
        Key: copy.toKey,
        CopySource: copySource(copy.fromBucket, copy.fromKey),
        CopySourceIfMatch: copy.ifMatch,
        MetadataDirective: 'REPLACE',
        ContentType: copy.headers.contentType,
        CacheControl: copy.headers.cacheControl,
        Metadata: { [HASH_METADATA]: copy.headers.sha256 },
    }), { abortSignal: signal });
    return result.CopyObjectResult?.ETag ?? '';
}
/** Deletes in batches of 1,000; any key S3 could not delete fails the run. */
async function deleteObjects(s3, bucket, keys, signal) {
    for (let at = 0; at < keys.length; at += DELETE_BATCH) {
        const batch = keys.slice(at, at + DELETE_BATCH);
        const result = await s3.send(new DeleteObjectsCommand/* DeleteObjectsCommand */.x({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }), { abortSignal: signal });
        if (result.Errors && result.Errors.length > 0) {
            const first = result.Errors[0];
            throw new Error(`S3 could not delete ${result.Errors.length} object(s), e.g. '${first.Key}': ${first.Code} ${first.Message ?? ''}`.trim());
        }
    }
}

// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./packages/frontend/src/scan.ts






function isInside(root, target) {
    const rel = (0,external_node_path_.relative)(root, target);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(external_node_path_.sep) && rel !== '..');
}
/** A file name's bytes as a reader can see them: printable ASCII as is, every other byte as \xNN. */
function escapedName(bytes) {
    return [...bytes].map((byte) => (byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`)).join('');
}
/**
 * An entry's name, read as bytes: a name that is not UTF-8 has no S3 key (keys are UTF-8), and
 * decoding it would turn its bytes into U+FFFD and name a file that does not exist.
 */
function entryName(raw, prefix, input) {
    if (!(0,external_node_buffer_.isUtf8)(raw)) {
        throw new errors/* ConfigurationError */.j(`'${prefix}${escapedName(raw)}' is not a valid UTF-8 file name, so it cannot be an S3 key: rename it in the build output`, input);
    }
    return raw.toString('utf8');
}
/**
 * A directory's entries, sorted by name. Names are read as UTF-8 strings, which costs half of
 * reading them as bytes; a name that is not UTF-8 decodes to U+FFFD, so only a directory with one
 * is read again as bytes, to refuse the name that cannot be a key (entryName).
 */
function readEntries(dir, prefix, input) {
    const entries = (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
    if (entries.some((entry) => entry.name.includes('\uFFFD'))) {
        for (const entry of (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true, encoding: 'buffer' }))
            entryName(entry.name, prefix, input);
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
/**
 * Walks the directory; a symlink is followed only when it stays inside the directory, and a link
 * to a directory is listed like one (its files under the link's name too), unless it leads back
 * to a directory being walked, a loop, which is left out. Nothing
 * else runs while the build output is listed, so the walk is synchronous: one thread-pool round
 * trip per file (2,000 awaited stat calls) cost more than the listing itself. Sizes are not read
 * here: the hashing learns each from the read it makes anyway, and a stat a file took a third of
 * the listing of 20,000 files.
 */
function listFiles(root, input) {
    const realRoot = (0,external_node_fs_.realpathSync)(root);
    const files = [];
    // The directories being walked, from the root down: a link to one of them is a loop.
    const walking = new Set([realRoot]);
    const walk = (dir, prefix) => {
        // dir is resolved (realpath): its entries' paths need no normalizing.
        const parent = dir.endsWith(external_node_path_.sep) ? dir : dir + external_node_path_.sep;
        for (const entry of readEntries(dir, prefix, input)) {
            const path = parent + entry.name;
            const name = prefix + entry.name;
            let target = path;
            let isDirectory = entry.isDirectory();
            let isFile = entry.isFile();
            if (entry.isSymbolicLink()) {
                try {
                    target = (0,external_node_fs_.realpathSync)(path);
                }
                catch {
                    throw new errors/* ConfigurationError */.j(`'${name}' is a broken symlink: fix the build output or remove the link`, input);
                }
                if (!isInside(realRoot, target)) {
                    throw new errors/* ConfigurationError */.j(`'${name}' is a symlink to ${target}, outside the source directory: refusing to publish files from elsewhere`, input);
                }
                const info = (0,external_node_fs_.lstatSync)(target);
                isDirectory = info.isDirectory();
                isFile = info.isFile();
            }
            if (isDirectory) {
                if (walking.has(target))
                    continue;
                walking.add(target);
                walk(target, `${name}/`);
                walking.delete(target);
            }
            else if (isFile) {
                files.push({ name, path: target });
            }
        }
    };
    walk(realRoot, '');
    return files;
}
/**
 * Lists the build output. Refuses (before anything is written anywhere) a missing or empty
 * directory, a symlink that leaves it, and, unless told otherwise, one without index.html: the
 * signs of a wrong `source-dir` or a failed build, which would otherwise empty the bucket.
 */
/**
 * The build output's files, refused when there is none, or no index.html where one is required.
 * `exclude` leaves files out (the `exclude` input: source maps, say); each left out goes to
 * `excluded`.
 */
async function listSource(dir, options) {
    const input = options.input ?? 'source-dir';
    const info = await (0,promises_.stat)(dir).catch(() => undefined);
    if (!info)
        throw new errors/* ConfigurationError */.j(`${dir} does not exist: did the build write its output somewhere else?`, input);
    if (!info.isDirectory())
        throw new errors/* ConfigurationError */.j(`${dir} is not a directory`, input);
    const all = listFiles(dir, input);
    if (all.length === 0)
        throw new errors/* ConfigurationError */.j(`${dir} is empty: refusing to publish an empty site (did the build fail?)`, input);
    const listed = [];
    for (const file of all) {
        if (options.exclude?.(file.name))
            options.excluded?.push(file.name);
        else
            listed.push(file);
    }
    if (listed.length === 0)
        throw new errors/* ConfigurationError */.j(`leaves out every one of the ${all.length} files in ${dir}: refusing to publish an empty site`, 'exclude');
    if (options.requireIndex && !listed.some((file) => file.name === 'index.html')) {
        if (listed.length < all.length && all.some((file) => file.name === 'index.html'))
            throw new errors/* ConfigurationError */.j('leaves out index.html, which require-index asks for', 'exclude');
        throw new errors/* ConfigurationError */.j(`${dir} has no index.html: is this the build output? Set require-index: false to publish a site without one`, input);
    }
    return listed;
}
/**
 * Where each listed file of `dir` is read from: one source shared by every file that lies at
 * `dir/name` (the listing resolves `dir` itself first), its own path only for a file reached
 * through a symlink.
 */
function localSources(dir) {
    const root = (0,external_node_fs_.realpathSync)(dir);
    const shared = { kind: 'build', dir: root };
    return (file) => (file.path === (0,external_node_path_.join)(root, file.name) ? shared : { kind: 'file', path: file.path });
}
/** Lists and hashes the build output (see listSource for what is refused). */
async function scanSource(dir, options) {
    return hashSource(await listSource(dir, options), options.concurrency);
}

// EXTERNAL MODULE: ./packages/frontend/src/headers.ts
var headers = __webpack_require__(6708);
// EXTERNAL MODULE: ./node_modules/acorn/dist/acorn.mjs
var acorn = __webpack_require__(4559);
// EXTERNAL MODULE: ./node_modules/acorn-walk/dist/walk.mjs
var walk = __webpack_require__(3097);
// EXTERNAL MODULE: ./node_modules/entities/dist/decode.js + 2 modules
var decode = __webpack_require__(7031);
// EXTERNAL MODULE: ./node_modules/srcset/index.js
var srcset = __webpack_require__(4333);
// EXTERNAL MODULE: ./packages/kit/src/names.ts
var names = __webpack_require__(4728);
;// CONCATENATED MODULE: ./packages/frontend/src/references.ts
// What a release's pages, web manifests and service workers make a browser load. Parsed with
// maintained parsers (htmlparser2, srcset, acorn), never matched with patterns: attributes in any
// quoting, entities, comments and minified code read as a browser reads them.






/** Any origin stands for the site's own: only the path of a same-origin URL matters. */
const SITE = 'https://site.invalid/';
const JAVASCRIPT_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript', 'application/ecmascript', 'text/ecmascript', 'application/x-javascript']);
function linkKinds(attribs) {
    const rel = (attribs.rel ?? '').toLowerCase().split(/\s+/);
    const kinds = [];
    if (rel.includes('stylesheet'))
        kinds.push('style');
    if (rel.includes('modulepreload'))
        kinds.push('script');
    if (rel.includes('manifest'))
        kinds.push('manifest');
    if (rel.some((token) => ['icon', 'apple-touch-icon', 'apple-touch-icon-precomposed', 'mask-icon'].includes(token)))
        kinds.push('image');
    if (rel.includes('preload')) {
        const as = (attribs.as ?? '').toLowerCase();
        kinds.push(as === 'script' ? 'script' : as === 'style' ? 'style' : as === 'image' ? 'image' : 'any');
    }
    return kinds;
}
function references_srcset(value, kind) {
    if (!value)
        return [];
    return (0,srcset/* parseSrcset */.q)(value).map((candidate) => ({ raw: candidate.url, kind }));
}
/** The attributes a reference is read from: only these are decoded. */
const READ_ATTRIBUTES = ['href', 'src', 'srcset', 'imagesrcset', 'rel', 'as', 'type', 'poster'];
/**
 * What an HTML page loads: scripts, stylesheets, module preloads, preloads, icons, images, the web
 * manifest. The parser leaves entities as written (decoding every text node of a page was 40% of
 * its parse) and the attributes read here are decoded as a browser decodes attribute values.
 */
function pageReferences(html) {
    const references = [];
    let base;
    const add = (raw, kind) => {
        if (raw !== undefined && raw.trim() !== '')
            references.push({ raw: raw.trim(), kind });
    };
    const parser = new Parser/* Parser */.i({
        onopentag(name, written) {
            if (!REFERRING_TAGS.has(name))
                return;
            const attribs = {};
            for (const attribute of READ_ATTRIBUTES)
                if (written[attribute] !== undefined)
                    attribs[attribute] = (0,decode/* decodeHTMLAttribute */.Im)(written[attribute]);
            if (name === 'base' && base === undefined && attribs.href !== undefined)
                base = attribs.href.trim();
            else if (name === 'script' && attribs.src !== undefined)
                add(attribs.src, JAVASCRIPT_TYPES.has((attribs.type ?? '').trim().toLowerCase()) ? 'script' : 'any');
            else if (name === 'link') {
                for (const kind of linkKinds(attribs)) {
                    add(attribs.href, kind);
                    references.push(...references_srcset(attribs.imagesrcset, kind));
                }
            }
            else if (name === 'img') {
                add(attribs.src, 'image');
                references.push(...references_srcset(attribs.srcset, 'image'));
            }
            else if (name === 'source') {
                references.push(...references_srcset(attribs.srcset, 'image'));
                add(attribs.src, 'any');
            }
            else if (name === 'video')
                add(attribs.poster, 'image');
        },
    }, { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true });
    parser.write(html);
    parser.end();
    return { references, base };
}
const REFERRING_TAGS = new Set(['base', 'script', 'link', 'img', 'source', 'video']);
/** What a web manifest makes the browser load: its icons (and shortcuts' icons, screenshots), and start_url when it names a file. */
function manifestReferences(json) {
    const manifest = JSON.parse(json);
    const images = [...(manifest.icons ?? []), ...(manifest.screenshots ?? []), ...(manifest.shortcuts ?? []).flatMap((shortcut) => shortcut.icons ?? [])];
    const references = images.filter((icon) => typeof icon?.src === 'string' && icon.src !== '').map((icon) => ({ raw: icon.src, kind: 'image' }));
    if (typeof manifest.start_url === 'string') {
        // A directory (`/`, `/app/`) is served by whatever the CDN maps it to; a file name is checked.
        const path = new URL(manifest.start_url, SITE).pathname;
        if (/\.[A-Za-z0-9]+$/.test(path.slice(path.lastIndexOf('/') + 1)))
            references.push({ raw: manifest.start_url, kind: 'any' });
    }
    return references;
}
function parseJs(code) {
    for (const sourceType of ['module', 'script']) {
        try {
            return (0,acorn/* parse */.qg)(code, { ecmaVersion: 'latest', sourceType, allowHashBang: true, allowReturnOutsideFunction: sourceType === 'script' });
        }
        catch {
            // Try the other source type; code neither parses as is not ours to judge.
        }
    }
    return undefined;
}
/**
 * What the visitors `visit` builds push into `found` while walking the code, or nothing when the
 * code has no `marker` (most bundles: parsing them would only cost time) or does not parse. The
 * marker only rules code out: whatever it lets through is parsed, and only the parse decides.
 */
function collect(code, marker, visit) {
    if (typeof marker === 'string' ? !code.includes(marker) : !marker.test(code))
        return [];
    const tree = parseJs(code);
    if (!tree)
        return [];
    const found = [];
    (0,walk/* simple */.bQ)(tree, visit(found));
    return found;
}
/** The text of a string-valued expression as far as it is literal: `'a'`, `` `a` ``, `x + 'a'` (the literal tail). */
function literalText(node) {
    if (!node)
        return undefined;
    if (node.type === 'Literal' && typeof node.value === 'string')
        return node.value;
    if (node.type === 'TemplateLiteral' && node.expressions?.length === 0)
        return node.quasis?.[0]?.value.cooked ?? undefined;
    if (node.type === 'BinaryExpression' && node.operator === '+') {
        const right = literalText(node.right);
        if (right === undefined)
            return undefined;
        const left = literalText(node.left);
        return left === undefined ? right : left + right;
    }
    return undefined;
}
const propertyName = (node) => (node.type === 'Identifier' ? node.name : node.type === 'Literal' ? String(node.value) : undefined);
// White space and comments, which may stand between two tokens.
const GAP = String.raw `(?:\s|/\*[\s\S]*?\*/|//[^\n]*)*`;
/**
 * Where a `register` call below can be: `serviceWorker` as the name or quoted key of a member
 * whose own member is then taken (`.`, `?.` or `[` after it, past a closing quote or bracket, white
 * space and comments). A bundle that only asks `'serviceWorker' in navigator`, as workbox-window's
 * loader in a vite-plugin-pwa app does, has none and is not parsed: one such bundle of 4.8 MiB took
 * 3.3 s and 327 MB to parse, for nothing.
 */
const SERVICE_WORKER_MEMBER = new RegExp(String.raw `serviceWorker['"\`]?${GAP}\]?${GAP}(?:\?\.|\.|\[)`);
/**
 * The scripts a bundle registers as service workers: `navigator.serviceWorker.register('<url>')`
 * (minified or not, `new URL('<url>', import.meta.url)` too). Code that does not parse registers nothing.
 */
function registeredWorkers(code) {
    return collect(code, SERVICE_WORKER_MEMBER, (found) => ({
        CallExpression(node) {
            const callee = node.callee;
            if (callee.type !== 'MemberExpression' || propertyName(callee.property) !== 'register')
                return;
            if (callee.object.type !== 'MemberExpression' || propertyName(callee.object.property) !== 'serviceWorker')
                return;
            let argument = node.arguments[0];
            if (argument?.type === 'NewExpression' && argument.callee?.name === 'URL')
                argument = argument.arguments?.[0];
            const url = literalText(argument);
            if (url)
                found.push(url);
        },
    }));
}
/**
 * The URLs of a Workbox-style precache manifest in a service worker: an array of `{url, revision}`
 * objects, as `precacheAndRoute([...])` receives it (injected or generated, minified or not).
 */
function precacheReferences(code) {
    return collect(code, 'revision', (found) => ({
        ArrayExpression(node) {
            if (node.elements.length === 0)
                return;
            const urls = [];
            for (const element of node.elements) {
                if (element?.type !== 'ObjectExpression')
                    return;
                const fields = new Map();
                for (const property of element.properties) {
                    if (property.type !== 'Property')
                        continue;
                    const key = propertyName(property.key);
                    if (key)
                        fields.set(key, property.value);
                }
                const url = literalText(fields.get('url'));
                if (url === undefined || !fields.has('revision'))
                    return;
                urls.push(url);
            }
            found.push(...urls.map((raw) => ({ raw, kind: 'any' })));
        },
    }));
}
const SITE_ORIGIN = new URL(SITE).origin;
/** The URL a reference in `from` resolves against: the page's own, or its `<base href>`; undefined when that is no URL. */
function referenceBase(from, base) {
    try {
        const page = new URL(from.split('/').map(encodeURIComponent).join('/'), SITE);
        return base ? new URL(base, page) : page;
    }
    catch {
        return undefined;
    }
}
/**
 * The keys (relative to the site's prefix) a reference in `from` names, or undefined when it is
 * not the site's to check: another origin, `data:`, `blob:`, an empty path. Query and fragment
 * are dropped. A root-relative path is read as relative to the site (the CDN serves the prefix at
 * its root) and, when it starts with the prefix, also as a bucket path.
 */
function resolveReference(raw, from, prefix, base) {
    const against = referenceBase(from, base);
    return against && resolveAgainst(raw, against, prefix);
}
/** resolveReference with the page's URL already made (referenceBase): once a page, not once a reference. */
function resolveAgainst(raw, against, prefix) {
    let url;
    try {
        url = new URL(raw, against);
    }
    catch {
        return undefined;
    }
    if (url.origin !== SITE_ORIGIN)
        return undefined;
    const key = (0,names/* decodedOrAsWritten */.pP)(url.pathname).slice(1);
    if (key === '' || key.endsWith('/'))
        return undefined;
    const candidates = [key];
    if (prefix && key.startsWith(prefix) && key.length > prefix.length)
        candidates.push(key.slice(prefix.length));
    return candidates;
}

// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
;// CONCATENATED MODULE: ./packages/frontend/src/hash.ts
// The SHA-256 and the size of every file of the build output: the content's identity, compared
// with the release record's to find what changed.





/** Small files are read whole (most of a site): far cheaper than opening a stream for each. */
const READ_WHOLE = 1024 * 1024;
/**
 * One hash of a file. SHA-256 is the content's identity; MD5 is computed only where an object's
 * ETag must be compared with it, or for an upload's Content-MD5.
 */
async function hashFile(path, algorithm = 'sha256', size = Infinity) {
    if (size <= READ_WHOLE)
        return (0,external_node_crypto_.hash)(algorithm, await (0,promises_.readFile)(path), 'hex');
    return (await hashRest(path, (0,external_node_crypto_.createHash)(algorithm), 0)).hex;
}
/** Streams a file from `start` on into `begun`, which holds its beginning: its digest and its size. */
async function hashRest(path, begun, start) {
    let size = start;
    for await (const chunk of (0,external_node_fs_.createReadStream)(path, { start })) {
        size += chunk.length;
        begun.update(chunk);
    }
    return { hex: begun.digest('hex'), size };
}
/**
 * How long one stretch of synchronous reading and hashing may hold the main thread before the
 * bucket reads and the lock's requests, running meanwhile, get their turn. Each answer on the way
 * to the listing (the probe, the lock, every page) waits for the stretch under way to end: at 8 ms
 * a 2,058-file redeploy took 0.62 s, at 1 ms 0.58 s (bench/frontend/ab.ts, the floor 0.49 s), while
 * hashing alone took 64 ms instead of 59.
 */
const HASH_SLICE_MS = 1;
/**
 * Reads a file into `buffer`, which has room for one byte more than READ_WHOLE: the file's bytes
 * when it fits, else the hash of the buffer's worth read, for the rest to be streamed into. One
 * buffer for every file, not readFileSync's new one each: allocating (and collecting) a buffer a
 * file made reading the 2,000 files of a build four times slower.
 */
function readWhole(path, buffer) {
    const fd = (0,external_node_fs_.openSync)(path, 'r');
    try {
        for (let length = 0;;) {
            const read = (0,external_node_fs_.readSync)(fd, buffer, length, buffer.length - length, null);
            if (read === 0)
                return { bytes: buffer.subarray(0, length) };
            length += read;
            if (length === buffer.length)
                return { begun: (0,external_node_crypto_.createHash)('sha256').update(buffer) };
        }
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/** The SHA-256 and size of every listed file (see hashSums). */
async function hash_hashSource(listed, concurrency = 8) {
    const { sums, sizes } = await hashSums(listed, concurrency);
    return listed.map((file, i) => ({ ...file, size: sizes[i], sha256: sums[i] }));
}
/**
 * The SHA-256 and size of each listed file, in the listing's order. Files up to READ_WHOLE (most
 * of a site) are read whole and hashed synchronously, in slices of HASH_SLICE_MS: an awaited
 * readFile costs several thread-pool round trips per file, which made hashing 2,000 files six
 * times slower than `sha256sum`. `visit` sees the bytes of each of them (index in the listing,
 * bytes), so that what else needs them is found in the same read; the bytes are valid only during
 * the call (the next file is read into the same buffer). Of a larger file, the rest past the
 * buffer is streamed, at most `concurrency` files at once, so memory stays bounded.
 */
async function hashSums(listed, concurrency = 8, visit) {
    const sums = new Array(listed.length);
    const sizes = new Array(listed.length);
    const limit = (0,p_limit/* default */.A)(Math.max(1, concurrency));
    const streamed = [];
    const buffer = Buffer.allocUnsafe(READ_WHOLE + 1);
    let slice = performance.now();
    for (let i = 0; i < listed.length; i += 1) {
        const read = readWhole(listed[i].path, buffer);
        if ('begun' in read) {
            const done = limit(async () => {
                const rest = await hashRest(listed[i].path, read.begun, buffer.length);
                sums[i] = rest.hex;
                sizes[i] = rest.size;
            });
            // Awaited below; a failure must not surface as an unhandled rejection while the loop runs.
            done.catch(() => undefined);
            streamed.push(done);
            continue;
        }
        sizes[i] = read.bytes.length;
        sums[i] = (0,external_node_crypto_.hash)('sha256', read.bytes, 'hex');
        visit?.(i, read.bytes);
        if (performance.now() - slice > HASH_SLICE_MS) {
            await (0,external_node_timers_promises_.setImmediate)();
            slice = performance.now();
        }
    }
    await Promise.all(streamed);
    return { sums, sizes };
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./packages/frontend/src/workers.ts
// Service workers are entry points whatever they are called: a stale one keeps serving an old
// release from the browser's cache, so each goes up no-cache and last, like index.html.




/**
 * Names the common tools give their service workers: Workbox, CRA and vite-plugin-pwa (`sw`,
 * `service-worker`), Firebase Cloud Messaging, MSW, Angular (`ngsw-worker`, `safety-worker`),
 * OneSignal. Matched at any depth.
 */
const KNOWN_SERVICE_WORKERS = [
    'sw.js',
    'service-worker.js',
    'serviceworker.js',
    'firebase-messaging-sw.js',
    'mockServiceWorker.js',
    'ngsw-worker.js',
    'safety-worker.js',
    'OneSignalSDKWorker.js',
    'OneSignalSDKUpdaterWorker.js',
];
const known = picomatch_default()(`**/{${KNOWN_SERVICE_WORKERS.join(',')}}`, { dot: true });
const isScript = (name) => /\.m?js$/.test(name);
/**
 * Which files are service workers: a known name, one the `service-workers` input names, or one
 * the built code registers. `registered` holds the URLs found in `navigator.serviceWorker.register`
 * calls, resolved against the site's root (where the registering page lives).
 */
function serviceWorkerNames(names, registered, named) {
    const keys = new Set(registered.flatMap((url) => resolveReference(url, 'index.html', '') ?? []));
    return new Set(names.filter((name) => isScript(name) && (known(name) || named(name) || keys.has(name))));
}
/** Reads the scripts that mention `serviceWorker` and returns every URL they register. */
async function readRegisteredWorkers(files, concurrency) {
    const limit = (0,p_limit/* default */.A)(concurrency);
    const found = await Promise.all(files.filter((file) => isScript(file.name)).map((file) => limit(async () => registeredWorkers(await (0,promises_.readFile)(file.path, 'utf8')))));
    return [...new Set(found.flat())];
}
/** A service worker revalidates on every load unless the user's own rules say otherwise (the defaults' catch-all does not). */
function serviceWorkerCacheControl(rules, name) {
    return rules.find((rule) => !rule.isDefault && rule.matches(name))?.value ?? 'no-cache';
}

;// CONCATENATED MODULE: ./packages/frontend/src/build-pass.ts
// One pass over the build output: each file is read once, for its hash and for what the checks
// need of it. A page's references and the service workers a script registers are found in the
// bytes that were hashed; reading the 7,000 pages and 9,000 scripts of a 20,000-file site again
// (after the bucket's listing, file by file) cost more than the check itself.




/** `contentTypeOf` gives each file's Content-Type, content-type rules included: a page is read for its references by that. */
async function readBuild(listed, concurrency, contentTypeOf = headers/* contentTypeFor */.Zy) {
    const isPageName = (name) => (0,headers/* isPageType */.Eo)(contentTypeOf(name));
    const links = new Map();
    const registered = new Set();
    const visit = (index, bytes) => {
        const { name } = listed[index];
        if (isPageName(name))
            links.set(name, pageReferences(bytes.toString('utf8')));
        // Most bundles never mention it: they are not decoded at all.
        else if (isScript(name) && bytes.includes('serviceWorker'))
            for (const url of registeredWorkers(bytes.toString('utf8')))
                registered.add(url);
    };
    const { sums, sizes } = await hashSums(listed, concurrency, visit);
    // Scripts too large to be read whole were streamed by the hashing: they are read for registrations on their own.
    const large = listed.filter((_, i) => sizes[i] > READ_WHOLE);
    for (const url of await readRegisteredWorkers(large, concurrency))
        registered.add(url);
    return { sums, sizes, links, registered: [...registered] };
}

;// CONCATENATED MODULE: ./packages/frontend/src/browser-cache.ts


// Pages and manifests: fetched by a stable name, naming the release's other files. (Service
// workers are left out: browsers check their script past the HTTP cache, and at least daily.)
const PAGES_AND_MANIFESTS = picomatch_default()(['**/*.{html,htm}', '**/*.webmanifest', '**/{manifest,asset-manifest}.json'], { dot: true });
/** Longer than this, a returning visitor may be shown an old release. */
const LONGEST_KEPT_SECONDS = 3600;
/**
 * How long a browser may use a response without asking again, in seconds, from its
 * Cache-Control: max-age (s-maxage is the CDN's, which an invalidation empties), unlimited with
 * immutable, 0 with no-cache or no-store.
 */
function browserLifetime(cacheControl) {
    const directives = cacheControl.toLowerCase().split(',').map((part) => part.trim());
    if (directives.includes('no-cache') || directives.includes('no-store'))
        return 0;
    if (directives.includes('immutable'))
        return Infinity;
    const maxAge = directives.find((part) => part.startsWith('max-age='));
    return maxAge ? Number(maxAge.slice('max-age='.length)) || 0 : 0;
}
/**
 * Pages and manifests that a rule of the user's lets browsers keep longer than an hour, by the
 * value that does: returning visitors would go on seeing the old release, since an invalidation
 * empties CloudFront's cache and not theirs. The built-in rules give them no-cache.
 */
function longKeptPages(files, rules) {
    const found = new Map();
    // Only a rule of the user's can give a page such a value: without one, no file is looked at.
    const long = new Set(rules.filter((rule) => !rule.isDefault && browserLifetime(rule.value) > LONGEST_KEPT_SECONDS).map((rule) => rule.value));
    if (long.size === 0)
        return found;
    for (const file of files) {
        // A page by its name, or by its type (one without an extension, typed by a content-type rule).
        const page = PAGES_AND_MANIFESTS(file.name) || (0,headers/* isPageType */.Eo)(file.contentType);
        if (!long.has(file.cacheControl) || !page)
            continue;
        if (rules.find((rule) => rule.matches(file.name))?.isDefault)
            continue;
        const names = found.get(file.cacheControl);
        if (names)
            names.push(file.name);
        else
            found.set(file.cacheControl, [file.name]);
    }
    return found;
}

// EXTERNAL MODULE: ./packages/frontend/src/releases.ts
var src_releases = __webpack_require__(9154);
;// CONCATENATED MODULE: ./packages/frontend/src/promote.ts
// Promotion: release R, served in another environment's bucket, taken to this one with no build.
// The decisions here are pure, from what the source's listing, pointer and R's manifest say:
// which release `current` means, whether R ever served there, and where each of its files is
// to be copied from (the source's release store by hash, else its live object, checked).


const siteUrl = (source) => `s3://${source.bucket}/${source.prefix}`;
/** `current` means what serves in the source now. */
function promotedRelease(wanted, source, pointer) {
    if (wanted !== 'current')
        return wanted;
    if (!pointer) {
        throw new errors/* ConfigurationError */.j(`nothing serves in ${siteUrl(source)}: it has no release pointer (${src_releases/* releaseKeys */.QY.pointer(source.releases)}), so 'current' names no release`, 'promote-from');
    }
    return pointer.current;
}
/** Refuses a release the source's pointer never named: staged there, or never there at all. */
function checkServed(release, source, pointer) {
    const history = pointer?.history ?? [];
    if (history.some((entry) => entry.release === release))
        return;
    const recent = [...new Set(history.map((entry) => entry.release))].slice(-10);
    throw new errors/* ConfigurationError */.j(`release '${release}' never served in ${siteUrl(source)}: its release history is ${recent.join(', ') || 'empty'}. Only a release that went live there can be promoted`, 'release-id');
}
/** The live objects whose content only HeadObject can settle: the right size, an ETag R did not record, no stored copy. */
function objectsToHead(manifest, listed, stored) {
    const byName = new Map(listed.map((object) => [object.name, object]));
    return Object.entries(manifest.files)
        .filter(([name, file]) => {
        const object = byName.get(name);
        return !stored.has(file.sha256) && object !== undefined && object.size === file.size && object.etag !== file.etag;
    })
        .map(([name]) => name);
}
/**
 * Where each of R's files is copied from, or the refusal naming the bucket, the release and the
 * first files gone. A stored copy is taken by hash; a live object only when it still holds R's
 * content (the ETag R recorded, or the hash HeadObject read), and then with If-Match.
 */
function decidePromotion(wanted, source, state) {
    const release = promotedRelease(wanted, source, state.pointer);
    checkServed(release, source, state.pointer);
    const { manifest } = state;
    if (!manifest) {
        throw new errors/* ConfigurationError */.j(`release '${release}' cannot be promoted from ${siteUrl(source)}: its manifest (${src_releases/* releaseKeys */.QY.manifest(source.releases, release)}) is gone`, 'promote-from');
    }
    const byName = new Map(state.listed.map((object) => [object.name, object]));
    // Content is what is copied: a file whose own name was overwritten still comes from another name holding the same bytes.
    const copies = new Map();
    for (const [name, file] of Object.entries(manifest.files)) {
        if (copies.has(file.sha256))
            continue;
        if (state.stored.has(file.sha256)) {
            copies.set(file.sha256, { sha256: file.sha256, name, size: file.size, fromKey: src_releases/* releaseKeys */.QY.object(source.releases, file.sha256) });
            continue;
        }
        const object = byName.get(name);
        const same = object !== undefined && object.size === file.size && (object.etag === file.etag || state.heads.get(name) === file.sha256);
        if (object && same)
            copies.set(file.sha256, { sha256: file.sha256, name, size: file.size, fromKey: source.prefix + name, ifMatch: object.etag });
    }
    const missing = Object.entries(manifest.files)
        .filter(([, file]) => !copies.has(file.sha256))
        .map(([name]) => name);
    if (missing.length > 0) {
        const shown = missing.slice(0, 10).join(', ');
        throw new errors/* ConfigurationError */.j(`release '${release}' cannot be promoted from ${siteUrl(source)}: ${missing.length} of its file(s) are gone there, neither live nor in its release store (${shown}${missing.length > 10 ? ', \u2026' : ''}). ` +
            'They were pruned or replaced since it served: deploy that commit to the source again, then promote it', 'promote-from');
    }
    return { release, from: { bucket: source.bucket, prefix: source.prefix, region: source.region, release }, manifest, copies: [...copies.values()] };
}
/**
 * R's manifest as this bucket records it: the source's files and headers, this site's bucket and
 * prefix, where it came from. ETags are left out: they are the source's objects', and this
 * bucket's are learnt when the release goes live.
 */
function promotedManifest(promotion, site) {
    const files = Object.create(null);
    for (const [name, file] of Object.entries(promotion.manifest.files))
        files[name] = { ...file, etag: '' };
    return { ...promotion.manifest, tier: site.tier, bucket: site.bucket, prefix: site.prefix, files, promotedFrom: promotion.from };
}
/**
 * Refuses to overwrite this bucket's own record of R with other content: the same id with other
 * files is another build, and the record must keep saying what this bucket served.
 */
function checkRecorded(promotion, recorded, bucket) {
    if (!recorded)
        return;
    const theirs = promotion.manifest.files;
    const differs = [...new Set([...Object.keys(theirs), ...Object.keys(recorded.files)])].filter((name) => theirs[name]?.sha256 !== recorded.files[name]?.sha256);
    if (differs.length === 0)
        return;
    throw new errors/* ConfigurationError */.j(`release '${promotion.release}' is recorded in s3://${bucket} with other content than in ${siteUrl(promotion.from)} (${differs.slice(0, 5).join(', ')} differ): it was built twice; promote another release id or remove this bucket's record of it`, 'release-id');
}
/** The pointer's new entry for a promoted release says where it came from, as its manifest does. */
function recordPromotion(pointer, publishedAt, from) {
    const last = pointer.history[pointer.history.length - 1];
    if (!from || !last || last.release !== pointer.current || last.publishedAt !== publishedAt)
        return pointer;
    return { ...pointer, history: [...pointer.history.slice(0, -1), { ...last, promotedFrom: from }] };
}

// EXTERNAL MODULE: ./node_modules/@streamparser/json/dist/mjs/index.js + 7 modules
var mjs = __webpack_require__(5497);
;// CONCATENATED MODULE: ./packages/frontend/src/manifest-read.ts
// Release manifests parsed as their bytes arrive. A 100,000-file release's manifest is about
// 32 MB of JSON: held whole (the bytes, the text decoded from them) beside the parsed record, it
// took the planner to the 256 MB line. The format is the one every earlier release wrote.


/**
 * Entries shared by the manifests of one read: kept releases list mostly the same files with
 * the same content, so a file is held once however many of them name it, and each of the few
 * Content-Type and Cache-Control values once for every file.
 */
class SharedEntries {
    byName = new Map();
    headers = new Map();
    share(name, file) {
        const known = this.byName.get(name);
        if (known && sameEntry(known, file))
            return known;
        // One object of this exact shape: the parser's, built key by key, keeps some fields outside
        // the object, 16 bytes more a file.
        const { sha256, md5, size, etag, entry } = file;
        const held = { sha256, md5, size, contentType: this.header(file.contentType), cacheControl: this.header(file.cacheControl), etag, entry };
        this.byName.set(name, held);
        return held;
    }
    header(value) {
        const held = this.headers.get(value);
        if (held !== undefined)
            return held;
        this.headers.set(value, value);
        return value;
    }
}
function sameEntry(a, b) {
    return (a.sha256 === b.sha256 && a.etag === b.etag && a.size === b.size && a.md5 === b.md5 && a.contentType === b.contentType && a.cacheControl === b.cacheControl && a.entry === b.entry);
}
/** What is in the object is not a release manifest (as opposed to a read that failed). */
class NotAManifest extends Error {
}
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/**
 * A manifest's top-level values and files, checked as they are handed over (by the streaming
 * parser as each is complete, or from JSON.parse's result): one set of checks for both reads.
 */
class ManifestBuilder {
    shared;
    // Null prototype: a file named `__proto__` is a file like any other.
    files = Object.create(null);
    head = Object.create(null);
    problem;
    constructor(shared) {
        this.shared = shared;
    }
    /** A top-level value; `files` comes after its own files were handed to file(). */
    top(key, value) {
        if (key !== 'files')
            this.head[key] = value;
        else
            this.head.files = isObject(value) ? this.files : value;
    }
    file(name, value) {
        if (!isObject(value) || typeof value.sha256 !== 'string' || typeof value.etag !== 'string' || typeof value.size !== 'number') {
            this.problem ??= `file '${name}' is not recorded with a sha256, an etag and a size`;
            return;
        }
        this.files[name] = this.shared.share(name, value);
    }
    manifest() {
        if (this.head.schema !== src_releases/* RELEASE_SCHEMA */.io || !isObject(this.head.files))
            throw new NotAManifest(`not a ${src_releases/* RELEASE_SCHEMA */.io} record`);
        if (this.problem)
            throw new NotAManifest(this.problem);
        // Key order as written: `files` comes back to its place among the others.
        return { ...this.head };
    }
}
/**
 * One manifest, parsed from chunks of its text or bytes in any split: each file is taken as it
 * is complete and nothing else of the text is kept. `end()` checks it is a release manifest.
 */
class ManifestParser {
    parser = new mjs/* JSONParser */.oj({ paths: ['$.*', '$.files.*'], keepStack: false });
    built;
    constructor(shared = new SharedEntries()) {
        this.built = new ManifestBuilder(shared);
        this.parser.onValue = ({ value, key, parent, stack }) => {
            if (typeof key !== 'string')
                return;
            if (stack.length === 2) {
                this.built.file(key, value);
                // keepStack: false drops nothing under a value that is itself emitted (`files`, by
                // `$.*`): the parser would hold every file twice until the end of the manifest.
                delete parent[key];
            }
            else if (stack.length === 1)
                this.built.top(key, value);
        };
    }
    write(chunk) {
        try {
            this.parser.write(chunk);
        }
        catch (error) {
            throw new NotAManifest(error.message, { cause: error });
        }
    }
    end() {
        try {
            if (!this.parser.isEnded)
                this.parser.end();
        }
        catch (error) {
            throw new NotAManifest(error.message, { cause: error });
        }
        return this.built.manifest();
    }
}
/**
 * A release manifest from its whole text, by JSON.parse: about three times the streaming
 * parser's speed (a 20,000-file manifest, 6.9 MiB: 95 ms against 250-390), for a text that is
 * held whole anyway.
 */
function parseManifest(text, shared = new SharedEntries()) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        throw new NotAManifest(error.message, { cause: error });
    }
    const built = new ManifestBuilder(shared);
    if (isObject(parsed)) {
        for (const key of Object.keys(parsed)) {
            const value = parsed[key];
            if (key === 'files' && isObject(value))
                for (const name of Object.keys(value))
                    built.file(name, value[name]);
            built.top(key, value);
        }
    }
    return built.manifest();
}
/** A release manifest from its bytes as they arrive (an object's body), never holding them whole. */
async function parseManifestStream(chunks, shared) {
    const parser = new ManifestParser(shared);
    for await (const chunk of chunks)
        parser.write(chunk);
    return parser.end();
}

;// CONCATENATED MODULE: ./packages/frontend/src/promote-copy.ts






function parsed(text, key, parse, what) {
    if (text === undefined)
        return undefined;
    try {
        return parse(text);
    }
    catch (error) {
        throw new Error(`${key} is not a ${what} this action wrote (${error.message})`, { cause: error });
    }
}
/**
 * Reads the source (its listing, its release store, its pointer, R's manifest, and HeadObject on
 * live files whose ETag R did not record) and decides where each file of R comes from, or
 * refuses. Nothing is written anywhere.
 */
async function readPromotion(s3, source, wanted, concurrency) {
    const reserved = (key) => key.startsWith(source.releases.prefix);
    const pointerKey = src_releases/* releaseKeys */.QY.pointer(source.releases);
    const [listed, storedObjects, pointerText] = await Promise.all([
        listObjects(s3, source.bucket, source.prefix, 'promote-from', reserved),
        listObjects(s3, source.bucket, src_releases/* releaseKeys */.QY.objectsPrefix(source.releases), 'promote-from'),
        readText(s3, source.bucket, pointerKey),
    ]);
    const pointer = parsed(pointerText, pointerKey, src_releases/* parsePointer */.vp, 'release pointer');
    const stored = new Set(storedObjects.map((object) => object.name));
    const release = promotedRelease(wanted, source, pointer);
    const manifestKey = src_releases/* releaseKeys */.QY.manifest(source.releases, release);
    const manifest = parsed(await readText(s3, source.bucket, manifestKey), manifestKey, parseManifest, 'release manifest');
    const heads = new Map();
    if (manifest) {
        const limit = (0,p_limit/* default */.A)(concurrency);
        await Promise.all(objectsToHead(manifest, listed, stored).map((name) => limit(async () => heads.set(name, (await headObject(s3, source.bucket, source.prefix + name)).sha256))));
    }
    return decidePromotion(release, source, { pointer, listed, stored, manifest, heads });
}
/**
 * Copies what this bucket's release store lacks of R, server-side (cross-bucket, cross-region:
 * the request goes to this bucket's region), then writes R's manifest: a manifest here always
 * means every byte of R is here. Run under the deploy lock.
 */
async function stagePromotion(s3, site, promotion, options) {
    const started = options.now();
    const { releases } = site;
    const input = releases.bucket === site.bucket ? 'bucket' : 'releases-bucket';
    const manifestKey = src_releases/* releaseKeys */.QY.manifest(releases, promotion.release);
    const [storedObjects, recordedText] = await Promise.all([listObjects(s3, releases.bucket, src_releases/* releaseKeys */.QY.objectsPrefix(releases), input), readText(s3, releases.bucket, manifestKey)]);
    checkRecorded(promotion, parsed(recordedText, manifestKey, parseManifest, 'release manifest'), releases.bucket);
    const stored = new Set(storedObjects.map((object) => object.name));
    const copies = promotion.copies.filter((copy) => !stored.has(copy.sha256));
    const bytes = copies.reduce((sum, copy) => sum + copy.size, 0);
    options.log.info(`Promote release ${promotion.release} from ${siteUrl(promotion.from)} (${promotion.from.region}): ${copies.length} object(s) to copy server-side (${formatBytes(bytes)}), ${promotion.copies.length - copies.length} already in this bucket's release store`);
    const held = options.assertHeld ?? (async () => undefined);
    if (copies.length > 0)
        await held(`copying ${copies.length} object(s) of release ${promotion.release}`);
    const limit = (0,p_limit/* default */.A)(options.concurrency);
    await Promise.all(copies.map((copy) => limit(async () => {
        options.signal?.throwIfAborted();
        const target = { fromBucket: promotion.from.bucket, fromKey: copy.fromKey, toBucket: releases.bucket, toKey: src_releases/* releaseKeys */.QY.object(releases, copy.sha256) };
        const headers = { contentType: 'application/octet-stream', cacheControl: 'no-store', sha256: copy.sha256 };
        try {
            await copyObject(s3, { ...target, headers, ifMatch: copy.ifMatch }, options.signal);
        }
        catch (error) {
            if (!(0,aws_errors/* isNamed */.ev)(error, 'PreconditionFailed') && !(0,aws_errors/* hasStatus */.Ro)(error, 412))
                throw error;
            throw new errors/* ConfigurationError */.j(`s3://${promotion.from.bucket}/${copy.fromKey} changed while release ${promotion.release} was being promoted (a deploy to the source?): run the promotion again; nothing here went live`, 'promote-from');
        }
    })));
    await held('writing the release record');
    await putRecord(s3, releases.bucket, manifestKey, (0,src_releases/* manifestText */.$2)(promotedManifest(promotion, site)));
    const ms = options.now() - started;
    options.log.info(`Copied ${copies.length} object(s) of release ${promotion.release} into s3://${releases.bucket}/${src_releases/* releaseKeys */.QY.objectsPrefix(releases)} in ${formatDuration(ms)} and wrote ${manifestKey}`);
    return { manifestKey, copied: copies.length, present: promotion.copies.length - copies.length, bytes, ms };
}

;// CONCATENATED MODULE: ./packages/frontend/src/plan.ts

/** The path of a file on the runner's disk; undefined when its bytes are in S3 (or nowhere). */
function localPath(file) {
    if (file.source.kind === 'build')
        return (0,external_node_path_.join)(file.source.dir, file.name);
    return file.source.kind === 'file' ? file.source.path : undefined;
}
/** Files by name, built in place: no [name, file] pair per file to collect at 100,000 files. */
function plan_byName(files) {
    const named = new Map();
    for (const file of files)
        named.set(file.name, file);
    return named;
}
const several = (held) => Array.isArray(held);
/** The entry recorded under `name` that passes `test`, if any. */
function findRecorded(recorded, name, test) {
    const held = recorded.get(name);
    if (held === undefined)
        return undefined;
    if (several(held))
        return held.find(test);
    return test(held) ? held : undefined;
}
/** Every entry kept releases recorded, once per name, content and headers. */
function* recordedEntries(recorded) {
    for (const held of recorded.values()) {
        if (several(held))
            yield* held;
        else
            yield held;
    }
}
/** Whether two entries say the same of an object: its content and the headers it was given. */
function sameDescription(a, b) {
    return a.sha256 === b.sha256 && a.contentType === b.contentType && a.cacheControl === b.cacheControl;
}
/** Adds what a kept release recorded under `name`, unless an entry of the same content and headers is there. */
function addRecorded(recorded, name, file) {
    const held = recorded.get(name);
    const same = (entry) => entry === file || (entry.etag === file.etag && sameDescription(entry, file));
    if (held === undefined)
        recorded.set(name, file);
    else if (!several(held)) {
        if (!same(held))
            recorded.set(name, [held, file]);
    }
    else if (!held.some(same))
        recorded.set(name, [...held, file]);
}
/** A single-part upload's ETag is the MD5 of the content; multipart and SSE-KMS ones are not. */
function plainMd5(etag) {
    const bare = etag.replace(/^"|"$/g, '');
    return /^[0-9a-f]{32}$/.test(bare) ? bare : undefined;
}
/**
 * What the records say of a listed object: the entry whose ETag and size match, when every such
 * entry says the same of its content and headers. A header update keeps the ETag, so entries of
 * two releases can match one object and disagree on its headers (a rule changed and changed back,
 * or a run recorded an update it did not live to make): which is live only a HeadObject can say.
 */
function recordFor(object, recorded) {
    const matches = (file) => file.etag === object.etag && file.size === object.size;
    const held = recorded.get(object.name);
    if (held === undefined || !several(held))
        return held && matches(held) ? held : undefined;
    let found;
    for (const file of held.filter(matches)) {
        if (found && !sameDescription(found, file))
            return undefined;
        found ??= file;
    }
    return found;
}
/**
 * Whether the records leave something of the bucket unaccounted for: a listed object no entry
 * records with its ETag and size, or a stored copy that neither the files nor an entry names.
 * Only then can an older kept release's record change what is kept, preserved or pruned;
 * otherwise the newer records decide alone, as every older one would. (An older record that
 * disagreed with them on an object's headers would only send it to a HeadObject: the newer
 * records, written since, say what the runs after it made live.)
 */
function unaccounted(listed, files, recorded, stored) {
    const object = listed.find((candidate) => !findRecorded(recorded, candidate.name, (file) => file.etag === candidate.etag && file.size === candidate.size));
    if (object)
        return object.name;
    const copy = storeNoLongerNeeded({ stored, files, recorded })[0];
    return copy === undefined ? undefined : `a stored copy (${copy})`;
}
/**
 * The local files whose MD5 would settle, without a HeadObject, whether a live object no record
 * describes holds the same content: same size and a plain-MD5 ETag.
 */
function md5Wanted(listed, local, recorded) {
    return listed
        .filter((object) => {
        const wanted = local.get(object.name);
        return wanted && wanted.md5 === undefined && wanted.size === object.size && plainMd5(object.etag) !== undefined && !recordFor(object, recorded);
    })
        .map((object) => object.name);
}
/**
 * Fills in hashes and headers from the release records where the listing's ETag and size match
 * what a release recorded, and names the objects that still need a HeadObject: only those with a
 * local counterpart whose content may be the same (a plain-MD5 ETag that differs from the local
 * MD5 already proves a change).
 */
function describeFromRecords(listed, local, recorded) {
    const toHead = [];
    const objects = listed.map((object) => {
        const match = recordFor(object, recorded);
        const wanted = local.get(object.name);
        // The name and ETag strings of the local file and the record (equal to the listing's), so
        // that the listing's own can go once it is described: three fewer strings per object.
        if (match)
            return { name: wanted?.name ?? object.name, size: object.size, etag: match.etag, sha256: match.sha256, contentType: match.contentType, cacheControl: match.cacheControl, described: true };
        if (wanted) {
            const md5 = plainMd5(object.etag);
            const mayBeSame = object.size === wanted.size && (md5 === undefined || wanted.md5 === undefined || md5 === wanted.md5);
            if (mayBeSame)
                toHead.push(object.name);
        }
        return object;
    });
    return { objects, toHead };
}
function sameContent(file, object) {
    if (object.size !== file.size)
        return false;
    if (object.sha256)
        return object.sha256 === file.sha256;
    return file.md5 !== undefined && plainMd5(object.etag) === file.md5;
}
function headerDifference(file, object) {
    const differ = [];
    if (object.contentType !== file.contentType)
        differ.push('content-type');
    if (object.cacheControl !== file.cacheControl)
        differ.push('cache-control');
    if (object.sha256 !== file.sha256)
        differ.push('hash record');
    return differ.length > 0 ? differ.join(', ') : undefined;
}
/** Decides, by content and headers only, what each file and each live object needs. */
function planSync(input) {
    const plan = { preserve: [], uploads: [], updates: [], unchanged: [], deletes: [], retained: [], foreign: [], storeDeletes: [], missing: [] };
    // Objects no file claims are what remain in this map once every file has taken its own: no
    // second set of every name, no pair array per object, at 100,000 files.
    const remote = new Map();
    for (const object of input.remote)
        remote.set(object.name, object);
    const preserving = new Set();
    for (const file of input.files) {
        const object = remote.get(file.name);
        remote.delete(file.name);
        if (object && sameContent(file, object)) {
            const reason = headerDifference(file, object);
            if (reason)
                plan.updates.push({ file, reason, etag: object.etag });
            else
                plan.unchanged.push({ file, etag: object.etag });
            continue;
        }
        if (file.source.kind === 'none') {
            plan.missing.push(file.name);
            continue;
        }
        plan.uploads.push(object ? { file, reason: 'changed', replaces: object.etag } : { file, reason: 'new' });
        const old = object?.sha256;
        if (object && old && !input.stored.has(old) && !preserving.has(old) && findRecorded(input.recorded, file.name, (entry) => entry.sha256 === old)) {
            preserving.add(old);
            plan.preserve.push({ name: file.name, sha256: old, etag: object.etag });
        }
    }
    for (const object of remote.values()) {
        if (!input.owned.has(object.name)) {
            plan.foreign.push(object.name);
            continue;
        }
        // A name some kept release references stays; the others belong only to releases past the window.
        if (input.prune && !input.recorded.has(object.name))
            plan.deletes.push({ name: object.name, etag: object.etag, size: object.size });
        else
            plan.retained.push(object.name);
    }
    if (input.prune)
        plan.storeDeletes = storeNoLongerNeeded(input);
    return plan;
}
/**
 * Stored copies exist so that a kept release can come back (or a staged one go live): a hash
 * that neither a kept release nor the files being published name has no use left.
 */
function storeNoLongerNeeded(input) {
    // The store holds the few replaced files and staged entry points, the site may hold 100,000:
    // the hashes still needed are struck from a copy of the store, not gathered into a set.
    const unneeded = new Set(input.stored);
    if (unneeded.size === 0)
        return [];
    for (const file of input.files)
        unneeded.delete(file.sha256);
    for (const entry of recordedEntries(input.recorded))
        unneeded.delete(entry.sha256);
    return [...unneeded].sort();
}
/**
 * The order that never breaks a page: every asset first, then entry points, the root
 * index.html alone at the very end, so no page ever names a file that is not there yet.
 */
function uploadPhases(plan) {
    const all = [...plan.uploads, ...plan.updates];
    const isRoot = (item) => item.file.name === 'index.html';
    return {
        // Largest first keeps every connection busy to the end.
        assets: all.filter((item) => !item.file.entry).sort((a, b) => b.file.size - a.file.size),
        entries: all.filter((item) => item.file.entry && !isRoot(item)),
        root: all.filter(isRoot),
    };
}
/** S3 keys are at most 1,024 bytes of UTF-8. */
function tooLongKeys(prefix, names) {
    return names.filter((name) => Buffer.byteLength(prefix + name, 'utf8') > 1024);
}

;// CONCATENATED MODULE: ./packages/frontend/src/apply.ts





function headersOf(file) {
    return { contentType: file.contentType, cacheControl: file.cacheControl, sha256: file.sha256 };
}
/** Logs each time another tenth of a phase's bytes (or objects, when they are empty) is done. */
function progressReporter(log, label, total) {
    let bytes = 0;
    let count = 0;
    let reported = 0;
    return (done) => {
        bytes += done;
        count += 1;
        const share = total.bytes > 0 ? bytes / total.bytes : count / total.count;
        const tenth = Math.floor(share * 10 + 1e-9);
        if (tenth > reported) {
            reported = tenth;
            log.info(`${label}: ${Math.min(100, tenth * 10)}% (${count}/${total.count} objects, ${formatBytes(bytes)} of ${formatBytes(total.bytes)})`);
        }
    };
}
/** A long single upload reports its own tenths, so a big file never looks stuck. */
function fileProgress(log, name, size) {
    let reported = 0;
    return (loaded) => {
        const tenth = Math.floor((loaded / size) * 10);
        if (tenth > reported) {
            reported = tenth;
            log.info(`  ${name}: ${tenth * 10}% of ${formatBytes(size)}`);
        }
    };
}
async function writeOne(options, item) {
    const { s3, site, signal } = options;
    const key = site.prefix + item.file.name;
    const headers = headersOf(item.file);
    if ('etag' in item) {
        return copyObject(s3, { fromBucket: site.bucket, fromKey: key, toBucket: site.bucket, toKey: key, headers, ifMatch: item.etag }, signal);
    }
    const source = item.file.source;
    if (source.kind === 'stored') {
        return copyObject(s3, { fromBucket: site.releases.bucket, fromKey: source.key, toBucket: site.bucket, toKey: key, headers }, signal);
    }
    const path = localPath(item.file);
    if (path === undefined)
        throw new Error(`no source for ${item.file.name}`);
    const progress = item.file.size > MULTIPART_THRESHOLD ? fileProgress(options.log, item.file.name, item.file.size) : undefined;
    return uploadFile(s3, { bucket: site.bucket, key, path, size: item.file.size, headers }, progress, signal);
}
async function runPhase(options, applied, phase, items) {
    if (items.length === 0)
        return;
    const now = options.now ?? Date.now;
    const started = now();
    const limit = (0,p_limit/* default */.A)(options.concurrency);
    const bytes = items.reduce((sum, item) => sum + ('etag' in item ? 0 : item.file.size), 0);
    const progress = progressReporter(options.log, phase, { bytes, count: items.length });
    await Promise.all(items.map((item) => limit(async () => {
        options.signal?.throwIfAborted();
        const t0 = now();
        const etag = await writeOne(options, item);
        const sent = 'etag' in item ? 0 : item.file.size;
        applied.etags.set(item.file.name, etag);
        applied.timings.push({ name: item.file.name, what: 'etag' in item ? `headers (${item.reason})` : `upload (${item.reason})`, ms: now() - t0, bytes: sent });
        progress(sent);
    })));
    applied.phases.push({ phase, ms: now() - started, count: items.length });
}
/** Copies live objects that a kept release still needs into the release store, before they are overwritten. */
async function preserve(options, applied, plan) {
    if (plan.preserve.length === 0)
        return;
    const { s3, site, signal } = options;
    const now = options.now ?? Date.now;
    const started = now();
    const limit = (0,p_limit/* default */.A)(options.concurrency);
    await Promise.all(plan.preserve.map((item) => limit(() => copyObject(s3, {
        fromBucket: site.bucket,
        fromKey: site.prefix + item.name,
        toBucket: site.releases.bucket,
        toKey: src_releases/* releaseKeys */.QY.object(site.releases, item.sha256),
        headers: { contentType: 'application/octet-stream', cacheControl: 'no-store', sha256: item.sha256 },
        ifMatch: item.etag,
    }, signal))));
    applied.phases.push({ phase: 'keep replaced files in the release store', ms: now() - started, count: plan.preserve.length });
}
/**
 * Carries out a plan in the order that never breaks a page: replaced files into the store,
 * assets, then `beforeEntries` (the release manifest), entry points, the root index.html, then
 * `beforeDeletes` (the pointer), and deletions last: the site's, then the release store's.
 */
async function applyPlan(plan, options, hooks) {
    const applied = { etags: new Map(), timings: [], phases: [] };
    const phases = uploadPhases(plan);
    await preserve(options, applied, plan);
    await runPhase(options, applied, 'assets', phases.assets);
    await hooks.beforeEntries(applied);
    await runPhase(options, applied, 'entry points', phases.entries);
    await runPhase(options, applied, 'index.html', phases.root);
    await hooks.beforeDeletes(applied);
    if (plan.deletes.length > 0) {
        const now = options.now ?? Date.now;
        const started = now();
        await deleteObjects(options.s3, options.site.bucket, plan.deletes.map((item) => options.site.prefix + item.name), options.signal);
        applied.phases.push({ phase: 'delete', ms: now() - started, count: plan.deletes.length });
    }
    if (plan.storeDeletes.length > 0) {
        const now = options.now ?? Date.now;
        const started = now();
        const { releases } = options.site;
        await deleteObjects(options.s3, releases.bucket, plan.storeDeletes.map((hash) => src_releases/* releaseKeys */.QY.object(releases, hash)), options.signal);
        applied.phases.push({ phase: 'prune the release store', ms: now() - started, count: plan.storeDeletes.length });
    }
    return applied;
}
/**
 * `publish: assets`: new assets in place, staged files into the release store (by hash, so the
 * publishing run copies them server-side), then the release manifest. No entry point, no
 * pointer, no deletion: the live release is served exactly as before.
 */
async function applyStaged(plan, toStore, options, record) {
    const applied = { etags: new Map(), timings: [], phases: [] };
    await runPhase(options, applied, 'assets', uploadPhases(plan).assets);
    await storeFiles(options, applied, toStore);
    await record(applied);
    return applied;
}
async function storeFiles(options, applied, files) {
    if (files.length === 0)
        return;
    const { s3, site, signal } = options;
    const now = options.now ?? Date.now;
    const started = now();
    const limit = (0,p_limit/* default */.A)(options.concurrency);
    await Promise.all(files.map((file) => limit(async () => {
        signal?.throwIfAborted();
        const path = localPath(file);
        if (path === undefined)
            throw new Error(`no source for ${file.name}`);
        const headers = { contentType: 'application/octet-stream', cacheControl: 'no-store', sha256: file.sha256 };
        const t0 = now();
        await uploadFile(s3, { bucket: site.releases.bucket, key: src_releases/* releaseKeys */.QY.object(site.releases, file.sha256), path, size: file.size, headers }, undefined, signal);
        applied.timings.push({ name: file.name, what: 'stage', ms: now() - t0, bytes: file.size });
    })));
    applied.phases.push({ phase: 'stage entry points and replaced files in the release store', ms: now() - started, count: files.length });
}

;// CONCATENATED MODULE: ./packages/frontend/src/record.ts
/**
 * Whether a deploy must write its manifest before its first upload. The site owns only what a
 * manifest lists, so a file going up under a name no kept release recorded must be named first:
 * the uploads of a run killed half-way are then pruned with its window, never left as foreign.
 * A file that replaces a name a kept release recorded is covered by that release's manifest, and
 * the manifest written before the pointer moves is then the run's only one: a redeploy that
 * changes existing files writes its record once.
 */
function recordBeforeUploads(plan, recorded, toStore = []) {
    return toStore.length > 0 || plan.uploads.some((upload) => !recorded.has(upload.file.name));
}

;// CONCATENATED MODULE: ./packages/frontend/src/state.ts





/** Every object of the site, the release record left out: a page per 1,000 objects, the longest read of a redeploy. */
function listSite(s3, site) {
    const reserved = (key) => site.releases.bucket === site.bucket && key.startsWith(site.releases.prefix);
    return listObjects(s3, site.bucket, site.prefix, 'bucket', reserved);
}
/** The pointer, the manifests' listing and the release store's. */
async function readReleaseRecord(s3, site) {
    const releasesInput = site.releases.bucket === site.bucket ? 'bucket' : 'releases-bucket';
    const manifestsPrefix = src_releases/* releaseKeys */.QY.manifestsPrefix(site.releases);
    const [manifestObjects, storedObjects, pointerText] = await Promise.all([
        listWritten(s3, site.releases.bucket, manifestsPrefix, releasesInput),
        listObjects(s3, site.releases.bucket, src_releases/* releaseKeys */.QY.objectsPrefix(site.releases), releasesInput),
        readText(s3, site.releases.bucket, src_releases/* releaseKeys */.QY.pointer(site.releases)),
    ]);
    const manifests = manifestObjects
        .filter((object) => object.name.endsWith('.json'))
        .map((object) => ({ release: object.name.slice(0, -'.json'.length), writtenAt: object.lastModified }));
    let pointer;
    if (pointerText !== undefined) {
        try {
            pointer = (0,src_releases/* parsePointer */.vp)(pointerText);
        }
        catch (error) {
            throw new Error(`${src_releases/* releaseKeys */.QY.pointer(site.releases)} is not a release pointer this action wrote (${error.message}): move it away or fix it`, { cause: error });
        }
    }
    return { pointer, manifests, stored: new Set(storedObjects.map((object) => object.name)) };
}
/**
 * Past this size a manifest is parsed as its bytes arrive (never its whole text); up to it, read
 * whole and parsed by JSON.parse (about three times faster), one at a time, so at most this much
 * text is held beside the records. 8 MiB is a release of about 24,000 files.
 */
const WHOLE_MANIFEST_BYTES = 8 * 1024 * 1024;
/**
 * Reads manifests from their bodies, the files they have in common held once: whole (one at a
 * time) up to WHOLE_MANIFEST_BYTES, past it (or of no known size) as the bytes arrive.
 */
function manifestReader(shared = new SharedEntries()) {
    const whole = (0,p_limit/* default */.A)(1);
    return async ({ chunks, size }) => {
        if (size === undefined || size > WHOLE_MANIFEST_BYTES)
            return parseManifestStream(chunks, shared);
        return whole(async () => {
            const parts = [];
            for await (const chunk of chunks)
                parts.push(chunk);
            return parseManifest(Buffer.concat(parts).toString('utf8'), shared);
        });
    };
}
/** The manifests of the given releases, the files they have in common held once. */
async function readManifests(s3, site, releases, concurrency, shared = new SharedEntries()) {
    const limit = (0,p_limit/* default */.A)(concurrency);
    const found = new Map();
    const parse = manifestReader(shared);
    await Promise.all(releases.map((release) => limit(async () => {
        const key = src_releases/* releaseKeys */.QY.manifest(site.releases, release);
        const body = await readChunks(s3, site.releases.bucket, key);
        if (body === undefined)
            return;
        try {
            found.set(release, await parse(body));
        }
        catch (error) {
            // A read that broke off is the read's error; only what was read can be no manifest.
            if (!(error instanceof NotAManifest))
                throw error;
            throw new Error(`${key} is not a release manifest this action wrote (${error.message})`, { cause: error });
        }
    })));
    return found;
}
/** Every (name, etag) pair the given releases recorded. */
function recordedFiles(manifests) {
    const recorded = new Map();
    for (const manifest of manifests) {
        // for...in: Object.entries would build a [name, file] pair per file of each manifest.
        for (const name in manifest.files)
            addRecorded(recorded, name, manifest.files[name]);
    }
    return recorded;
}
/** Completes the listing: from the records where they match, with HeadObject only for the rest. */
async function describeRemote(s3, site, listed, files, recorded, concurrency) {
    const { objects, toHead } = describeFromRecords(listed, files, recorded);
    const wanted = new Set(toHead);
    const limit = (0,p_limit/* default */.A)(concurrency);
    // Only the objects to head become promises: Promise.all over every object wrapped each of
    // 100,000 in a promise of its own, and built a second array of them all.
    const heads = [];
    objects.forEach((object, at) => {
        if (!wanted.has(object.name))
            return;
        heads.push(limit(async () => {
            const head = await headObject(s3, site.bucket, site.prefix + object.name);
            objects[at] = { ...object, sha256: head.sha256, contentType: head.contentType, cacheControl: head.cacheControl, described: true };
        }));
    });
    await Promise.all(heads);
    return { remote: objects, heads: toHead.length };
}

// EXTERNAL MODULE: ./node_modules/mime-types/index.js
var mime_types = __webpack_require__(4096);
;// CONCATENATED MODULE: ./packages/frontend/src/check.ts
// Before a release's entry points go live: does every file its pages load exist, with a
// Content-Type the browser accepts for what it is loaded as? Pure: the texts and what the bucket
// will hold come in, the problems go out.




function resolved(from, written, prefix, base) {
    const found = [];
    const against = written.length > 0 ? referenceBase(from, base) : undefined;
    if (!against)
        return found;
    for (const reference of written) {
        const candidates = resolveAgainst(reference.raw, against, prefix);
        if (candidates)
            found.push({ ...reference, from, candidates });
    }
    return found;
}
/** Every reference the pages make, resolved (a page's text is read only when it was not parsed when hashed). */
function pageLinks(documents, prefix) {
    const references = [];
    for (const page of documents.pages) {
        const text = documents.texts.get(page);
        const links = documents.parsed?.get(page) ?? (text === undefined ? undefined : pageReferences(text));
        if (links)
            references.push(...resolved(page, links.references, prefix, links.base));
    }
    return references;
}
/** The web manifests the pages link to. */
function linkedManifests(fromPages) {
    return [...new Set(fromPages.filter((reference) => reference.kind === 'manifest').flatMap((reference) => reference.candidates))];
}
/**
 * Every reference the pages, the web manifests they link to and the service workers' precache
 * manifests make. Web manifests are followed one level, from the pages that link them. The pages'
 * references may be given, resolved already (by pageLinks, to learn which manifests to read).
 */
function collectReferences(documents, prefix, fromPages = pageLinks(documents, prefix)) {
    const references = [...fromPages];
    const unreadable = [];
    const manifests = linkedManifests(fromPages);
    for (const manifest of manifests) {
        const text = documents.texts.get(manifest);
        if (text === undefined)
            continue;
        try {
            references.push(...resolved(manifest, manifestReferences(text), prefix));
        }
        catch (error) {
            unreadable.push({ from: manifest, problem: `is linked as the web manifest but is not JSON (${error.message})` });
        }
    }
    for (const worker of documents.workers) {
        const text = documents.texts.get(worker);
        if (text !== undefined)
            references.push(...resolved(worker, precacheReferences(text), prefix));
    }
    return { references, unreadable, manifests };
}
/** The Content-Types a browser loads each kind as; `any` takes what the name's extension implies. */
const JAVASCRIPT = new Set([
    'text/javascript',
    'application/javascript',
    'application/ecmascript',
    'application/x-ecmascript',
    'application/x-javascript',
    'text/ecmascript',
    'text/jscript',
    'text/x-ecmascript',
    'text/x-javascript',
]);
function kindByName(name) {
    const type = mime_types.lookup(name.slice(name.lastIndexOf('/') + 1));
    if (!type)
        return 'any';
    if (JAVASCRIPT.has(type))
        return 'script';
    if (type === 'text/css')
        return 'style';
    if (type === 'text/html')
        return 'document';
    if (type.startsWith('image/'))
        return 'image';
    return 'any';
}
/** Whether a Content-Type suits what the reference loads; undefined when it does, else what is expected. */
function contentTypeProblem(kind, name, contentType) {
    const essence = (0,headers/* mediaType */.JL)(contentType);
    const wanted = kind === 'any' ? kindByName(name) : kind;
    if (wanted === 'script')
        return JAVASCRIPT.has(essence) ? undefined : 'a JavaScript type (text/javascript)';
    if (wanted === 'style')
        return essence === 'text/css' ? undefined : 'text/css';
    if (wanted === 'document')
        return essence === 'text/html' ? undefined : 'text/html';
    if (wanted === 'image')
        return essence.startsWith('image/') ? undefined : 'an image type';
    if (wanted === 'manifest')
        return essence === 'application/manifest+json' || essence === 'application/json' ? undefined : 'application/manifest+json';
    return undefined;
}
/**
 * Checks each reference against what the bucket will hold once the release is in place: its own
 * files and the objects that stay, each with its Content-Type (undefined when unknown, which only
 * its existence is checked against).
 */
function checkReferences(references, available) {
    const problems = [];
    const seen = new Set();
    for (const reference of references) {
        const id = `${reference.from}\n${reference.raw}\n${reference.kind}`;
        if (seen.has(id))
            continue;
        seen.add(id);
        const name = reference.candidates.find((candidate) => available.has(candidate));
        if (name === undefined) {
            problems.push({ ...reference, problem: `${reference.candidates[0]} is neither in this release nor in the bucket` });
            continue;
        }
        const contentType = available.get(name);
        const wanted = contentType === undefined ? undefined : contentTypeProblem(reference.kind, name, contentType);
        if (wanted)
            problems.push({ ...reference, problem: `${name} is served as ${contentType}, not ${wanted}: the browser refuses it` });
    }
    return problems;
}
const SHOWN = 10;
/** The refusal, naming each page, the reference and what is wrong; undefined when there is nothing to refuse. */
function referenceRefusal(problems, unreadable, input) {
    const lines = [
        ...unreadable.map((item) => `${item.from} ${item.problem}`),
        ...problems.map((item) => `${item.from} loads '${item.raw}' (${item.kind === 'any' ? 'a file' : `as ${item.kind === 'image' ? 'an image' : `a ${item.kind}`}`}): ${item.problem}`),
    ];
    if (lines.length === 0)
        return undefined;
    const more = lines.length > SHOWN ? `; and ${lines.length - SHOWN} more` : '';
    return new errors/* ConfigurationError */.j(`the release's pages would load ${lines.length} missing or mistyped file(s), so nothing was published (the live release keeps serving): ${lines.slice(0, SHOWN).join('; ')}${more}`, input);
}

;// CONCATENATED MODULE: ./packages/frontend/src/stage.ts
function stageAssets(plan, stored) {
    const inPlace = (upload) => upload.reason === 'new' && !upload.file.entry;
    const staged = [...plan.uploads.filter((upload) => !inPlace(upload)), ...plan.updates];
    const toStore = new Map();
    for (const upload of plan.uploads) {
        if (!inPlace(upload) && !stored.has(upload.file.sha256) && !toStore.has(upload.file.sha256))
            toStore.set(upload.file.sha256, upload.file);
    }
    const now = { ...plan, preserve: [], uploads: plan.uploads.filter(inPlace), updates: [], deletes: [], storeDeletes: [], retained: [...plan.retained, ...plan.deletes.map((item) => item.name)] };
    return { now, staged, toStore: [...toStore.values()] };
}
/** A name that carries its content's hash is never served with other content: no cache can hold it stale. */
function immutableByName(file) {
    return /(^|[\s,])immutable($|[\s,])/i.test(file.cacheControl);
}
function differs(before, file) {
    return before.sha256 !== file.sha256 || before.contentType !== file.contentType || before.cacheControl !== file.cacheControl;
}
/**
 * The keys (without the prefix) a CDN may serve stale once this run is done: every object this
 * run replaced, rewrote or deleted; every new object not immutable by name (CloudFront may hold
 * a cached 404 for a page's path); and, for the release that goes live, every file whose content
 * or headers differ from the release that was live before, or that it did not have. The last
 * part covers files an earlier `publish: assets` run already put in place.
 */
function changedKeys(plan, goingLive, wasLive) {
    const keys = new Set();
    for (const upload of plan.uploads)
        if (upload.reason === 'changed' || !immutableByName(upload.file))
            keys.add(upload.file.name);
    for (const update of plan.updates)
        keys.add(update.file.name);
    for (const item of plan.deletes)
        keys.add(item.name);
    for (const file of goingLive) {
        const before = wasLive?.[file.name];
        if (before ? differs(before, file) : !immutableByName(file))
            keys.add(file.name);
    }
    return [...keys];
}

;// CONCATENATED MODULE: ./packages/frontend/src/decide.ts
// The decision of a publication, from what was read: which release, what the pointer becomes,
// the plan, the refusals (a file gone, keys too long, too many deletions, a page that would load
// a missing or mistyped file), the keys a CDN may serve stale. Pure: tested with tables.






function restoreTarget(state, wanted) {
    const known = [...new Set([...(state.pointer?.history ?? []).map((entry) => entry.release), ...state.manifests.map((m) => m.release)])];
    const release = wanted === 'previous' ? (0,src_releases/* previousRelease */.Fi)(state.pointer) : wanted;
    if (!release)
        throw new errors/* ConfigurationError */.j('there is no previous release to go back to: no release was published before the current one', 'restore-release');
    if (!state.manifests.some((manifest) => manifest.release === release)) {
        const list = known.slice(-10).join(', ') || 'none';
        throw new errors/* ConfigurationError */.j(`no release '${release}' is recorded in this bucket (recent releases: ${list})`, 'restore-release');
    }
    return release;
}
/** The files of a recorded release, each to come from where it lives now: in place or in the release store. */
function filesOf(manifest, site, stored) {
    return Object.entries(manifest.files).map(([name, file]) => ({
        name,
        size: file.size,
        sha256: file.sha256,
        md5: file.md5 || undefined,
        contentType: file.contentType,
        cacheControl: file.cacheControl,
        entry: file.entry,
        source: stored.has(file.sha256) ? { kind: 'stored', key: src_releases/* releaseKeys */.QY.object(site.releases, file.sha256) } : { kind: 'none' },
    }));
}
/**
 * Which release goes live (or is staged), what the pointer becomes, and whose files are kept.
 * The reads need `keep` (which manifests to read); the decision needs the rest.
 */
function releaseTimeline(request, state, now) {
    const restoring = request.restore !== undefined;
    const staging = !restoring && request.publish === 'assets';
    const release = restoring ? restoreTarget(state, request.restore ?? '') : request.release;
    const firstPublication = restoring && !(state.pointer?.history ?? []).some((entry) => entry.release === release);
    const startedAt = new Date(now).toISOString();
    const pointer = (0,src_releases/* publish */.mk)(state.pointer, request.site.tier, { release, publishedAt: startedAt, kind: restoring && !firstPublication ? 'restore' : 'deploy' });
    // A staged run publishes nothing: retention is judged as if the pointer stayed (it does).
    const { keep } = (0,src_releases/* retained */.BY)((0,src_releases/* timeline */.IO)(staging ? state.pointer : pointer, state.manifests), { keepReleases: request.keepReleases, pruneAfterMs: request.pruneAfterMs, now });
    return { restoring, staging, release, firstPublication, startedAt, pointer, keep };
}
function refuse(plan, request, files, restoring) {
    if (plan.missing.length > 0) {
        const shown = plan.missing.slice(0, 10).join(', ');
        throw new errors/* ConfigurationError */.j(`release cannot be restored from the bucket alone: ${plan.missing.length} file(s) are gone (${shown}). Deploy that commit again instead`, 'restore-release');
    }
    const long = tooLongKeys(request.site.prefix, files.map((file) => file.name));
    if (long.length > 0)
        throw new errors/* ConfigurationError */.j(`S3 keys are at most 1,024 bytes; too long: ${long.slice(0, 3).join(', ')}`, restoring ? 'restore-release' : 'source-dir');
    if (plan.deletes.length > request.maxDeletes) {
        throw new errors/* ConfigurationError */.j(`the plan would delete ${plan.deletes.length} objects, more than max-deletes (${request.maxDeletes}); nothing was changed. ` +
            'Check source-dir and prefix; if the deletions are meant, raise max-deletes for this run', 'max-deletes');
    }
}
/** What the bucket holds once the release is in place, each name with its Content-Type when known. */
function afterPublication(plan, files, remote, headed) {
    const deleted = new Set(plan.deletes.map((item) => item.name));
    const available = new Map();
    for (const object of remote)
        if (!deleted.has(object.name))
            available.set(object.name, object.contentType ?? headed.get(object.name));
    for (const file of files)
        available.set(file.name, file.contentType);
    return available;
}
/** Decides the publication, or throws the refusal that stops it before any write. */
function decidePublication(request, seen) {
    const { site } = request;
    const { state, manifests, files } = seen;
    const { restoring, staging, release, firstPublication, startedAt, pointer: moved } = releaseTimeline(request, state, seen.readAt);
    const target = manifests.get(release);
    const pointer = recordPromotion(moved, startedAt, target?.promotedFrom);
    if (restoring && !target)
        throw new errors/* ConfigurationError */.j(`the manifest of release '${release}' could not be read`, 'restore-release');
    // A rollback deletes nothing; a deploy, and the publication of a staged release, prune.
    const full = planSync({ files, remote: seen.remote, recorded: seen.recorded, owned: seen.owned, stored: state.stored, prune: !staging && (!restoring || firstPublication) });
    const split = staging ? stageAssets(full, state.stored) : undefined;
    const plan = split?.now ?? full;
    refuse(plan, request, files, restoring);
    const checked = request.unchecked ? seen.references.filter((reference) => !reference.candidates.some((name) => request.unchecked?.(name))) : seen.references;
    const broken = referenceRefusal(checkReferences(checked, afterPublication(full, files, seen.remote, seen.headed)), seen.unreadable, restoring ? 'restore-release' : 'source-dir');
    if (broken)
        throw broken;
    const wasLive = state.pointer?.current;
    const liveFiles = wasLive ? manifests.get(wasLive)?.files : undefined;
    const changed = changedKeys(plan, staging ? [] : files, liveFiles).map((name) => site.prefix + name);
    const manifestKey = src_releases/* releaseKeys */.QY.manifest(site.releases, release);
    const result = { release, plan, manifestKey, changedKeys: changed, heads: seen.heads, previous: wasLive, staged: split?.staged ?? [], firstPublication };
    return { result, pointer, startedAt, target, split };
}

;// CONCATENATED MODULE: ./packages/frontend/src/pages.ts
// The reads the reference check needs: the text of the release's pages, service workers and
// linked web manifests (from the build output, or from the bucket when a recorded release is
// published), and the Content-Type of each referenced object that no listing described.






const isPage = (file) => (0,headers/* isPageType */.Eo)(file.contentType);
/** Entry points that are scripts are the service workers (see serviceWorkerNames). */
const isWorker = (file) => file.entry && /javascript|ecmascript/.test((0,headers/* mediaType */.JL)(file.contentType));
function textOf(s3, site, file, name) {
    const source = file?.source ?? { kind: 'none' };
    const path = file && localPath(file);
    if (path !== undefined)
        return (0,promises_.readFile)(path, 'utf8');
    if (source.kind === 'stored')
        return readText(s3, site.releases.bucket, source.key);
    return readText(s3, site.bucket, site.prefix + name);
}
async function readPageReferences(s3, site, files, remote, concurrency) {
    const limit = (0,p_limit/* default */.A)(concurrency);
    const byName = new Map(files.map((file) => [file.name, file]));
    const listed = new Map(remote.map((object) => [object.name, object]));
    const texts = new Map();
    const read = (names) => Promise.all(names.map((name) => limit(async () => {
        const text = await textOf(s3, site, byName.get(name), name);
        if (text !== undefined)
            texts.set(name, text);
    })));
    const pages = files.filter(isPage);
    const parsed = new Map(pages.flatMap((file) => (file.links ? [[file.name, file.links]] : [])));
    const documents = { pages: pages.map((file) => file.name), workers: files.filter(isWorker).map((file) => file.name), texts, parsed };
    // A page hashed from the build output was parsed then: only the others (restored, or too large to be read whole) are read.
    await read([...documents.pages.filter((name) => !parsed.has(name)), ...documents.workers]);
    // The web manifests the pages link to, wherever they are: this release or an object already there.
    // The pages' references are resolved once: they name the manifests to read, then join theirs.
    const fromPages = pageLinks(documents, site.prefix);
    await read(linkedManifests(fromPages).filter((name) => byName.has(name) || listed.has(name)));
    const { references, unreadable } = collectReferences(documents, site.prefix, fromPages);
    const toHead = new Set(references.flatMap((reference) => reference.candidates).filter((name) => !byName.has(name) && listed.has(name) && listed.get(name)?.contentType === undefined));
    const headed = new Map();
    await Promise.all([...toHead].map((name) => limit(async () => headed.set(name, (await headObject(s3, site.bucket, site.prefix + name)).contentType))));
    return { references, unreadable, headed };
}

;// CONCATENATED MODULE: ./packages/frontend/src/publish.ts












function manifestOf(request, release, files, etags, origin) {
    const manifest = {
        schema: src_releases/* RELEASE_SCHEMA */.io,
        tier: request.site.tier,
        release,
        createdAt: origin?.createdAt ?? new Date().toISOString(),
        commit: origin ? origin.commit : request.commit,
        workflowRun: origin ? origin.workflowRun : request.workflowRun,
        bucket: request.site.bucket,
        prefix: request.site.prefix,
        // No prototype: a file named __proto__ is a key of its own, not the object's prototype.
        files: Object.create(null),
        promotedFrom: origin?.promotedFrom,
    };
    for (const file of files) {
        const { name, sha256, size, contentType, cacheControl, entry } = file;
        const etag = etags.get(name) ?? '';
        const md5 = file.md5 ?? plainMd5(etag) ?? '';
        manifest.files[name] = { sha256, md5, size, contentType, cacheControl, etag, entry };
    }
    return manifest;
}
/**
 * Everything the decision needs, read at once: the bucket and its release record, the manifests
 * of the kept releases, MD5s the listing can be settled with, ownership, the headers no record
 * gave, and what the release's pages load. Nothing is written.
 */
async function readPublication(request, deps) {
    const { site } = request;
    const readAt = deps.now();
    // The site's listing is the long read (a page per 1,000 objects, one after another): the release
    // record, and the manifests it names, are read while it goes on.
    let listedMs = 0;
    const listing = listSite(deps.s3, site).then((listed) => {
        listedMs = deps.now() - readAt;
        return listed;
    });
    // One set of shared entries for every manifest this run reads, the older ones included.
    const shared = new SharedEntries();
    const recording = readReleaseRecord(deps.s3, site).then(async (record) => {
        const { restoring, release, keep } = releaseTimeline(request, record, readAt);
        const wasLive = record.pointer?.current;
        // Only manifests the listing showed: a new release's own is not there yet, and a GET would only miss.
        const listedManifests = new Set(record.manifests.map((manifest) => manifest.release));
        const wanted = (names) => [...new Set(names)].filter((name) => listedManifests.has(name));
        // The newest kept releases, the live one and this release's own earlier record (a rerun must
        // keep what its first attempt made live) are read beside the listing. The older ones kept
        // for prune-after (a week of releases: forty for a site deployed six times a day) only when
        // the newer ones leave something unaccounted for.
        const recordedKept = wanted(keep);
        const newest = wanted([...recordedKept.slice(-request.keepReleases), ...(wasLive ? [wasLive] : []), ...(keep.includes(release) ? [release] : [])]);
        const older = recordedKept.filter((name) => !newest.includes(name));
        const manifests = await readManifests(deps.s3, site, newest, request.concurrency, shared);
        return { record, restoring, release, manifests, keep, older };
    });
    const [listed, { record, restoring, release, manifests, keep, older }, scanned] = await Promise.all([listing, recording, request.files]);
    deps.log.info(`Read the bucket in ${formatDuration(listedMs)}: ${listed.length} objects, ${record.manifests.length} release records`);
    const state = { ...record, listed };
    const target = manifests.get(release);
    const given = restoring && target ? filesOf(target, site, state.stored) : [...(scanned ?? [])];
    const kept = new Set(keep);
    const keptRecords = () => recordedFiles([...manifests.values()].filter((manifest) => kept.has(manifest.release)));
    let recorded = keptRecords();
    const missing = older.length > 0 ? unaccounted(state.listed, given, recorded, state.stored) : undefined;
    if (missing !== undefined) {
        deps.log.info(`Reading ${older.length} older kept release record(s): the newer ones do not account for ${missing}`);
        for (const [name, manifest] of await readManifests(deps.s3, site, older, request.concurrency, shared))
            manifests.set(name, manifest);
        recorded = keptRecords();
    }
    const byName = plan_byName(given);
    await addMd5(md5Wanted(state.listed, byName, recorded), byName, request.concurrency);
    const files = [...byName.values()];
    const owned = await ownedNames(deps.s3, request, state, manifests, (name) => byName.has(name) || recorded.has(name));
    const { remote, heads } = await describeRemote(deps.s3, site, state.listed, byName, recorded, request.concurrency);
    const { references, unreadable, headed } = await readPageReferences(deps.s3, site, files, remote, request.concurrency);
    // The listing lives on as `remote`, described: nothing after this reads it.
    return { state: { ...state, listed: [] }, readAt, manifests, files, recorded, owned, remote, heads, references, unreadable, headed };
}
/** Reads what the bucket holds, decides (refusing what must not happen), then (unless a dry run) applies and records. */
async function publishRelease(request, deps) {
    const seen = await readPublication(request, deps);
    const planning = deps.now();
    const decision = decidePublication(request, seen);
    deps.log.info(`Planned in ${formatDuration(deps.now() - planning)} from ${seen.manifests.size} release record(s), ${seen.heads} HeadObject call(s) and ${seen.references.length} reference(s) checked`);
    deps.onPlan?.(decision.result);
    if (request.dryRun)
        return decision.result;
    return applyPublication(request, decision, seen, deps);
}
/**
 * Writes what was decided, in the order that never breaks a page: the release record before the
 * first upload, assets, the record again, entry points, the pointer, deletions last. A staging run
 * stops after its assets, the staged files and the record.
 */
async function applyPublication(request, decision, seen, deps) {
    const { files } = seen;
    const { site } = request;
    const { result, pointer, startedAt, target, split } = decision;
    const { plan, release, manifestKey } = result;
    const restoring = request.restore !== undefined;
    // What the record may say of each object's ETag: only what holds once this run is done.
    const known = new Map(plan.unchanged.map((item) => [item.file.name, item.etag]));
    for (const update of plan.updates)
        known.set(update.file.name, update.etag);
    // A restore keeps the release's own record; a deploy (or its rerun) records this run.
    const origin = restoring ? target : { ...manifestOf(request, release, [], new Map()), createdAt: startedAt };
    const record = (applied) => {
        const etags = new Map([...known, ...applied.etags]);
        return putRecord(deps.s3, site.releases.bucket, manifestKey, (0,src_releases/* manifestText */.$2)(manifestOf(request, release, files, etags, origin)));
    };
    const options = { s3: deps.s3, site, concurrency: request.concurrency, log: deps.log, signal: deps.signal, now: deps.now };
    const held = deps.assertHeld ?? (async () => undefined);
    // The site owns only what a manifest lists: a deploy names its files before the first one goes
    // up, so uploads of a run killed half-way are pruned with the release, never left as foreign.
    if (!restoring && recordBeforeUploads(plan, seen.recorded, split?.toStore)) {
        await held('writing the release record');
        await record({ etags: new Map(), timings: [], phases: [] });
    }
    if (split) {
        result.applied = await applyStaged(plan, split.toStore, options, async (applied) => {
            await held('writing the release record');
            await record(applied);
        });
        return result;
    }
    result.applied = await applyPlan(plan, options, {
        // The record is written before the pointer moves; before the entry points it would say only
        // which ETags the assets got, which a later run can also learn from the listing.
        beforeEntries: () => held('publishing the entry points'),
        beforeDeletes: async (applied) => {
            await held('moving the release pointer');
            await record(applied);
            await putRecord(deps.s3, site.releases.bucket, src_releases/* releaseKeys */.QY.pointer(site.releases), (0,src_releases/* pointerText */.po)(pointer));
            if (plan.deletes.length > 0)
                await held(`deleting ${plan.deletes.length} object(s)`);
        },
    });
    return result;
}
/**
 * The names this site's releases ever listed. The kept releases' manifests are read already;
 * the older ones are read only when some listed object is neither in this release nor in a kept
 * one (a deletion candidate), since only they can say whether such an object is ours. A manifest
 * of another bucket or prefix (the site moved, the record stayed) owns nothing here.
 */
async function ownedNames(s3, request, state, read, accounted) {
    const all = new Map(read);
    if (state.listed.some((object) => !accounted(object.name))) {
        const older = state.manifests.map((manifest) => manifest.release).filter((release) => !all.has(release));
        for (const [release, manifest] of await readManifests(s3, request.site, older, request.concurrency))
            all.set(release, manifest);
    }
    const owned = new Set();
    for (const manifest of all.values()) {
        if (manifest.bucket !== request.site.bucket || manifest.prefix !== request.site.prefix)
            continue;
        for (const name of Object.keys(manifest.files))
            owned.add(name);
    }
    return owned;
}
/** Computes the MD5 of the files the listing can settle with it (objects uploaded by other tools). */
async function addMd5(names, files, concurrency) {
    const limit = (0,p_limit/* default */.A)(concurrency);
    await Promise.all(names.map((name) => limit(async () => {
        const file = files.get(name);
        const path = file && localPath(file);
        if (file && path !== undefined)
            files.set(name, { ...file, md5: await hashFile(path, 'md5', file.size) });
    })));
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(6193);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./actions/build-and-sync-frontend/src/build.ts







const LOCKFILES = [
    { file: 'package-lock.json', manager: 'npm', install: 'npm ci' },
    { file: 'npm-shrinkwrap.json', manager: 'npm', install: 'npm ci' },
    { file: 'pnpm-lock.yaml', manager: 'pnpm', install: 'pnpm install --frozen-lockfile' },
    { file: 'yarn.lock', manager: 'yarn', install: 'yarn install --frozen-lockfile' },
    { file: 'bun.lock', manager: 'bun', install: 'bun install --frozen-lockfile' },
    { file: 'bun.lockb', manager: 'bun', install: 'bun install --frozen-lockfile' },
];
/** The folders from `dir` up to `top`, nearest first; `dir` alone when it is not inside `top`. */
function foldersUp(dir, top) {
    const rel = (0,external_node_path_.relative)(top, dir);
    if (rel.startsWith('..') || (0,external_node_path_.isAbsolute)(rel))
        return [dir];
    const folders = [dir];
    for (let at = dir; at !== top && (0,external_node_path_.dirname)(at) !== at;) {
        at = (0,external_node_path_.dirname)(at);
        folders.push(at);
    }
    return folders;
}
/**
 * Whether the workspace root `root` names `dir` as one of its packages: `workspaces` in its
 * package.json (npm, Yarn: a list of globs, or `{ packages: [...] }`), or any pnpm-workspace.yaml
 * (pnpm reads its globs itself, and says so when the folder is not among them).
 */
function workspaceMember(root, dir, manager) {
    if (manager === 'pnpm')
        return (0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, 'pnpm-workspace.yaml'));
    const file = (0,external_node_path_.join)(root, 'package.json');
    if (!(0,external_node_fs_.existsSync)(file))
        return false;
    const declared = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8')).workspaces;
    const globs = (Array.isArray(declared) ? declared : declared?.packages ?? []).map((glob) => glob.replace(/^\.\//, '').replace(/\/+$/, ''));
    const path = (0,external_node_path_.relative)(root, dir).split(external_node_path_.sep).join('/');
    const matches = (glob) => picomatch_default()(glob)(path);
    return globs.some((glob) => !glob.startsWith('!') && matches(glob)) && !globs.some((glob) => glob.startsWith('!') && matches(glob.slice(1)));
}
/**
 * What `build-command` means in `dir`: `none` runs nothing; `auto` installs exactly what the
 * lockfile pins with its own package manager, then runs the `build` script; anything else is run
 * as given. The lockfile is the nearest one from `dir` up to `top` (the workspace): in a
 * monorepo it is at the workspace root, whose package manager, run in the app's folder, installs
 * from it. Decided from the files alone, so it can be tested without running anything.
 */
function buildSteps(command, dir, top = dir) {
    if (command === 'none')
        return { manager: 'none', commands: [] };
    if (command !== 'auto')
        return { manager: 'custom', commands: [command] };
    const packageFile = (0,external_node_path_.join)(dir, 'package.json');
    if (!(0,external_node_fs_.existsSync)(packageFile)) {
        throw new errors/* ConfigurationError */.j(`${dir} has no package.json: set working-directory to the app's folder, or build-command: none if the site is already built`, 'build-command');
    }
    const scripts = JSON.parse((0,external_node_fs_.readFileSync)(packageFile, 'utf8')).scripts ?? {};
    if (!scripts.build)
        throw new errors/* ConfigurationError */.j(`${packageFile} has no "build" script: add one, or give the command in build-command`, 'build-command');
    let found = [];
    let root = dir;
    for (const folder of foldersUp(dir, top)) {
        found = LOCKFILES.filter((lock) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(folder, lock.file)));
        root = folder;
        if (found.length > 0)
            break;
    }
    const managers = [...new Set(found.map((lock) => lock.manager))];
    const where = root === dir ? dir : `${root}, the workspace root above ${(0,external_node_path_.relative)(root, dir)},`;
    if (managers.length === 0) {
        throw new errors/* ConfigurationError */.j(`${dir} has no lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock or bun.lock), nor has a folder above it in the workspace: commit one so CI installs what you tested, or give build-command`, 'build-command');
    }
    if (managers.length > 1) {
        throw new errors/* ConfigurationError */.j(`${where} has lockfiles of ${managers.join(' and ')}: keep the one you use, or give build-command`, 'build-command');
    }
    const lock = found[0];
    if (root !== dir && !workspaceMember(root, dir, lock.manager)) {
        const why = lock.manager === 'pnpm' ? 'that folder has no pnpm-workspace.yaml' : `the "workspaces" of its package.json do not include ${(0,external_node_path_.relative)(root, dir)}`;
        throw new errors/* ConfigurationError */.j(`${dir} has no lockfile, and the ${lock.file} in ${root} is not for it: ${why}. ` +
            'Add the app to the workspaces, commit a lockfile in its folder, or give build-command', 'build-command');
    }
    return { manager: lock.manager, commands: [lock.install, `${lock.manager} run build`], ...(root !== dir ? { root } : {}) };
}
/**
 * What the build must not see, from GitHub's documented runner variables and the AWS SDK's: the
 * deploy's AWS credentials and anything that yields them (profiles, roles, web identity, container
 * credentials), the OIDC token request, the runner's service tokens (artifacts, cache, results),
 * GitHub tokens, and the step's command files (a dependency's install script writing GITHUB_ENV or
 * GITHUB_PATH would change every later step; GITHUB_OUTPUT and GITHUB_STATE this action's own
 * outputs). The region is not a secret and some builds read it. Everything else (PATH, HOME, CI,
 * NODE_*, npm_config_*, NODE_AUTH_TOKEN for a private registry, GITHUB_SHA, VITE_*, ...) passes.
 */
const WITHHELD = [
    /^AWS_(?!(DEFAULT_)?REGION$)/,
    /^ACTIONS_ID_TOKEN_REQUEST_/,
    /^ACTIONS_(RUNTIME|CACHE|RESULTS)_/,
    /^(GITHUB_TOKEN|GH_TOKEN|GH_ENTERPRISE_TOKEN|GITHUB_ENTERPRISE_TOKEN)$/,
    /^GITHUB_(ENV|PATH|OUTPUT|STATE)$/,
];
/** The environment the install and the build run with, and the names held back from it (for the log). */
function buildEnvironment(env, passed) {
    const allowed = new Set(passed);
    const clean = {};
    const withheld = [];
    for (const [name, value] of Object.entries(env)) {
        if (value === undefined)
            continue;
        if (!allowed.has(name) && WITHHELD.some((pattern) => pattern.test(name)))
            withheld.push(name);
        else
            clean[name] = value;
    }
    return { env: clean, withheld: withheld.sort() };
}
/** How many of a failed command's last lines its error repeats: the whole output is in the log above it. */
const FAILURE_LINES = 15;
/** What of a command's output is kept to find its last lines: the end of a build that prints megabytes. */
const KEPT_CHARACTERS = 16_384;
/**
 * Runs a command line through the shell, its output passed into the step's log as it comes, and
 * keeps the end of it: a failed build's message then says what failed where GitHub shows the
 * error (the run's annotations), not only in the folded log group.
 */
const shellRunner = (command, { cwd, env, signal }) => new Promise((resolve, reject) => {
    const child = (0,external_node_child_process_.spawn)(command, { cwd, env, shell: true, stdio: ['ignore', 'pipe', 'pipe'], signal });
    let kept = '';
    const pass = (stream, to) => {
        const decoder = new external_node_string_decoder_.StringDecoder('utf8');
        stream.on('data', (chunk) => {
            to.write(chunk);
            kept = (kept + decoder.write(chunk)).slice(-KEPT_CHARACTERS);
        });
    };
    pass(child.stdout, process.stdout);
    pass(child.stderr, process.stderr);
    child.on('error', reject);
    child.on('close', (code, killedBy) => resolve({ code: code ?? (killedBy ? 128 : 1), lastLines: lastLines(kept, FAILURE_LINES) }));
});
/** The last `count` lines of output that hold something, without colours and progress-bar redraws. */
function lastLines(output, count) {
    return (0,external_node_util_.stripVTControlCharacters)(output)
        .split(/\r?\n/)
        .map((line) => line.slice(line.lastIndexOf('\r') + 1).trimEnd())
        .filter((line) => line.trim() !== '')
        .slice(-count);
}
/** How a package manager that is not on the runner gets there, in a step before this one. */
const SETUP = {
    pnpm: 'add pnpm/action-setup before this step (or run corepack enable)',
    yarn: 'run corepack enable before this step for Yarn 2 and later (GitHub\'s Ubuntu images have Yarn 1)',
    npm: 'add actions/setup-node before this step',
    bun: 'add oven-sh/setup-bun before this step',
};
/** Why a build command failed, as the step says it, with the last lines it printed. 127 is the shell's "command not found". */
function buildFailure(command, code, manager, printed = []) {
    const setup = SETUP[manager];
    const missing = setup ? `${manager} is not installed on this runner. ${setup[0].toUpperCase()}${setup.slice(1)}` : 'a program it runs is not installed on this runner (see the log above)';
    const notFound = code === 127 ? `, the shell's "not found": ${missing}` : '';
    const last = printed.length > 0 ? `. Its last lines:\n${printed.join('\n')}` : '';
    return `the build failed: '${command}' exited with code ${code}${notFound}; nothing was published${last}`;
}
async function runBuild(steps, runner, options) {
    for (const command of steps.commands) {
        const { code, lastLines: printed } = await runner(command, options);
        if (code !== 0)
            throw new Error(buildFailure(command, code, steps.manager, printed));
    }
}
const CANDIDATES = ['dist', 'build', 'out'];
/**
 * A given source-dir that is not there, when where it is is plain: written from the workspace
 * rather than from working-directory, or the build wrote another of dist, build, out. Otherwise
 * the listing refuses it, asking whether the build wrote somewhere else.
 */
function missingSourceDir(path, given, dir, workspace) {
    const fromWorkspace = (0,external_node_path_.isAbsolute)(given) ? undefined : (0,external_node_path_.resolve)(workspace, given);
    if (fromWorkspace && fromWorkspace !== path && (0,external_node_fs_.existsSync)(fromWorkspace)) {
        return new errors/* ConfigurationError */.j(`${path} does not exist: source-dir is a path from working-directory (${(0,external_node_path_.relative)(workspace, dir)}), not from the workspace; give ${(0,external_node_path_.relative)(dir, fromWorkspace)}`, 'source-dir');
    }
    const written = CANDIDATES.filter((name) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, name, 'index.html')));
    if (written.length !== 1)
        return undefined;
    return new errors/* ConfigurationError */.j(`${path} does not exist, and ${(0,external_node_path_.join)(dir, written[0])} holds an index.html: did the build write its output there? Set source-dir: ${written[0]}`, 'source-dir');
}
/** The build output when source-dir is not given: the one of dist, build, out holding an index.html. */
function findSourceDir(dir, given, requireIndex, workspace = dir) {
    if (given) {
        const path = (0,external_node_path_.resolve)(dir, given);
        const missing = (0,external_node_fs_.existsSync)(path) ? undefined : missingSourceDir(path, given, dir, workspace);
        if (missing)
            throw missing;
        return path;
    }
    const present = CANDIDATES.filter((name) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, name)));
    const withIndex = present.filter((name) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, name, 'index.html')));
    const choice = withIndex.length > 0 ? withIndex : requireIndex ? [] : present;
    if (choice.length === 1)
        return (0,external_node_path_.join)(dir, choice[0]);
    if (choice.length === 0) {
        throw new errors/* ConfigurationError */.j(`no build output found in ${dir} (looked for ${CANDIDATES.join(', ')}${requireIndex ? ' with an index.html' : ''}): set source-dir`, 'source-dir');
    }
    throw new errors/* ConfigurationError */.j(`${choice.join(' and ')} in ${dir} both look like build output: set source-dir to the right one`, 'source-dir');
}

// EXTERNAL MODULE: ./actions/build-and-sync-frontend/src/inputs.ts + 3 modules
var src_inputs = __webpack_require__(1642);
;// CONCATENATED MODULE: ./actions/build-and-sync-frontend/src/promote.ts

/** Reads the source environment's bucket with a client of its region: every refusal of a promotion happens here, before any write. */
async function readSource(inputs, deps, log) {
    const source = inputs.promoteFrom;
    const s3 = deps.s3({ ...inputs, aws: { ...inputs.aws, region: source.region } });
    const promotion = await readPromotion(s3, source, inputs.releaseId, inputs.concurrency);
    const files = Object.keys(promotion.manifest.files).length;
    const live = promotion.copies.filter((copy) => copy.ifMatch !== undefined).length;
    log.info(`Release ${promotion.release} served in ${siteUrl(source)} (${source.region}); its ${files} file(s) are all there: ` +
        `${promotion.copies.length - live} distinct content(s) in its release store, ${live} live`);
    return promotion;
}
const EMPTY_PLAN = { preserve: [], uploads: [], updates: [], unchanged: [], deletes: [], retained: [], foreign: [], storeDeletes: [], missing: [] };
/**
 * The result of a promotion that publishes nothing (publish: assets, or a dry run): nothing was
 * uploaded or changed in place; every file of R waits in the release store for restore-release.
 */
function stagedPromotion(promotion, site) {
    const stored = new Set(promotion.copies.map((copy) => copy.sha256));
    const files = filesOf(promotedManifest(promotion, site), site, stored);
    return {
        release: promotion.release,
        plan: EMPTY_PLAN,
        manifestKey: src_releases/* releaseKeys */.QY.manifest(site.releases, promotion.release),
        changedKeys: [],
        heads: 0,
        staged: files.map((file) => ({ file, reason: 'new' })),
        firstPublication: false,
    };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./packages/kit/src/list-file.ts





/**
 * The longest list a step gives inline. The runner hands each input to an action as one
 * environment string (INPUT_<NAME>), and Linux refuses to start a process with one of 128 KiB or
 * more (MAX_ARG_STRLEN): a longer output fed to the next step's input stops that step before it
 * starts ("Argument list too long"). Half of that leaves room, and keeps a job's outputs within
 * GitHub's 1 MB.
 */
const INLINE_LIST_BYTES = 64 * 1024;
/**
 * A list as a step output: the items themselves when their JSON fits INLINE_LIST_BYTES, else a
 * ListFile for a JSON file in `dir` (RUNNER_TEMP, which the job's later steps share).
 */
function listOutput(items, dir, name) {
    const text = JSON.stringify(items);
    if (Buffer.byteLength(text) <= INLINE_LIST_BYTES)
        return items;
    const file = (0,external_node_path_.join)(dir || (0,external_node_os_.tmpdir)(), `${name}-${(0,external_node_crypto_.randomUUID)()}.json`);
    (0,external_node_fs_.writeFileSync)(file, text);
    return { file, count: items.length, sha256: (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex') };
}
function isListFile(value) {
    if (!value || typeof value !== 'object' || Array.isArray(value))
        return false;
    const { file, count, sha256 } = value;
    return typeof file === 'string' && typeof count === 'number' && typeof sha256 === 'string';
}
/**
 * The items of a ListFile given to `input`, read and checked against its count and hash; undefined
 * for any other value. A file that is not on this runner fails naming the input: the list was
 * written in another job.
 */
function readListFile(value, input) {
    if (!isListFile(value))
        return undefined;
    if (!existsSync(value.file)) {
        throw new ConfigurationError(`names a list of ${value.count} items in ${value.file}, which is not on this runner: the step that wrote it ran in another job. Run this step in the same job, after it`, input);
    }
    const text = readFileSync(value.file, 'utf8');
    const items = JSON.parse(text);
    const intact = createHash('sha256').update(text).digest('hex') === value.sha256;
    if (!intact || !Array.isArray(items) || items.length !== value.count || items.some((item) => typeof item !== 'string')) {
        throw new ConfigurationError(`${value.file} is not the list of ${value.count} items that was written there`, input);
    }
    return items;
}

;// CONCATENATED MODULE: ./actions/build-and-sync-frontend/src/report.ts


/** How many foreign keys the log and the summary name: enough to recognise them, never thousands of uploads. */
const FOREIGN_SHOWN = 5;
/**
 * Foreign keys were written by anyone (a visitor's upload): a line break or another control
 * character in one must not start a line of its own in the log, where the runner would read it as
 * a workflow command.
 */
function printable(key) {
    // Matching control characters is the point here.
    // eslint-disable-next-line no-control-regex
    return key.replace(/[\u0000-\u001f\u007f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
/** `N objects ... : a, b, c and N more`, for objects under the prefix that are not the site's. */
function foreignNote(result, inputs, format = (key) => key) {
    const { foreign } = result.plan;
    if (foreign.length === 0)
        return undefined;
    const shown = foreign.slice(0, FOREIGN_SHOWN).map((name) => format(printable(inputs.prefix + name)));
    const more = foreign.length > FOREIGN_SHOWN ? ` and ${foreign.length - FOREIGN_SHOWN} more` : '';
    return `${foreign.length} object(s) under the prefix that no release of this site wrote, left alone: ${shown.join(', ')}${more}`;
}
/** Every key and what will happen to it; unchanged ones too on a dry run, which exists to show them. */
function planLines(result, inputs) {
    const { plan } = result;
    const key = (name) => inputs.prefix + name;
    const lines = [
        ...plan.preserve.map((item) => `keep copy  ${key(item.name)} (a kept release still needs the version being replaced)`),
        ...plan.uploads.map((item) => `${item.reason === 'new' ? 'add       ' : 'replace   '} ${key(item.file.name)} (${formatBytes(item.file.size)}, ${item.file.cacheControl})${item.file.entry ? ' [entry point]' : ''}`),
        ...plan.updates.map((item) => `headers    ${key(item.file.name)} (${item.reason}: ${item.file.contentType}; ${item.file.cacheControl})`),
        ...result.staged.map((item) => `stage      ${key(item.file.name)} (${'etag' in item ? `headers: ${item.reason}` : item.file.entry ? 'entry point' : 'replaces a live file'}; goes live with restore-release: ${result.release})`),
        ...plan.deletes.map((item) => `delete     ${key(item.name)}`),
        ...plan.retained.map((name) => `retain     ${key(name)} (an earlier release still in the skew window needs it)`),
        ...plan.storeDeletes.map((hash) => `delete     ${inputs.releasesPrefix}objects/sha256/${hash} (a stored copy no kept release needs)`),
    ];
    const foreign = foreignNote(result, inputs);
    if (foreign)
        lines.push(`foreign    ${foreign}`);
    if (inputs.dryRun)
        lines.push(...plan.unchanged.map((item) => `unchanged  ${key(item.file.name)}`));
    return lines;
}
function logPlan(result, inputs, log) {
    const { plan } = result;
    const verb = inputs.restoreRelease
        ? `${result.firstPublication ? 'publish staged' : 'restore'} release ${result.release}`
        : `${inputs.publish === 'assets' ? 'stage' : 'publish'} release ${result.release}`;
    log.info(`${inputs.dryRun ? 'Dry run: would ' : 'Plan: '}${verb} to s3://${inputs.bucket}/${inputs.prefix}: ` +
        `${plan.uploads.length} to upload, ${plan.updates.length} header updates, ${plan.unchanged.length} unchanged, ` +
        `${plan.deletes.length} to delete, ${plan.retained.length} retained, ${plan.foreign.length} foreign (not this site's, left alone), ` +
        `${plan.storeDeletes.length} stored copies to prune${inputs.publish === 'assets' ? `, ${result.staged.length} staged` : ''} (${result.heads} HeadObject calls)`);
    for (const line of planLines(result, inputs))
        log.info(`  ${line}`);
    if (inputs.dryRun)
        log.info('Dry run: nothing was written.');
}
/** The summary is HTML: a key may hold `<` or `&`. */
const html = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** `promoted R from s3://bucket/prefix (region)`: the line the log and the summary give a promotion. */
function promotionLine(release, from) {
    return `promoted ${release} from ${siteUrl(from)} (${from.region})${from.release === release ? '' : ` (${from.release} there)`}`;
}
async function report(published, { log }) {
    const { inputs } = published;
    const elapsedMs = published.publishMs;
    const promoted = published.promotedFrom && promotionLine(published.release, published.promotedFrom);
    const built = published.buildMs === undefined ? 'no build' : formatDuration(published.buildMs);
    const { plan, applied } = published;
    const bytes = plan.uploads.reduce((sum, item) => sum + item.file.size, 0);
    setOutputs({
        'release-id': published.release,
        uploaded: plan.uploads.length,
        updated: plan.updates.length,
        deleted: plan.deletes.length,
        unchanged: plan.unchanged.length,
        staged: published.staged.length,
        retained: plan.retained.length,
        foreign: plan.foreign.length,
        'changed-keys': listOutput(published.changedKeys, process.env.RUNNER_TEMP, 'tandem-changed-keys'),
        'manifest-key': published.manifestKey,
        'previous-release-id': published.previous ?? '',
        'build-ms': published.buildMs ?? 0,
        'publish-ms': published.publishMs,
        'promoted-from': published.promotedFrom ? siteUrl(published.promotedFrom) : '',
    });
    if (promoted)
        log.info(`${inputs.dryRun ? 'Dry run: would have ' : ''}${promoted}: nothing built or uploaded from the runner${inputs.dryRun ? '; nothing was written' : ''}`);
    if (!inputs.dryRun && inputs.publish === 'assets') {
        log.info(`Staged release ${published.release} in ${formatDuration(elapsedMs)}: ${plan.uploads.length} new assets uploaded (${formatBytes(bytes)}), ` +
            `${published.staged.length} files staged; nothing live changed. Publish it with restore-release: ${published.release}`);
    }
    else if (!inputs.dryRun) {
        log.info(`${inputs.restoreRelease && !published.firstPublication ? 'Restored' : 'Published'} release ${published.release} in ${formatDuration(elapsedMs)}: ${plan.uploads.length} uploaded (${formatBytes(bytes)}), ${plan.updates.length} updated, ${plan.deletes.length} deleted`);
    }
    const slowest = [...(applied?.timings ?? [])].sort((a, b) => b.ms - a.ms).slice(0, 5);
    await writeSummary(`build-and-sync-frontend${inputs.dryRun ? ' (dry run)' : ''}`, [
        {
            heading: `Release ${published.release}${inputs.restoreRelease ? (published.firstPublication ? ' (staged, now published)' : ' (restored)') : inputs.publish === 'assets' ? ' (staged)' : ''} to s3://${inputs.bucket}/${html(inputs.prefix)}`,
            table: [
                ['uploaded', 'bytes uploaded', 'headers updated', 'unchanged', 'staged', 'deleted', 'retained for skew', 'foreign (left alone)', 'stored copies pruned', 'build time', 'publish time'],
                [
                    plan.uploads.length,
                    formatBytes(bytes),
                    plan.updates.length,
                    plan.unchanged.length,
                    published.staged.length,
                    plan.deletes.length,
                    plan.retained.length,
                    plan.foreign.length,
                    plan.storeDeletes.length,
                    built,
                    formatDuration(elapsedMs),
                ].map(String),
            ],
            lines: [
                ...(promoted ? [html(promoted)] : []),
                `Release record: <code>s3://${inputs.releasesBucket}/${html(published.manifestKey)}</code>`,
                ...[foreignNote(published, inputs, (key) => `<code>${html(key)}</code>`)].filter((line) => line !== undefined),
            ],
        },
        ...(applied && applied.phases.length > 0
            ? [{ heading: 'Phases', table: [['phase', 'objects', 'time'], ...applied.phases.map((phase) => [phase.phase, String(phase.count), formatDuration(phase.ms)])] }]
            : []),
        ...(slowest.length > 0
            ? [{ heading: 'Slowest', table: [['key', 'what', 'size', 'time'], ...slowest.map((item) => [html(inputs.prefix + item.name), item.what, formatBytes(item.bytes), formatDuration(item.ms)])] }]
            : []),
    ]);
}

;// CONCATENATED MODULE: ./actions/build-and-sync-frontend/src/run.ts







// What runAction loads once the inputs are read (index.ts): defaultDeps, run, report.

function defaultDeps() {
    return {
        s3: (inputs) => siteClient(inputs.aws, src_inputs/* ACTION */.h, inputs.concurrency),
        runCommand: shellRunner,
        env: process.env,
        cwd: process.cwd(),
    };
}
function siteOf(inputs) {
    return { bucket: inputs.bucket, prefix: inputs.prefix, releases: { bucket: inputs.releasesBucket, prefix: inputs.releasesPrefix }, tier: 'frontend' };
}
/** Builds, unless told not to, and returns where the output is and how long the build took (undefined without one). */
async function build(inputs, deps, { signal, clock, log }) {
    const dir = (0,external_node_path_.resolve)(deps.cwd, inputs.workingDirectory);
    const steps = buildSteps(inputs.buildCommand, dir, deps.cwd);
    if (steps.root)
        log.info(`Installing from the lockfile of the workspace root ${(0,external_node_path_.relative)(deps.cwd, steps.root) || '.'} (run in ${(0,external_node_path_.relative)(deps.cwd, dir)}, ${steps.manager} installs the whole workspace)`);
    const started = clock.now();
    if (steps.commands.length > 0) {
        const { env, withheld } = buildEnvironment(deps.env, inputs.buildEnv);
        if (withheld.length > 0)
            log.info(`The build runs without ${withheld.join(', ')} (credentials and runner tokens; name one in build-env to pass it)`);
        await group(`Build (${steps.commands.join(' && ')})`, () => runBuild(steps, deps.runCommand, { cwd: dir, env, signal }));
    }
    const buildMs = steps.commands.length > 0 ? clock.now() - started : undefined;
    return { sourceDir: findSourceDir(dir, inputs.sourceDir, inputs.requireIndex, deps.cwd), buildMs };
}
/**
 * Lists the output (every refusal happens here, before any write), then hashes it in the
 * background, giving each file its headers.
 */
async function scanSite(sourceDir, inputs, { clock, log }) {
    const started = clock.now();
    const excluded = [];
    const listed = await listSource(sourceDir, { requireIndex: inputs.requireIndex, exclude: inputs.exclude, excluded });
    if (excluded.length > 0)
        log.info(`Left out by exclude: ${excluded.length} file(s) (${excluded.slice(0, 5).join(', ')}${excluded.length > 5 ? ', \u2026' : ''})`);
    const reserved = inputs.releasesBucket === inputs.bucket ? inputs.releasesPrefix.slice(inputs.prefix.length) : undefined;
    const clash = reserved ? listed.find((file) => file.name.startsWith(reserved)) : undefined;
    if (clash) {
        throw new errors/* ConfigurationError */.j(`'${clash.name}' lies under the release record's prefix '${reserved}': set releases-prefix to another name`, 'releases-prefix');
    }
    const sourceOf = localSources(sourceDir);
    const typeOf = (name) => (0,headers/* contentTypeFor */.Zy)(name, inputs.contentType);
    const hashed = readBuild(listed, inputs.concurrency, typeOf).then(({ sums, sizes, links, registered: urls }) => {
        const bytes = sizes.reduce((sum, size) => sum + size, 0);
        log.info(`Hashed ${listed.length} files (${formatBytes(bytes)}) in ${sourceDir} in ${formatDuration(clock.now() - started)}`);
        const workers = serviceWorkerNames(listed.map((file) => file.name), urls, inputs.serviceWorkers);
        if (workers.size > 0)
            log.info(`Service workers (entry points, no-cache unless cache-control names them): ${[...workers].join(', ')}`);
        const files = listed.map((file, i) => {
            const contentType = typeOf(file.name);
            return {
                name: file.name,
                size: sizes[i],
                sha256: sums[i],
                contentType,
                cacheControl: workers.has(file.name) ? serviceWorkerCacheControl(inputs.cacheControl, file.name) : (0,headers/* cacheControlFor */.T7)(inputs.cacheControl, file.name),
                entry: inputs.entryPoints(file.name, contentType) || workers.has(file.name),
                source: sourceOf(file),
                links: links.get(file.name),
            };
        });
        for (const [value, names] of longKeptPages(files, inputs.cacheControl)) {
            const kept = browserLifetime(value) === Infinity ? 'for as long as they hold them' : `for ${formatDuration(browserLifetime(value) * 1000)}`;
            log.warning(`cache-control gives ${names.length} page(s) and manifest(s) '${value}' (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', \u2026' : ''}): browsers keep them ${kept} without asking, ` +
                "so returning visitors would not see a new release until then (an invalidation empties CloudFront's cache, not theirs). Give them no-cache, or a max-age of minutes.");
        }
        return files;
    });
    // Awaited by the publisher; a failure must not surface as an unhandled rejection meanwhile.
    hashed.catch(() => undefined);
    return { hashed };
}
/**
 * Looks at the buckets (reads only): a missing or closed bucket is refused, naming its input,
 * before any write. Started while the output is listed, so its answer is in by the time the lock is taken.
 */
function lookAtBuckets(s3, inputs) {
    const key = deployLockKeys.site(inputs.releasesPrefix);
    const probes = [listObjects(s3, inputs.bucket, key, 'bucket', () => true)];
    if (inputs.releasesBucket !== inputs.bucket)
        probes.push(listObjects(s3, inputs.releasesBucket, key, 'releases-bucket', () => true));
    const looked = Promise.all(probes);
    // Awaited before the lock; a failure must not surface as an unhandled rejection meanwhile.
    looked.catch(() => undefined);
    return looked;
}
/** Takes the site's deploy lock once the buckets were looked at. */
async function lockSite(s3, looked, inputs, deps, { signal, log }) {
    await looked;
    const key = deployLockKeys.site(inputs.releasesPrefix);
    return takeDeployLock(s3, { bucket: inputs.releasesBucket, key, action: src_inputs/* ACTION */.h, env: deps.env, waitMs: inputs.lockWait, pollMs: 2000, signal, inputs: { bucket: 'releases-bucket', wait: 'lock-wait' }, timing: deps.lockTiming }, log);
}
/** What was published, with what the report needs to describe it. */
async function run(inputs, deps, context) {
    const { signal, clock, log } = context;
    const promotion = inputs.promoteFrom && (await readSource({ ...inputs, promoteFrom: inputs.promoteFrom }, deps, log));
    const restoring = inputs.restoreRelease !== undefined || promotion !== undefined;
    const built = restoring ? undefined : await build(inputs, deps, context);
    const sourceDir = built?.sourceDir;
    const s3 = deps.s3(inputs);
    // Not before the build: a failed build ends the step at once, with no request still out.
    const looked = inputs.dryRun ? undefined : lookAtBuckets(s3, inputs);
    // Hashing goes on while the lock is taken and the bucket read.
    const files = sourceDir === undefined ? undefined : (await scanSite(sourceDir, inputs, context)).hashed;
    const lock = looked && (await lockSite(s3, looked, inputs, deps, context));
    try {
        const started = clock.now();
        const now = () => clock.now();
        const heldLock = lock && ((before) => lock.assertHeld(before));
        if (promotion && !inputs.dryRun)
            await stagePromotion(s3, siteOf(inputs), promotion, { concurrency: inputs.concurrency, log, now, signal, assertHeld: heldLock });
        if (promotion && (inputs.dryRun || inputs.publish === 'assets')) {
            return { ...stagedPromotion(promotion, siteOf(inputs)), inputs, publishMs: clock.now() - started, promotedFrom: promotion.from };
        }
        const result = await publishRelease({
            site: siteOf(inputs),
            release: inputs.releaseId,
            files,
            restore: promotion?.release ?? inputs.restoreRelease,
            publish: inputs.publish,
            keepReleases: inputs.keepReleases,
            pruneAfterMs: inputs.pruneAfter,
            maxDeletes: inputs.maxDeletes,
            concurrency: inputs.concurrency,
            dryRun: inputs.dryRun,
            commit: deps.env.GITHUB_SHA,
            workflowRun: deps.env.GITHUB_RUN_ID ? `${deps.env.GITHUB_REPOSITORY ?? ''}/actions/runs/${deps.env.GITHUB_RUN_ID}` : undefined,
            unchecked: inputs.uncheckedPaths,
        }, { s3, log, now, signal, onPlan: (plan) => logPlan(plan, inputs, log), assertHeld: heldLock });
        return { ...result, inputs, publishMs: clock.now() - started, buildMs: built?.buildMs, promotedFrom: promotion?.from };
    }
    finally {
        await lock?.release();
    }
}


/***/ })

};

//# sourceMappingURL=763.index.js.map