export const id = 215;
export const ids = [215];
export const modules = {

/***/ 1215:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  defaultDeps: () => (/* binding */ defaultDeps),
  report: () => (/* reexport */ report),
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 22 modules
var core = __webpack_require__(1632);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-es/ECRClient.js + 8 modules
var ECRClient = __webpack_require__(4211);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/ECSClient.js + 8 modules
var ECSClient = __webpack_require__(7777);
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

// EXTERNAL MODULE: ./packages/kit/src/errors.ts
var errors = __webpack_require__(7817);
// EXTERNAL MODULE: ./packages/kit/src/secrets.ts
var secrets = __webpack_require__(4593);
// EXTERNAL MODULE: ./packages/kit/src/log.ts
var src_log = __webpack_require__(1226);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./packages/image/src/docker-config.ts



// A job's own Docker config keeps its registry login away from the runner user's ~/.docker, but
// that folder also holds what docker/setup-buildx-action set up: the buildx plugin it installed
// (cli-plugins/) and the builder it selected (buildx/). The private config points back at both.
/** The runner user's Docker config folder: DOCKER_CONFIG, else ~/.docker. */
function userDockerConfig(env) {
    return env.DOCKER_CONFIG || (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker');
}
/** Where buildx keeps its builders and the selected one, for a CLI run with a private DOCKER_CONFIG. */
function buildxConfig(env) {
    return env.BUILDX_CONFIG || (0,external_node_path_.join)(userDockerConfig(env), 'buildx');
}
/** A new private Docker config folder under `parent` whose CLI still finds the user's plugins. */
async function makeDockerConfig(parent, env) {
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(parent, 'docker-config-'));
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'config.json'), `${JSON.stringify({ cliPluginsExtraDirs: [(0,external_node_path_.join)(userDockerConfig(env), 'cli-plugins')] }, null, 2)}\n`, { mode: 0o600 });
    return dir;
}

;// CONCATENATED MODULE: ./packages/image/src/docker.ts


/** What is kept of each stream: a build's output can run to megabytes; callers read the end. */
const KEPT = 1 << 20;
/**
 * `configDir`: the Docker config (registry logins) the CLI uses, such as the job's own one, so that
 * a login is neither read from nor written to the runner user's ~/.docker. Empty: the CLI's own.
 */
function dockerCli(configDir = '', baseEnv = process.env, cli = {}) {
    // With a private config, buildx still uses the builder setup-buildx-action selected.
    const config = configDir ? { DOCKER_CONFIG: configDir, BUILDX_CONFIG: buildxConfig(baseEnv) } : {};
    return (args, options = {}) => new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)('docker', args, {
            env: { ...baseEnv, ...options.env, ...config },
            stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
            signal: options.signal,
        });
        const kept = { stdout: '', stderr: '' };
        const pending = { stdout: '', stderr: '' };
        const take = (stream) => (chunk) => {
            const text = chunk.toString();
            kept[stream] = (kept[stream] + text).slice(-KEPT);
            if (!options.onLine)
                return;
            const lines = (pending[stream] + text).split('\n');
            pending[stream] = lines.pop() ?? '';
            lines.forEach((line) => options.onLine?.(line));
        };
        child.stdout?.on('data', take('stdout'));
        child.stderr?.on('data', take('stderr'));
        const timer = cli.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), cli.timeoutMs) : undefined;
        child.on('error', (error) => {
            clearTimeout(timer);
            reject(error.code === 'ENOENT' ? new Error('docker is not installed or not on PATH') : error);
        });
        child.on('close', (code) => {
            clearTimeout(timer);
            for (const rest of [pending.stdout, pending.stderr])
                if (rest && options.onLine)
                    options.onLine(rest);
            resolve({ code: code ?? 1, stdout: kept.stdout, stderr: kept.stderr });
        });
        if (options.input !== undefined)
            child.stdin?.end(options.input);
    });
}
/** The last lines of a failed command's output, for an error message. */
function tail(result, lines = 30) {
    return `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-lines).join('\n');
}
/** `docker push` prints `TAG: digest: sha256:... size: N` when done. */
function pushedDigest(output) {
    return /digest: (sha256:[a-f0-9]{64})/.exec(output)?.[1];
}
/** ECR's and registries' refusals to overwrite an immutable tag, as docker push reports them. */
function isImmutableTagRefusal(output) {
    return /cannot be overwritten because the (repository|tag) is immutable|ImageTagAlreadyExistsException|tag invalid/i.test(output);
}
/**
 * The local image's manifest for each of these platforms ('linux/amd64'), as the containerd image
 * store keeps it (`docker image inspect --platform`, Docker 28 and later). The classic store keeps
 * no manifests and older CLIs have no --platform there: those platforms are left out.
 */
async function localManifests(docker, image, platforms) {
    const found = {};
    for (const platform of new Set(platforms)) {
        const inspected = await docker(['image', 'inspect', '--platform', platform, '--format', '{{.Id}}', image]);
        const id = inspected.stdout.trim();
        if (inspected.code === 0 && /^sha256:[0-9a-f]{64}$/.test(id))
            found[platform] = id;
    }
    return found;
}
/** The names of the variables a local image sets (its ENV lines), or undefined when the image is not here. */
async function imageVariableNames(docker, image) {
    const inspected = await docker(['image', 'inspect', '--format', '{{json .Config.Env}}', image]);
    if (inspected.code !== 0)
        return undefined;
    try {
        return (JSON.parse(inspected.stdout) ?? []).map((entry) => entry.split('=')[0]);
    }
    catch {
        return [];
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-es/commands/GetAuthorizationTokenCommand.js
var GetAuthorizationTokenCommand = __webpack_require__(8421);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-es/commands/DescribeRepositoriesCommand.js
var DescribeRepositoriesCommand = __webpack_require__(1946);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-es/commands/CreateRepositoryCommand.js
var CreateRepositoryCommand = __webpack_require__(9093);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-es/commands/PutLifecyclePolicyCommand.js
var PutLifecyclePolicyCommand = __webpack_require__(502);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./packages/image/src/ecr.ts



/** GetAuthorizationToken's token is base64 of `AWS:password`. */
function decodeAuthorizationToken(token) {
    const text = Buffer.from(token, 'base64').toString('utf8');
    const at = text.indexOf(':');
    if (at <= 0 || at === text.length - 1)
        throw new Error('ECR returned an authorization token that is not user:password');
    return { username: text.slice(0, at), password: text.slice(at + 1) };
}
/** `onSecret` runs before the password can reach any log line. */
async function ecrLogin(ecr, onSecret) {
    const answer = await ecr.send(new GetAuthorizationTokenCommand/* GetAuthorizationTokenCommand */.E({}));
    const data = answer.authorizationData?.[0];
    if (!data?.authorizationToken || !data.proxyEndpoint)
        throw new Error('GetAuthorizationToken returned no token');
    onSecret(data.authorizationToken);
    const { username, password } = decodeAuthorizationToken(data.authorizationToken);
    onSecret(password);
    return { username, password, proxyEndpoint: data.proxyEndpoint };
}
/**
 * Expires untagged images only (layers left behind when a tag moved, failed pushes, build
 * caches without a tag) after `days` days. Tagged images, every commit a release or a rollback
 * may name, are never expired by this policy.
 */
function lifecyclePolicy(days) {
    return JSON.stringify({
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images ${days} days after push; tagged images are kept`,
                selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: days },
                action: { type: 'expire' },
            },
        ],
    });
}
/**
 * Whether ECR refuses to move `tag` once it names an image. IMMUTABLE and MUTABLE say so for every
 * tag; IMMUTABLE_WITH_EXCLUSION makes every tag immutable but those that match one of its filters,
 * and MUTABLE_WITH_EXCLUSION only those (ECR API Reference, ImageTagMutabilityExclusionFilter:
 * WILDCARD filters of [0-9a-zA-Z._*-], `*` standing for any characters, matched on the whole tag).
 */
function tagImmutable(repository, tag) {
    const excepted = () => repository.exclusionFilters.some((filter) => picomatch_default().isMatch(tag, filter, { dot: true }));
    switch (repository.mutability) {
        case 'IMMUTABLE':
            return true;
        case 'IMMUTABLE_WITH_EXCLUSION':
            return !excepted();
        case 'MUTABLE_WITH_EXCLUSION':
            return excepted();
        default:
            return false;
    }
}
/**
 * Why a tag is immutable, for a message: '' where every tag is (IMMUTABLE), else
 * ` (IMMUTABLE_WITH_EXCLUSION: every tag but dev-*, test-* is immutable)` or
 * ` (MUTABLE_WITH_EXCLUSION: tags v* are immutable)`.
 */
function mutabilityNote(repository) {
    const filters = repository.exclusionFilters.join(', ');
    if (repository.mutability === 'IMMUTABLE_WITH_EXCLUSION')
        return ` (IMMUTABLE_WITH_EXCLUSION: every tag but ${filters} is immutable)`;
    if (repository.mutability === 'MUTABLE_WITH_EXCLUSION')
        return ` (MUTABLE_WITH_EXCLUSION: tags ${filters} are immutable)`;
    return '';
}
/**
 * Finds the repository, or creates it with scan on push, the chosen tag mutability and the
 * untagged-only lifecycle policy. An existing repository is left as it is.
 */
async function ensureRepository(ecr, plan) {
    try {
        const found = await ecr.send(new DescribeRepositoriesCommand/* DescribeRepositoriesCommand */.p({ repositoryNames: [plan.name] }));
        const repository = found.repositories?.[0];
        const exclusionFilters = (repository?.imageTagMutabilityExclusionFilters ?? []).filter((one) => one.filterType === 'WILDCARD' && one.filter).map((one) => one.filter);
        return { created: false, mutability: repository?.imageTagMutability ?? 'MUTABLE', exclusionFilters, uri: repository?.repositoryUri };
    }
    catch (error) {
        if (!(0,aws_errors/* isNamed */.ev)(error, 'RepositoryNotFoundException'))
            throw error;
        if (!plan.create) {
            throw Object.assign(new Error(`ECR repository '${plan.name}' does not exist: create it, or set create-repository: true`), { userFixable: true });
        }
    }
    try {
        const created = await ecr.send(new CreateRepositoryCommand/* CreateRepositoryCommand */.W({
            repositoryName: plan.name,
            imageScanningConfiguration: { scanOnPush: true },
            imageTagMutability: plan.mutability,
        }));
        await putLifecyclePolicy(ecr, plan);
        return { created: true, mutability: plan.mutability, exclusionFilters: [], uri: created.repository?.repositoryUri };
    }
    catch (error) {
        // Another job created it between our two calls: use theirs.
        if ((0,aws_errors/* isNamed */.ev)(error, 'RepositoryAlreadyExistsException'))
            return ensureRepository(ecr, { ...plan, create: false });
        throw error;
    }
}
/**
 * Later runs leave an existing repository as it is, so a repository created without its policy
 * would keep its untagged images forever: say so, and how to mend it.
 */
async function putLifecyclePolicy(ecr, plan) {
    const policy = lifecyclePolicy(plan.untaggedExpiryDays);
    try {
        await ecr.send(new PutLifecyclePolicyCommand/* PutLifecyclePolicyCommand */.R({ repositoryName: plan.name, lifecyclePolicyText: policy }));
    }
    catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw Object.assign(new Error(`created ECR repository '${plan.name}', but could not give it the lifecycle policy that expires untagged images (${reason}). ` +
            `Nothing was pushed. Delete the empty repository and run again, or add the policy (aws ecr put-lifecycle-policy) and run again.`), { name: (0,aws_errors/* errorName */.Is)(error) || 'Error', $awsCall: (0,aws_errors/* awsCallOf */.vs)(error), $awsGrant: (0,aws_errors/* grantOf */.od)(error) });
    }
}
/** ECR's immutable-tag refusal, under AWS's name and moto's. */
function isImmutableTagClash(error) {
    return isNamed(error, 'ImageTagAlreadyExistsException', 'ImageAlreadyExistsException');
}

;// CONCATENATED MODULE: ./packages/image/src/tags.ts
// Which tags an image gets. By default one: the commit it was built from, so a rerun or a
// rollback to that commit finds it again by name.
/**
 * The commit the image stands for. On pull requests GITHUB_SHA is a merge commit that exists
 * only on GitHub's side; the head commit is what the author pushed and what a deploy names.
 */
function commitOf(context) {
    const head = context.payload.pull_request?.head?.sha;
    if (context.eventName.startsWith('pull_request') && head)
        return head;
    return context.sha;
}
/** The tags to push: the given ones, or the commit SHA. The first tag is the one reruns look for. */
function imageTags(given, context) {
    const tags = given.length > 0 ? given : [commitOf(context)];
    return [...new Set(tags)];
}
// A short SHA is at least 7 hex digits (git's default abbreviation, docker/metadata-action's sha tag).
const SHORTEST_SHA = 7;
/**
 * Whether a tag names this commit: the full SHA, or a tag holding the SHA or an abbreviation of
 * it (`sha-1a2b3c4`, `main-1a2b3c4d`) as a run of hex digits of its own. Only such a tag is
 * reused without a build: a moving tag such as `latest` or `main` may hold any earlier image.
 */
function namesCommit(tag, sha) {
    const commit = sha.toLowerCase();
    if (!/^[0-9a-f]{7,64}$/.test(commit))
        return false;
    const runs = tag.toLowerCase().match(/[0-9a-f]+/g) ?? [];
    return runs.some((run) => run.length >= SHORTEST_SHA && commit.startsWith(run));
}

// EXTERNAL MODULE: ./packages/image/src/reference.ts
var reference = __webpack_require__(7104);
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

;// CONCATENATED MODULE: ./packages/image/src/registry.ts


// The registry's own HTTP API (OCI distribution): which digest a tag points at. The same calls
// answer on ECR, on a local registry, and on any other registry the `registry` input names.
const ACCEPT = MANIFEST_TYPES.join(', ');
class RegistryClient {
    registry;
    credentials;
    fetcher;
    bearer;
    constructor(registry, credentials, fetcher = fetch) {
        this.registry = registry;
        this.credentials = credentials;
        this.fetcher = fetcher;
    }
    /** The image a tag (or a digest) points at, or undefined when the repository has no such tag. */
    async image(repository, tag) {
        const response = await this.request(`/v2/${repository}/manifests/${(0,reference/* isDigest */.Bc)(tag) ? tag : encodeURIComponent(tag)}`);
        if (response.status === 404)
            return undefined;
        const body = await response.text();
        if (!response.ok)
            throw new Error(`registry ${this.registry.host} answered ${response.status} for ${repository}:${tag}: ${body.slice(0, 300)}`);
        const digest = response.headers.get('docker-content-digest');
        if (!digest)
            throw new Error(`registry ${this.registry.host} sent no Docker-Content-Digest for ${repository}:${tag}`);
        const manifest = JSON.parse(body);
        const size = manifest.layers ? manifest.layers.reduce((sum, layer) => sum + (layer.size ?? 0), manifest.config?.size ?? 0) : undefined;
        return {
            digest,
            configDigest: manifest.config?.digest,
            size,
            mediaType: manifest.mediaType ?? response.headers.get('content-type') ?? '',
            ...(manifest.manifests ? { manifests: imageManifests(manifest.manifests) } : {}),
        };
    }
    /** A tag's image, and when it is an index, each of its image manifests. */
    async tag(repository, tag) {
        const remote = await this.image(repository, tag);
        if (!remote?.manifests)
            return remote;
        const images = await Promise.all(remote.manifests.map(async ({ digest, platform }) => {
            const image = await this.image(repository, digest);
            return image ? [{ ...image, platform }] : [];
        }));
        return { ...remote, images: images.flat() };
    }
    async request(path) {
        const url = `${this.registry.apiBase}${path}`;
        const basic = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
        const send = (authorization) => this.fetcher(url, { headers: { accept: ACCEPT, authorization } });
        let response = await send(this.bearer ? `Bearer ${this.bearer}` : basic);
        const challenge = response.headers.get('www-authenticate') ?? '';
        if (response.status === 401 && /^Bearer /i.test(challenge)) {
            // Registries with token auth (Docker Hub, GHCR) hand out a token for the basic credentials.
            this.bearer = await this.token(challenge, basic);
            response = await send(`Bearer ${this.bearer}`);
        }
        if (response.status === 401)
            throw new Error(`registry ${this.registry.host} refused the login for ${path}`);
        return response;
    }
    async token(challenge, basic) {
        const fields = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
        if (!fields.realm)
            throw new Error(`registry ${this.registry.host} asked for a token without a realm`);
        const url = new URL(fields.realm);
        if (fields.service)
            url.searchParams.set('service', fields.service);
        if (fields.scope)
            url.searchParams.set('scope', fields.scope);
        const response = await this.fetcher(url, { headers: { authorization: basic } });
        if (!response.ok)
            throw new Error(`registry token service ${url.host} answered ${response.status}`);
        const body = (await response.json());
        const token = body.token ?? body.access_token;
        if (!token)
            throw new Error(`registry token service ${url.host} sent no token`);
        return token;
    }
}
/** An index's image manifests, by digest and platform. */
function imageManifests(entries) {
    return imageEntries(entries).flatMap((entry) => (entry.digest ? [{ digest: entry.digest, platform: platformName(entry.platform ?? {}) }] : []));
}
/**
 * Whether a remote tag already holds this image, another image, or nothing. The same image is the
 * same manifest or index, the same config (the classic store's image ID), or, in an index, an
 * image manifest that the local image has for that platform: an index whose attestations differ
 * (each build's provenance has its own times) holds the same image.
 */
function compareTag(tag, remote, local) {
    if (!remote)
        return { tag, state: 'absent' };
    const holds = (image) => image.digest === local.id || image.configDigest === local.id || (image.platform !== undefined && local.manifests?.[image.platform] === image.digest);
    const same = holds(remote) || (remote.images ?? []).some(holds);
    return same ? { tag, state: 'same', digest: remote.digest } : { tag, state: 'different', digest: remote.digest };
}

;// CONCATENATED MODULE: ./packages/image/src/builder.ts
/** The image store `docker info --format '{{json .DriverStatus}}'` shows: the containerd one names its snapshotter's driver type. */
function imageStoreOf(driverStatus) {
    let pairs;
    try {
        pairs = JSON.parse(driverStatus);
    }
    catch {
        return 'classic';
    }
    const containerd = Array.isArray(pairs) && pairs.some((pair) => Array.isArray(pair) && pair[0] === 'driver-type' && pair[1] === 'io.containerd.snapshotter.v1');
    return containerd ? 'containerd' : 'classic';
}
/** The name and driver of `docker buildx inspect`'s first lines (`Name:   default`, `Driver: docker`). */
function parseBuildxInspect(output) {
    const field = (key) => new RegExp(`^${key}:\\s*(\\S+)\\s*$`, 'm').exec(output)?.[1];
    return { name: field('Name'), driver: field('Driver') };
}
/** The builder `docker buildx build` would use (the one setup-buildx-action selected), or the classic builder. */
async function detectBuilder(docker) {
    if ((await docker(['buildx', 'version'])).code !== 0)
        return { builder: 'docker' };
    const inspected = await docker(['buildx', 'inspect']);
    const info = { builder: 'buildx', ...(inspected.code === 0 ? parseBuildxInspect(inspected.stdout) : {}) };
    if (info.driver !== 'docker')
        return info;
    const status = await docker(['info', '--format', '{{json .DriverStatus}}']);
    return { ...info, imageStore: status.code === 0 ? imageStoreOf(status.stdout.trim()) : 'classic' };
}
/** Whether the docker driver builds on Docker's classic image store: no cache export but inline, one platform. */
function onClassicStore(info) {
    return info.builder === 'buildx' && info.driver === 'docker' && info.imageStore !== 'containerd';
}
/** Whether the builder can export a cache other than inline. An unknown driver is given the benefit of the doubt. */
function exportsCache(info) {
    return info.builder === 'buildx' && !onClassicStore(info);
}
const SETUP = 'add docker/setup-buildx-action before this step (it sets up a docker-container builder)';
const STORE = "or turn on the Docker Engine's containerd image store";
/**
 * The cache a build uses. `auto` never asks for what the builder cannot do: the GitHub Actions
 * cache where the runner offers it and the builder can export it, else none, with a notice saying
 * what to add when the runner offers the cache. A cache named explicitly that the builder cannot
 * write is refused, before anything is built.
 */
function chooseCache(wanted, info, actionsCache) {
    if (wanted === 'none')
        return { cache: 'none' };
    if (wanted !== 'auto') {
        if (info.builder === 'docker')
            return { input: 'cache', message: `the ${wanted} cache needs docker buildx, which is not installed here: set cache: none, or ${SETUP}` };
        if (!exportsCache(info)) {
            return { input: 'cache', message: `the builder '${info.name ?? 'default'}' uses the docker driver on Docker's classic image store, which cannot export the ${wanted} cache: set cache: none, ${SETUP}, ${STORE}` };
        }
        return { cache: wanted };
    }
    if (!actionsCache)
        return { cache: 'none' };
    if (info.builder === 'docker')
        return { cache: 'none', notice: `no build cache: docker buildx is not installed; for the GitHub Actions cache, ${SETUP}` };
    if (!exportsCache(info)) {
        return { cache: 'none', notice: `no build cache: the builder '${info.name ?? 'default'}' uses the docker driver on Docker's classic image store, which cannot export one; for the GitHub Actions cache, ${SETUP}, ${STORE}` };
    }
    return { cache: 'gha' };
}
/** Whether the runner offers the GitHub Actions cache to buildx (the runtime token and the cache service's URL). */
function offersActionsCache(env) {
    return !!env.ACTIONS_RUNTIME_TOKEN && !!(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL);
}

;// CONCATENATED MODULE: ./packages/image/src/build.ts


function secretOption(secret, index, env) {
    if (secret.from === 'file')
        return `id=${secret.id},src=${secret.source}`;
    if (secret.from === 'env')
        return `id=${secret.id},env=${secret.source}`;
    const variable = `TANDEM_BUILD_SECRET_${index}`;
    env[variable] = secret.source;
    return `id=${secret.id},env=${variable}`;
}
function cacheOptions(request) {
    switch (request.cache) {
        case 'gha':
            return [`--cache-from=type=gha,scope=${request.cacheScope}`, `--cache-to=type=gha,mode=max,scope=${request.cacheScope}`];
        case 'registry':
            // ECR rejects the default cache manifest list; it accepts the cache as an OCI image manifest.
            return [
                `--cache-from=type=registry,ref=${request.cacheRef}`,
                `--cache-to=type=registry,ref=${request.cacheRef},mode=max,image-manifest=true,oci-mediatypes=true`,
            ];
        case 'none':
            return [];
    }
}
function buildCommand(builder, request) {
    const args = builder === 'buildx' ? ['buildx', 'build'] : ['build'];
    const shown = [...args];
    const add = (...items) => {
        args.push(...items);
        shown.push(...items);
    };
    add('--file', request.dockerfile);
    for (const name of request.names)
        add('--tag', name);
    for (const [key, value] of request.buildArgs) {
        args.push('--build-arg', `${key}=${value}`);
        shown.push('--build-arg', `${key}=${request.secretBuildArgs.includes(key) ? secrets/* HIDDEN */.RG : (0,secrets/* shownValue */.JJ)(key, value)}`);
    }
    for (const [key, value] of request.labels)
        add('--label', `${key}=${value}`);
    const env = {};
    request.secrets.forEach((secret, index) => add('--secret', secretOption(secret, index, env)));
    for (const ssh of request.ssh)
        add('--ssh', ssh);
    if (request.network)
        add('--network', request.network);
    if (request.target)
        add('--target', request.target);
    if (request.platforms.length > 0)
        add('--platform', request.platforms.join(','));
    add('--iidfile', request.iidfile);
    // The classic builder keeps the container of a step that failed (its default is --rm, which
    // removes them only after a build that succeeds): one more stopped container on a self-hosted
    // runner's disk for each failed build. BuildKit keeps none.
    if (builder === 'docker')
        add('--force-rm');
    if (builder === 'buildx') {
        // Provenance attestations leave untagged unknown/unknown manifests in ECR.
        add(`--provenance=${request.provenance}`);
        add(...cacheOptions(request));
        add(request.pushFromBuilder ? '--push' : '--load');
    }
    add(request.context);
    return { args, shown, env };
}
const build_SETUP = 'add docker/setup-buildx-action before this step';
/** Why a request cannot be built with this builder, or undefined. (The cache is chosen apart: chooseCache.) */
/**
 * A notice for an image built, by default, for an arm64 runner's own platform (RUNNER_ARCH, as
 * GitHub's arm64 runners set it): ECS runs it only where the task definition says ARM64, and
 * Fargate's default is X86_64, whose tasks would stop at the pull. Undefined when platforms names
 * the platform, or the runner is x64.
 */
function runnerPlatformNotice(runnerArch, platforms) {
    if (platforms.length > 0 || runnerArch?.toUpperCase() !== 'ARM64')
        return undefined;
    return ("The image is built for linux/arm64, this runner's platform, as platforms is not set: ECS runs it only where the task definition sets runtimePlatform.cpuArchitecture ARM64 " +
        "(Fargate's default is X86_64). For an X86_64 service, set platforms: linux/amd64 (with docker/setup-qemu-action on this runner) or build on an x64 runner");
}
function buildProblem(info, request) {
    const several = request.platforms.length > 1;
    if (info.builder === 'docker') {
        const only = request.buildKitSyntax;
        if (only) {
            return {
                input: 'dockerfile',
                message: `${only.shown} line ${only.line} uses ${only.what}, which only BuildKit builds, and docker buildx is not installed here: docker build would build the steps before it and stop there. Add docker/setup-buildx-action before this step`,
            };
        }
        if (several)
            return { input: 'platforms', message: `several platforms need docker buildx, which is not installed here: ${build_SETUP}` };
        // The classic builder has no BuildKit: no RUN --mount=type=secret or type=ssh.
        if (request.secrets.length > 0)
            return { input: 'secrets', message: `BuildKit secrets need docker buildx, which is not installed here: ${build_SETUP}` };
        if (request.ssh.length > 0)
            return { input: 'ssh', message: `BuildKit SSH forwarding needs docker buildx, which is not installed here: ${build_SETUP}` };
    }
    if (several && onClassicStore(info)) {
        return {
            input: 'platforms',
            message: `the builder '${info.name ?? 'default'}' uses the docker driver on Docker's classic image store, which builds one platform: ${build_SETUP} (and docker/setup-qemu-action for other architectures), or turn on the Docker Engine's containerd image store`,
        };
    }
    if (several && !request.pushFromBuilder) {
        return {
            input: 'platforms',
            message: 'an image for several platforms cannot be loaded into the local engine for the Django checks: build one platform, or set django-checks: false',
        };
    }
    return undefined;
}

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

;// CONCATENATED MODULE: ./packages/image/src/buildkit-syntax.ts
// Dockerfile syntax that only BuildKit builds. Without buildx, `docker build` is the classic
// builder on Docker Engine 20.10 and earlier, and on later engines where the plugin is missing:
// it builds every step up to the first such instruction and stops there ("the --mount option
// requires BuildKit"). Found before the build, the step is refused before any AWS call.
/** Flags the classic builder does not know, by instruction (COPY --from and --chown it does). */
const BUILDKIT_FLAGS = {
    RUN: ['mount', 'network', 'security'],
    COPY: ['link', 'chmod', 'exclude', 'parents'],
    ADD: ['link', 'chmod', 'checksum', 'keep-git-dir', 'exclude'],
};
/** The escape character of the `# escape=` parser directive, if the file starts with one. */
function escapeOf(lines) {
    for (const line of lines) {
        const directive = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
        if (!directive)
            return '\\';
        if (directive[1].toLowerCase() === 'escape')
            return directive[2] === '`' ? '`' : '\\';
    }
    return '\\';
}
/** Logical instructions: continuation lines joined, comments and empty lines within them dropped. */
function instructions(lines, escape) {
    const found = [];
    let current;
    lines.forEach((raw, index) => {
        const trimmed = raw.trim();
        if (trimmed.startsWith('#') || trimmed === '')
            return;
        const continues = trimmed.endsWith(escape);
        const part = continues ? trimmed.slice(0, -1) : trimmed;
        current = current ? { line: current.line, text: `${current.text} ${part}` } : { line: index + 1, text: part };
        if (!continues) {
            found.push(current);
            current = undefined;
        }
    });
    if (current)
        found.push(current);
    return found;
}
/** The first instruction only BuildKit builds, or undefined when the classic builder can build them all. */
function buildKitOnly(dockerfile) {
    const lines = dockerfile.split(/\r?\n/);
    for (const { line, text } of instructions(lines, escapeOf(lines))) {
        const [, keyword = '', rest = ''] = /^(\w+)\s*(.*)$/.exec(text) ?? [];
        const instruction = keyword.toUpperCase();
        const flags = BUILDKIT_FLAGS[instruction];
        if (!flags)
            continue;
        for (const token of rest.split(/\s+/)) {
            const flag = /^--([a-z-]+)(=|$)/.exec(token)?.[1];
            if (flag === undefined)
                break;
            if (flags.includes(flag))
                return { line, what: `${instruction} --${flag}` };
        }
        // A heredoc: <<EOF (or <<-EOF, <<"EOF") whose delimiter ends a later line. A shell's <<< is not one.
        const heredoc = /(?:^|[^<])<<-?(["']?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(rest);
        if (heredoc && lines.slice(line).some((later) => later.trim() === heredoc[2]))
            return { line, what: `a heredoc (${instruction} <<${heredoc[2]})` };
    }
    return undefined;
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./packages/image/src/labels.ts


function imageLabels(source, given) {
    const defaults = [
        ['org.opencontainers.image.revision', source.revision],
        ['org.opencontainers.image.source', source.source],
    ];
    if (source.created)
        defaults.push(['org.opencontainers.image.created', source.created]);
    const labels = new Map([...defaults, ...given]);
    return [...labels.entries()].filter(([, value]) => value !== '');
}
function rfc3339(value) {
    const time = new Date(value);
    return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}
/**
 * When the commit was made, for `org.opencontainers.image.created`. The commit's time rather than
 * the build's, so that building one commit twice gives the same image (a rerun finds its tag
 * already holding it): SOURCE_DATE_EPOCH when set (the reproducible-builds convention), the push
 * event's head commit, else the checkout's HEAD.
 */
async function commitTime(env, payload, checkout) {
    if (env.SOURCE_DATE_EPOCH && /^\d+$/.test(env.SOURCE_DATE_EPOCH))
        return rfc3339(Number(env.SOURCE_DATE_EPOCH) * 1000);
    const pushed = payload.head_commit?.timestamp ? rfc3339(payload.head_commit.timestamp) : undefined;
    if (pushed)
        return pushed;
    try {
        const { stdout } = await (0,external_node_util_.promisify)(external_node_child_process_.execFile)('git', ['-C', checkout, 'log', '-1', '--format=%cI', 'HEAD'], { timeout: 10_000 });
        return rfc3339(stdout.trim());
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./packages/image/src/django.ts



// The Django checks that run inside the built image before it is pushed.
/** Folders a project search never enters: tools' copies, caches, build output and uploads. */
const django_SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.venv', 'venv', 'env', '__pycache__', 'site-packages', '.tox', 'staticfiles', 'media']);
/**
 * manage.py in the build context: the shallowest one (a project keeps it at its root; deeper
 * copies are usually vendored or templates). Returned relative to the context, with `/`.
 */
async function findManagePy(context, maxDepth = 4) {
    let level = [context];
    for (let depth = 0; depth <= maxDepth && level.length > 0; depth += 1) {
        const next = [];
        const found = [];
        for (const dir of level) {
            const entries = await (0,promises_.readdir)(dir, { withFileTypes: true }).catch(() => []);
            for (const entry of entries) {
                if (entry.isFile() && entry.name === 'manage.py')
                    found.push((0,external_node_path_.join)(dir, entry.name));
                else if (entry.isDirectory() && !django_SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.'))
                    next.push((0,external_node_path_.join)(dir, entry.name));
            }
        }
        if (found.length > 0)
            return found.sort().map((file) => (0,external_node_path_.relative)(context, file).split(external_node_path_.sep).join(external_node_path_.posix.sep))[0];
        level = next.sort();
    }
    return undefined;
}
/**
 * Settings that let production settings load without any real secret or service: a fresh random
 * SECRET_KEY (long and varied enough for check --deploy), DEBUG off, a placeholder host, and a
 * placeholder bucket for django-storages. Both the plain and the DJANGO_-prefixed names, the two
 * conventions projects use. The user's check-env wins.
 */
function checkEnvironment(settings, secretKey = (0,external_node_crypto_.randomBytes)(48).toString('base64url')) {
    const defaults = [
        ['SECRET_KEY', secretKey],
        ['DJANGO_SECRET_KEY', secretKey],
        // 'False', as Python spells it: settings such as DEBUG = os.environ.get('DJANGO_DEBUG', '')
        // != 'False' compare the exact string, and readers that lower-case accept it too.
        ['DEBUG', 'False'],
        ['DJANGO_DEBUG', 'False'],
        ['ALLOWED_HOSTS', 'django-checks.invalid'],
        ['DJANGO_ALLOWED_HOSTS', 'django-checks.invalid'],
        ['DATABASE_URL', settings.databaseUrl],
        ['AWS_STORAGE_BUCKET_NAME', 'django-checks-placeholder'],
    ];
    const given = new Map(settings.extraEnv);
    return [...defaults.filter(([name]) => !given.has(name)), ...settings.extraEnv];
}
/**
 * The three checks. collectstatic writes into STATIC_ROOT, which images usually leave owned by
 * root; running it as root in a throwaway container proves the static configuration is complete
 * without requiring the runtime user to own it. The other two run as the image's user.
 */
function djangoChecks(managePy, failLevel) {
    return [
        { name: 'check --deploy', args: ['python', managePy, 'check', '--deploy', '--fail-level', failLevel], asRoot: false },
        { name: 'makemigrations --check', args: ['python', managePy, 'makemigrations', '--check', '--dry-run', '--no-input'], asRoot: false },
        { name: 'collectstatic', args: ['python', managePy, 'collectstatic', '--noinput'], asRoot: true },
    ];
}
/** The `docker run` arguments of one check: no pull, no network unless a database URL needs it. */
function checkRunArgs(image, check, env, network) {
    const args = ['run', '--rm', '--pull', 'never', '--network', network, '--entrypoint', ''];
    if (check.asRoot)
        args.push('--user', '0:0');
    for (const [name] of env)
        args.push('--env', name);
    return [...args, image, ...check.args];
}
/** How long the checks' container waits for them before it ends, and is removed, on its own. */
const CHECK_CONTAINER_SECONDS = 3600;
/**
 * The `docker run` arguments of the one container the checks run in, each with `docker exec`:
 * the settings and network of checkRunArgs, as the image's user, and a Python that only waits.
 * One container and three execs cost the machine 1.73-1.89 CPU-seconds against 2.50-2.75 for
 * three `docker run --rm` (0.9 s less, three tries each). The container is removed once the
 * checks are done; a step killed outright leaves it to end after CHECK_CONTAINER_SECONDS (--rm).
 */
function checkContainerArgs(image, env, network) {
    const args = ['run', '--detach', '--rm', '--pull', 'never', '--network', network, '--entrypoint', ''];
    for (const [name] of env)
        args.push('--env', name);
    return [...args, image, 'python', '-c', `import time; time.sleep(${CHECK_CONTAINER_SECONDS})`];
}
/**
 * The `docker exec` arguments of one check in the checks' container (collectstatic as root), with
 * the placeholders the settings probe gave (not secrets: their values may be on the command line).
 */
function checkExecArgs(container, check, placeholders = []) {
    return ['exec', ...(check.asRoot ? ['--user', '0:0'] : []), ...placeholders.flatMap(([name, value]) => ['--env', `${name}=${value}`]), container, ...check.args];
}
/**
 * The line that shows collectstatic stopped at its first call to a cloud storage's API, or
 * undefined. A project that keeps its static files in S3 (django-storages) uploads them in
 * collectstatic, and the checks run with no network and no credentials: botocore then raises
 * NoCredentialsError (or cannot connect) from the storage, within collectstatic itself. A
 * settings module that calls AWS as it loads fails every check, not within collectstatic, and
 * is not this.
 */
function remoteStorageStop(output) {
    if (!output.includes('staticfiles/management/commands/collectstatic.py'))
        return undefined;
    // A build's output prefixes each line (BuildKit's `#12 0.913 `): the error is found within its line.
    const error = /(botocore\.exceptions\.(NoCredentialsError|PartialCredentialsError|EndpointConnectionError|ConnectTimeoutError|NoRegionError)|google\.auth\.exceptions\.DefaultCredentialsError|azure\.core\.exceptions\.(ClientAuthenticationError|ServiceRequestError))\b.*/;
    for (const line of output.split('\n').reverse()) {
        const found = error.exec(line);
        if (found)
            return found[0].trim();
    }
    return undefined;
}
/** The system-check messages of a level in Django's output: `(security.W004) You have not set\u2026`. */
function systemCheckMessages(output, level = 'W') {
    const pattern = new RegExp(String.raw `^\S*: (\([\w.]+\.${level}\d+\) .+)$`);
    return output.split('\n').map((line) => pattern.exec(line.trim())?.[1]).filter((message) => !!message);
}
const SECRET_NAME = /KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL|DATABASE_URL/i;
/**
 * What to do about a failed check --deploy: the check ids, the environment the checks ran with
 * (values of non-secrets), and the three ways out: the settings, the fail level, and
 * SILENCED_SYSTEM_CHECKS.
 */
function checkDeployAdvice(output, env, failLevel) {
    const ids = [...new Set([...output.matchAll(/\(([\w.]+\.[WE]\d+)\)/g)].map((match) => match[1]))];
    const shown = env.map(([name, value]) => `${name}=${SECRET_NAME.test(name) ? '(set, not shown)' : value}`).join(' ');
    // A traceback's frames and no check id: no check was reported, and the fail level and
    // SILENCED_SYSTEM_CHECKS have nothing to act on. Through Django's settings loader
    // (django/conf/__init__.py), it is the settings that did not load. (The output is the check's
    // last lines, which may begin within the traceback.)
    if (ids.length === 0 && /^\s*File "[^"]+", line \d+/m.test(output)) {
        const settings = /File "[^"]*django\/conf\/__init__\.py"/.test(output);
        return [
            `check --deploy ran with this environment: ${shown}.`,
            settings
                ? 'It stopped before any check ran, as the settings did not load (the error above): give them what they need with check-env NAME=VALUE (one per line), or set DJANGO_SETTINGS_MODULE there to the module production runs.'
                : 'It stopped at the error above before reporting any check, so the fail level and SILENCED_SYSTEM_CHECKS have nothing to act on: fix what the traceback names.',
        ].join('\n');
    }
    const lines = [
        `check --deploy ran with --fail-level ${failLevel} and this environment: ${shown}.`,
        'Ways out:',
        `- fix the settings each message names (in the settings module production uses)${ids.length ? `: ${ids.join(', ')}` : ''};`,
        '- give the checks a setting they need: check-env NAME=VALUE (one per line), e.g. the variable your settings read DEBUG or ALLOWED_HOSTS from;',
        failLevel === 'WARNING'
            ? '- let warnings through: check-fail-level: ERROR (they are then reported as warnings, and the image is pushed);'
            : '- errors cannot be let through by check-fail-level: fix them or silence them;',
        `- accept a check on purpose: SILENCED_SYSTEM_CHECKS = [${ids.map((id) => `'${id}'`).join(', ') || "'security.W004'"}] in the settings.`,
    ];
    if (ids.includes('security.W018')) {
        const debug = env.filter(([name]) => /DEBUG/.test(name)).map(([name, value]) => `${name}=${value}`).join(' and ');
        lines.push(`DEBUG is True although ${debug} were set: the settings read it from another variable or hard-code it; pass that variable in check-env, or read DEBUG from the environment.`);
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./packages/image/src/dockerfile.ts


/** The settings package manage.py names (`os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")`). */
function settingsModule(managePySource) {
    return /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(managePySource)?.[1];
}
function wsgiApplication(settings) {
    const parts = settings.split('.');
    // shop.settings -> shop.wsgi; shop.settings.production -> shop.wsgi
    const project = parts.length > 1 ? parts.slice(0, parts.indexOf('settings') > 0 ? parts.indexOf('settings') : parts.length - 1) : parts;
    return `${project.join('.')}.wsgi:application`;
}
async function exists(path) {
    return (0,promises_.access)(path).then(() => true, () => false);
}
/** What the template needs, or a message saying what the project lacks. */
async function describeProject(context, managePy) {
    const projectDir = external_node_path_.posix.dirname(managePy) === '.' ? '' : external_node_path_.posix.dirname(managePy);
    const settings = settingsModule(await (0,promises_.readFile)((0,external_node_path_.join)(context, managePy), 'utf8'));
    if (!settings)
        return `${managePy} does not set DJANGO_SETTINGS_MODULE, so the WSGI application cannot be found`;
    const candidates = [external_node_path_.posix.join(projectDir, 'requirements.txt'), 'requirements.txt'];
    const requirements = (await Promise.all(candidates.map((path) => exists((0,external_node_path_.join)(context, path))))).findIndex(Boolean);
    if (requirements < 0)
        return `no requirements.txt beside ${managePy} or at the root of the build context${await otherLockfile(context, projectDir)}`;
    return { projectDir, requirements: candidates[requirements], wsgiApplication: wsgiApplication(settings) };
}
/**
 * The lockfiles of other Python package managers, and the command that writes the
 * requirements.txt the template installs from one (without hashes: the template adds gunicorn,
 * which pip's hash-checking mode would refuse).
 */
const EXPORTS = [
    ['uv.lock', 'uv', 'uv export --frozen --no-dev --no-hashes -o requirements.txt'],
    ['poetry.lock', 'Poetry', 'poetry export --without-hashes -o requirements.txt (Poetry 2 with poetry-plugin-export)'],
    ['Pipfile.lock', 'Pipenv', 'pipenv requirements > requirements.txt'],
    ['pdm.lock', 'PDM', 'pdm export --without-hashes --prod -o requirements.txt'],
];
/** `: this project pins ... with uv ...`, when beside manage.py or at the context's root there is another manager's lockfile; else ''. */
async function otherLockfile(context, projectDir) {
    for (const folder of [...new Set([projectDir, ''])]) {
        for (const [file, manager, command] of EXPORTS) {
            if (await exists((0,external_node_path_.join)(context, folder, file))) {
                const at = folder ? `${folder}/` : '';
                return `: this project pins its dependencies with ${manager} (${at}${file}); write the requirements.txt the generated Dockerfile installs in a step before this one, in ${folder || 'the context'}: ${command}. Or write a Dockerfile of your own`;
            }
        }
    }
    return '';
}
function renderDockerfile(template, project, projectName) {
    const values = {
        PROJECT: projectName,
        PROJECT_DIR: project.projectDir,
        REQUIREMENTS: project.requirements,
        WSGI_APPLICATION: project.wsgiApplication,
    };
    return template.replace(/\{\{(\w+)\}\}/g, (whole, key) => {
        if (!(key in values))
            throw new Error(`the Dockerfile template names an unknown value ${whole}`);
        return values[key];
    });
}

;// CONCATENATED MODULE: ./packages/image/src/settings-module.ts




/**
 * The wsgi.py files in manage.py's folder and below (3 levels, as a project lays them out), with
 * the settings module each names by default; asgi.py files only where no wsgi.py names one.
 */
async function findServerModules(context, managePy) {
    const found = { 'wsgi.py': [], 'asgi.py': [] };
    let level = [(0,external_node_path_.join)(context, external_node_path_.posix.dirname(managePy))];
    for (let depth = 0; depth <= 3 && level.length > 0; depth += 1) {
        const next = [];
        for (const dir of level) {
            const entries = await (0,promises_.readdir)(dir, { withFileTypes: true }).catch(() => []);
            for (const entry of entries) {
                const path = (0,external_node_path_.join)(dir, entry.name);
                if (entry.isDirectory() && !django_SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.'))
                    next.push(path);
                if (!entry.isFile() || (entry.name !== 'wsgi.py' && entry.name !== 'asgi.py'))
                    continue;
                const module = settingsModule(await (0,promises_.readFile)(path, 'utf8').catch(() => ''));
                if (module)
                    found[entry.name].push({ file: (0,external_node_path_.relative)(context, path).split(external_node_path_.sep).join(external_node_path_.posix.sep), module });
            }
        }
        level = next.sort();
    }
    const servers = found['wsgi.py'].length > 0 ? found['wsgi.py'] : found['asgi.py'];
    return servers.sort((a, b) => a.file.localeCompare(b.file));
}
/**
 * The settings module the checks load: the user's (check-env), else the image's own (an ENV
 * line), else manage.py's default unless the server's wsgi.py names another. With several server
 * files naming different modules, manage.py's default stands, and the note says how to choose.
 */
function chooseChecksSettings(options) {
    const { managePy, managePyModule, servers, checkEnv, imageSetsModule } = options;
    if (checkEnv.some(([name]) => name === 'DJANGO_SETTINGS_MODULE') || imageSetsModule)
        return {};
    const modules = [...new Set(servers.map((server) => server.module))];
    if (modules.length === 0 || (managePyModule !== undefined && modules.length === 1 && modules[0] === managePyModule))
        return {};
    const defaultOf = managePyModule ? `${managePy} defaults to ${managePyModule}` : `${managePy} names no default`;
    if (modules.length > 1) {
        const named = servers.map((server) => `${server.file} ${server.module}`).join(', ');
        return { note: `The Django checks load the settings ${managePy} chooses (${managePyModule ?? 'none'}), as the server files name several: ${named}. Set DJANGO_SETTINGS_MODULE in check-env to check the module production runs.` };
    }
    const files = servers.map((server) => server.file).join(', ');
    return {
        module: modules[0],
        note: `The Django checks load ${modules[0]}, the settings ${files} gives the server, where ${defaultOf}. Set DJANGO_SETTINGS_MODULE in check-env to check another module.`,
    };
}
/**
 * The same choice made inside an image, for a step that has the image but not the project's
 * files (verify-shared-storage): Python that, when DJANGO_SETTINGS_MODULE is not set, reads
 * manage.py and the wsgi.py (else asgi.py) files below the working directory as findServerModules
 * does, sets the module as chooseChecksSettings would, prints the choice after MODULE_MARKER, and
 * then runs manage.py with the arguments after `-c PRELUDE`. settings-module.test.ts runs both
 * forms over the same projects.
 */
const MODULE_MARKER = '@@settings-module@@';
const SERVER_SETTINGS_PRELUDE = String.raw `
import json, os, re, runpy, sys
def named(path):
    try:
        with open(path, encoding='utf-8', errors='replace') as handle:
            found = re.search(r'DJANGO_SETTINGS_MODULE[\'"]\s*,\s*[\'"]([\w.]+)[\'"]', handle.read())
    except OSError:
        return None
    return found.group(1) if found else None
if not os.environ.get('DJANGO_SETTINGS_MODULE'):
    skipped = set(json.loads(sys.argv[1]))
    servers = {'wsgi.py': [], 'asgi.py': []}
    level = ['.']
    for depth in range(4):
        below = []
        for folder in level:
            try:
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir() and entry.name not in skipped and not entry.name.startswith('.'):
                    below.append(entry.path)
                elif entry.is_file() and entry.name in servers:
                    module = named(entry.path)
                    if module:
                        servers[entry.name].append((os.path.relpath(entry.path), module))
        level = sorted(below)
    server = sorted(servers['wsgi.py'] or servers['asgi.py'])
    modules = sorted(set(module for _, module in server))
    own = named('manage.py')
    if len(modules) == 1 and modules[0] != own:
        os.environ['DJANGO_SETTINGS_MODULE'] = modules[0]
        print(${JSON.stringify(MODULE_MARKER)} + json.dumps({'module': modules[0], 'files': [file for file, _ in server], 'managePy': own}), flush=True)
sys.argv = ['manage.py'] + sys.argv[2:]
runpy.run_path('manage.py', run_name='__main__')
`;
/** The arguments after `python` that run manage.py with `args`, choosing the module first. */
function serverSettingsCommand(args) {
    return ['-c', SERVER_SETTINGS_PRELUDE, JSON.stringify([...SKIPPED_FOLDERS]), ...args];
}
/** The choice the prelude printed, or undefined when manage.py's default stood. */
function parseServerSettings(stdout) {
    const line = stdout.split('\n').find((candidate) => candidate.startsWith(MODULE_MARKER));
    if (!line)
        return undefined;
    try {
        return JSON.parse(line.slice(MODULE_MARKER.length));
    }
    catch {
        return undefined;
    }
}
const PRODUCTION_NAMES = ['production', 'prod'];
/**
 * A production module beside the one the checks load, when that one is not it: Wagtail's project
 * template defaults both manage.py and wsgi.py to mysite.settings.dev and keeps
 * mysite/settings/production.py beside it, for DJANGO_SETTINGS_MODULE to name in production.
 * Looked for as a file in the project (`<package>/production.py` or `prod.py`) below manage.py's folder.
 */
async function productionSibling(context, managePy, module) {
    if (!module || !module.includes('.'))
        return undefined;
    const parts = module.split('.');
    if (PRODUCTION_NAMES.includes(parts[parts.length - 1]))
        return undefined;
    const folder = (0,external_node_path_.join)(context, external_node_path_.posix.dirname(managePy), ...parts.slice(0, -1));
    for (const name of PRODUCTION_NAMES) {
        const found = await (0,promises_.access)((0,external_node_path_.join)(folder, `${name}.py`)).then(() => true, () => false);
        if (found)
            return [...parts.slice(0, -1), name].join('.');
    }
    return undefined;
}
/** The hint for checks that load another module than the production one beside it. */
function productionSiblingHint(loaded, sibling) {
    return `The Django checks load ${loaded}, and ${sibling} is beside it: if production runs ${sibling} (DJANGO_SETTINGS_MODULE in the task definition), set DJANGO_SETTINGS_MODULE=${sibling} in check-env so the checks load it too.`;
}

;// CONCATENATED MODULE: ./packages/image/src/settings-probe.ts
// Production settings often read variables with no default (django-environ's env("REDIS_URL"),
// os.environ["ADMIN_URL"]), and the checks know only the few they set themselves. Such a setting
// stops every check at the first variable missing, and a user would then learn them one build at
// a time. When a check stops so, the probe below imports the settings module in the checks'
// container again and again, each time with a placeholder for the variable it stopped at, until it
// loads or stops at something else: the checks then run with those placeholders, and the notice
// names every one.
/**
 * Python run in the checks' container: argv is manage.py's folder and manage.py's default module.
 * Each failed import's modules are dropped so the next import runs the settings anew. Only
 * django-environ's message and a KeyError raised by os.environ itself count as a missing variable.
 */
const SETTINGS_PROBE = String.raw `
import importlib, json, os, re, sys
folder, fallback = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.abspath(folder))
module = os.environ.get('DJANGO_SETTINGS_MODULE') or fallback
def placeholder(name):
    return 'https://django-checks.invalid/' if re.search(r'_(URL|URI|DSN)$', name) else 'django-checks-placeholder'
def variable(exc):
    found = re.search(r'Set the (\w+) environment variable', str(exc))
    if found:
        return found.group(1)
    tb = exc.__traceback__
    while tb and tb.tb_next:
        tb = tb.tb_next
    where = tb.tb_frame.f_code.co_filename if tb else ''
    if isinstance(exc, KeyError) and exc.args and isinstance(exc.args[0], str) and (where == '<frozen os>' or where.endswith('/os.py')):
        return exc.args[0]
    return None
given, error = [], None
for _ in range(40):
    before = set(sys.modules)
    try:
        importlib.import_module(module)
        error = None
        break
    except Exception as exc:
        for loaded in set(sys.modules) - before:
            del sys.modules[loaded]
        error = '%s: %s' % (type(exc).__name__, exc)
        name = variable(exc)
        if not name or not re.fullmatch(r'[A-Za-z_][A-Za-z0-9_]*', name) or name in os.environ:
            break
        os.environ[name] = placeholder(name)
        given.append([name, os.environ[name]])
print(json.dumps({'module': module, 'given': given, 'error': error}))
`;
/** Whether a check's output shows the settings stopped at a variable they read with no default. */
function stoppedAtVariable(output) {
    if (/ImproperlyConfigured: Set the \w+ environment variable/.test(output))
        return true;
    return /^\S*\s*KeyError: '\w+'\s*$/m.test(output) && /File "(<frozen os>|[^"]*\/os\.py)"/.test(output);
}
/** The probe's JSON line, or undefined when it printed none (the image's Python did not run it). */
function parseProbe(stdout) {
    const line = stdout.trim().split('\n').pop() ?? '';
    try {
        const parsed = JSON.parse(line);
        if (typeof parsed.module !== 'string' || !Array.isArray(parsed.given))
            return undefined;
        const given = parsed.given.filter((pair) => Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string');
        return { module: parsed.module, given, ...(typeof parsed.error === 'string' ? { error: parsed.error } : {}) };
    }
    catch {
        return undefined;
    }
}
/** The `docker exec` arguments of the probe, as the image's user, in the checks' container. */
function probeExecArgs(container, managePy, fallbackModule) {
    const folder = managePy.includes('/') ? managePy.slice(0, managePy.lastIndexOf('/')) : '.';
    return ['exec', container, 'python', '-c', SETTINGS_PROBE, folder, fallbackModule];
}
/** The notice for the placeholders the checks ran with. */
function placeholdersNotice(result) {
    const names = result.given.map(([name]) => name).join(', ');
    return (`The settings ${result.module} read ${result.given.length === 1 ? 'a variable' : `${result.given.length} variables`} with no default that the checks were not given: ${names}. ` +
        'The checks ran with placeholders for them (production needs them in the task definition); to give the checks other values, set them in check-env.');
}

;// CONCATENATED MODULE: ./actions/build-push-django-image/src/build-step.ts





const AT_DEPLOY = `rolling-deploy-behind-elb's migrate-command: sh -c "python manage.py migrate --noinput && python manage.py collectstatic --noinput"`;
/** Why a build whose collectstatic stopped at the cloud failed, and the way out. */
function collectInBuild(stop, generated) {
    const dockerfile = generated
        ? 'The generated Dockerfile collects the static files into the image; take it over without its collectstatic step (copy templates/Dockerfile of this action into your repository, delete that RUN, and set dockerfile to its path)'
        : 'Take the collectstatic step out of the Dockerfile';
    return (`collectstatic ran in the build, but your static files storage keeps them in the cloud: it stopped at its first call (${stop}), as a build has no AWS credentials. ` +
        `${dockerfile}, and upload them where the bucket can be reached, once per release: e.g. ${AT_DEPLOY}`);
}
/**
 * The warning for a collectstatic that stopped at its storage's first call to the cloud (`stop`,
 * from remoteStorageStop): its files go to a bucket at deploy time, not into the image.
 */
function leftToDeploy(stop) {
    return (`collectstatic stores the static files in the cloud, not in the image: it stopped at its storage's first call (${stop}), ` +
        `as the checks run with no network and no credentials. Upload them where the bucket can be reached, once per release and before the new tasks serve: e.g. ${AT_DEPLOY}`);
}

/** Several platforms go straight from buildx to the registry: they cannot be loaded locally. */
function pushesFromBuilder(inputs) {
    return inputs.platforms.length > 1 && inputs.push;
}
/**
 * Refuses what this builder cannot build, before any AWS call, and chooses the cache (`auto` never
 * asks for one the builder cannot write; the notice says what to add).
 */
async function refuseUnbuildable(inputs, info, env, dockerfile, notice = (message) => core/* notice */.lm((0,src_log/* neutralise */.$)(message))) {
    // Only the classic builder needs the Dockerfile read: it stops at the first BuildKit instruction.
    const buildKit = info.builder === 'docker' ? buildKitOnly(await (0,promises_.readFile)(dockerfile.path, 'utf8')) : undefined;
    const problem = buildProblem(info, {
        platforms: inputs.platforms,
        pushFromBuilder: pushesFromBuilder(inputs),
        secrets: inputs.secrets,
        ssh: inputs.ssh,
        ...(buildKit ? { buildKitSyntax: { ...buildKit, shown: dockerfile.shown } } : {}),
    });
    if (problem)
        throw new errors/* ConfigurationError */.j(problem.message, problem.input);
    // An entry without a path forwards the agent SSH_AUTH_SOCK names.
    if (inputs.ssh.some((entry) => !entry.includes('=')) && !env.SSH_AUTH_SOCK) {
        throw new errors/* ConfigurationError */.j("ssh: default forwards the runner's SSH agent, and none runs (SSH_AUTH_SOCK is not set): start one (webfactory/ssh-agent), or give id=path to a key", 'ssh');
    }
    const choice = chooseCache(inputs.cache, info, offersActionsCache(env));
    if ('input' in choice)
        throw new errors/* ConfigurationError */.j(choice.message, choice.input);
    if (choice.notice)
        notice(choice.notice);
    return choice;
}
async function buildImage(docker, inputs, project, names, scratch, context) {
    const { env, log } = context;
    const builder = context.builder.builder;
    const created = await commitTime(env, context.payload ?? {}, project.context);
    if (!created)
        log.info('org.opencontainers.image.created is left out: the commit time is unknown (no SOURCE_DATE_EPOCH, push event or git checkout)');
    const request = {
        context: project.context,
        dockerfile: project.dockerfile,
        names,
        buildArgs: inputs.buildArgs,
        secretBuildArgs: inputs.secretBuildArgs,
        labels: imageLabels({ revision: env.GITHUB_SHA ?? '', source: `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY ?? ''}`, created }, inputs.labels),
        secrets: inputs.secrets,
        ssh: inputs.ssh,
        network: inputs.network,
        target: inputs.target,
        platforms: inputs.platforms,
        cache: context.cache.cache,
        cacheRef: inputs.cacheRef,
        cacheScope: inputs.repository,
        provenance: inputs.provenance,
        iidfile: (0,external_node_path_.join)(scratch, 'image-id'),
        pushFromBuilder: pushesFromBuilder(inputs),
    };
    const command = buildCommand(builder, request);
    const started = context.now();
    const result = await group(`Build (${builder === 'buildx' ? 'docker buildx build' : 'docker build'})`, async () => {
        log.info(`docker ${command.shown.join(' ')}`);
        return docker(command.args, { env: command.env, onLine: (line) => log.info(line), signal: context.signal });
    });
    const buildMs = context.now() - started;
    if (result.code !== 0) {
        const stop = remoteStorageStop(`${result.stdout}\n${result.stderr}`);
        throw new Error(`the image did not build (docker exited ${result.code}); nothing was pushed. Last lines:\n${tail(result, 20)}${stop ? `\n${collectInBuild(stop, project.generated)}` : ''}`);
    }
    const imageId = (await (0,promises_.readFile)(request.iidfile, 'utf8')).trim();
    return { imageId, builder, buildMs, pushed: request.pushFromBuilder };
}
/**
 * manage.py's default settings module, and DJANGO_SETTINGS_MODULE for the checks when that
 * default is not the module the server loads (chooseChecksSettings), logging why; the image is
 * inspected only then, as an ENV line of its own wins.
 */
async function checksSettingsModule(docker, inputs, project, image, log) {
    if (!project.managePy)
        return {};
    const managePyModule = settingsModule(await (0,promises_.readFile)((0,external_node_path_.join)(project.context, project.managePy), 'utf8').catch(() => ''));
    const options = { managePy: project.managePy, managePyModule, servers: await findServerModules(project.context, project.managePy), checkEnv: inputs.checkEnv };
    const managePy = project.managePy;
    const siblingOf = (module) => productionSibling(project.context, managePy, module);
    const managePySibling = await siblingOf(managePyModule);
    let choice = chooseChecksSettings({ ...options, imageSetsModule: false });
    // The image is asked only when its ENV line could change what the checks load.
    let imageSetsModule = false;
    if (choice.module || managePySibling) {
        imageSetsModule = ((await imageVariableNames(docker, image)) ?? []).includes('DJANGO_SETTINGS_MODULE');
        choice = chooseChecksSettings({ ...options, imageSetsModule });
    }
    if (choice.note)
        log.info(choice.note);
    // What the checks load, when known without the image: check-env's, the server's, manage.py's.
    const given = inputs.checkEnv.find(([name]) => name === 'DJANGO_SETTINGS_MODULE')?.[1];
    const loaded = given ?? choice.module ?? (imageSetsModule ? undefined : managePyModule);
    const sibling = loaded === managePyModule ? managePySibling : await siblingOf(loaded);
    const hint = loaded && sibling ? productionSiblingHint(loaded, sibling) : undefined;
    if (hint)
        log.info(hint);
    return { managePyModule, ...(choice.module ? { settingsModule: choice.module } : {}), ...(hint ? { settingsHint: hint } : {}) };
}
/** Runs the Django checks inside the image, all of them, so one run shows every problem. */
async function runDjangoChecks(docker, inputs, image, managePy, context) {
    const databaseUrl = inputs.checkDatabaseUrl || 'sqlite:////tmp/django-checks.sqlite3';
    const chosen = context.settingsModule ? [['DJANGO_SETTINGS_MODULE', context.settingsModule]] : [];
    const settings = checkEnvironment({ databaseUrl, extraEnv: [...inputs.checkEnv, ...chosen] });
    const env = Object.fromEntries(settings);
    const notice = context.notice ?? ((message) => core/* notice */.lm((0,src_log/* neutralise */.$)(message)));
    // Only a database the user named needs a network; the throwaway SQLite file needs none.
    const network = inputs.checkDatabaseUrl ? 'host' : 'none';
    // The checks run in one container (checkContainerArgs). When it cannot start (an image whose
    // python does not run, say), each check runs in a container of its own, as docker run --rm,
    // so that the check's own output says what is wrong.
    const container = await docker(checkContainerArgs(image, settings, network), { env, signal: context.signal });
    const id = container.code === 0 ? /^[0-9a-f]{12,64}$/m.exec(container.stdout)?.[0] : undefined;
    let placeholders = [];
    try {
        const results = [];
        for (const check of djangoChecks(managePy, inputs.checkFailLevel)) {
            const started = context.now();
            const runCheck = () => {
                const args = id ? checkExecArgs(id, check, placeholders) : checkRunArgs(image, check, settings, network);
                return group(`Django: ${check.name}`, () => docker(args, { ...(id ? {} : { env }), onLine: (line) => context.log.info(line), signal: context.signal }));
            };
            let result = await runCheck();
            // The settings stopped at a variable the checks were not given: the probe finds every such
            // variable at once, and the check runs again with placeholders for them (settings-probe.ts).
            if (result.code !== 0 && id && placeholders.length === 0 && stoppedAtVariable(`${result.stdout}\n${result.stderr}`)) {
                const probed = parseProbe((await docker(probeExecArgs(id, managePy, context.managePyModule ?? ''), { signal: context.signal })).stdout);
                if (probed && probed.given.length > 0) {
                    placeholders = probed.given;
                    notice(placeholdersNotice(probed));
                    result = await runCheck();
                }
            }
            const output = tail(result, 40);
            const stop = result.code !== 0 && check.name === 'collectstatic' ? remoteStorageStop(`${result.stdout}\n${result.stderr}`) : undefined;
            if (stop) {
                const left = leftToDeploy(stop);
                context.log.warning(left);
                results.push({ name: check.name, passed: true, ms: context.now() - started, output, warnings: [], left });
                continue;
            }
            const passed = result.code === 0;
            const warnings = passed && check.name === 'check --deploy' ? systemCheckMessages(`${result.stdout}\n${result.stderr}`) : [];
            for (const warning of warnings)
                context.log.warning(`check --deploy let through (check-fail-level ${inputs.checkFailLevel}): ${warning}`);
            const advice = !passed && check.name === 'check --deploy' ? [checkDeployAdvice(output, settings, inputs.checkFailLevel), context.settingsHint].filter(Boolean).join('\n') : undefined;
            results.push({ name: check.name, passed, ms: context.now() - started, output, warnings, ...(advice ? { advice } : {}) });
        }
        return results;
    }
    finally {
        // Not on the step's signal: a cancelled step removes the container too.
        if (id)
            await docker(['rm', '--force', id]);
    }
}

// EXTERNAL MODULE: ./actions/build-push-django-image/src/buildkit-inputs.ts + 1 modules
var buildkit_inputs = __webpack_require__(9601);
// EXTERNAL MODULE: ./actions/build-push-django-image/src/inputs.ts + 3 modules
var src_inputs = __webpack_require__(8543);
// EXTERNAL MODULE: ./actions/build-push-django-image/src/post.ts
var post = __webpack_require__(5727);
;// CONCATENATED MODULE: ./actions/build-push-django-image/src/project.ts




async function isDirectory(path) {
    return (0,promises_.stat)(path).then((info) => info.isDirectory(), () => false);
}
async function isFile(path) {
    return (0,promises_.access)(path).then(() => true, () => false);
}
async function locateProject(inputs, workspace, scratch, templatePath) {
    const context = (0,external_node_path_.resolve)(workspace, inputs.context);
    if (!(await isDirectory(context)))
        throw new errors/* ConfigurationError */.j(`'${inputs.context}' is not a folder (resolved to ${context})`, 'context');
    const found = inputs.managePy || (await findManagePy(context));
    const generated = inputs.dockerfile === 'generate';
    let dockerfile;
    if (generated) {
        if (!found)
            throw new errors/* ConfigurationError */.j(`no manage.py in ${context}: dockerfile: generate builds a Django project`, 'dockerfile');
        const project = await describeProject(context, found);
        if (typeof project === 'string')
            throw new errors/* ConfigurationError */.j(`cannot generate a Dockerfile: ${project}`, 'dockerfile');
        const template = await (0,promises_.readFile)(templatePath, 'utf8');
        dockerfile = (0,external_node_path_.join)(scratch, 'Dockerfile');
        await (0,promises_.writeFile)(dockerfile, renderDockerfile(template, project, (0,external_node_path_.basename)(context)));
    }
    else {
        dockerfile = inputs.dockerfile ? (0,external_node_path_.resolve)(workspace, inputs.dockerfile) : (0,external_node_path_.join)(context, 'Dockerfile');
        if (!(await isFile(dockerfile))) {
            // As docker/build-push-action's file, the path is from the workspace, not from the context.
            const inContext = inputs.dockerfile && !(0,external_node_path_.isAbsolute)(inputs.dockerfile) ? (0,external_node_path_.join)(context, inputs.dockerfile) : undefined;
            const meant = inContext && inContext !== dockerfile && (await isFile(inContext)) ? (0,external_node_path_.relative)(workspace, inContext) : undefined;
            throw new errors/* ConfigurationError */.j(meant
                ? `${dockerfile} does not exist: the path is from the workspace, not from the context; give ${meant}`
                : `${dockerfile} does not exist: set dockerfile to its path, or dockerfile: generate for a production Dockerfile`, 'dockerfile');
        }
    }
    if (inputs.djangoChecks && !found) {
        throw new errors/* ConfigurationError */.j(`no manage.py in ${context}: set manage-py to its path in the image, or django-checks: false`, 'django-checks');
    }
    // A generated Dockerfile works in manage.py's folder; a user's is assumed to copy the context to its WORKDIR.
    const managePy = found && generated ? 'manage.py' : found;
    return { context, dockerfile, generated, managePy: inputs.djangoChecks ? managePy : undefined };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/pagination/ListTaskDefinitionsPaginator.js + 1 modules
var ListTaskDefinitionsPaginator = __webpack_require__(3940);
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
    const currentRelease = tagValue(runningTags, RELEASE_TAG);
    const candidates = (await listRevisions(clients, family)).filter((arn) => wanted !== 'previous' || revisionOf(arn) < revisionOf(runningArn));
    for (const arn of candidates) {
        const { taskDefinition, tags } = await describeTaskDefinition(clients, arn);
        const release = tagValue(tags, RELEASE_TAG);
        if (!release)
            continue;
        if (wanted === 'previous' ? release !== currentRelease && tagValue(tags, SERVED_TAG) !== undefined : release === wanted) {
            return { taskDefinition, tags, release };
        }
    }
    const looked = `the ${candidates.length} ACTIVE revisions of ${family}${wanted === 'previous' ? ' older than the running one' : ''}`;
    if (wanted === 'previous') {
        throw new ConfigurationError(`no earlier release found in ${looked}: none carries ${RELEASE_TAG} and ${SERVED_TAG} with a release other than '${currentRelease ?? 'the running one'}'; name a release id instead`, 'rollback-to');
    }
    throw new ConfigurationError(`no revision tagged ${RELEASE_TAG}=${wanted} among ${looked} (deregistered revisions cannot be deployed again)`, 'rollback-to');
}

;// CONCATENATED MODULE: ./packages/ecs/src/render.ts


const render_RELEASE_TAG = 'tandem-deploy:release';
const COMMIT_TAG = 'tandem-deploy:commit';
/** Set once a revision has served: a completed rollout. `previous` means the last such revision. */
const render_SERVED_TAG = 'tandem-deploy:served';
/** The environment a promoted release came from (rolling-deploy-behind-elb's promoted-from). */
const PROMOTED_FROM_TAG = 'tandem-deploy:promoted-from';
/**
 * The next revision of what the service runs now: the same definition with each named
 * container's image replaced, the release tags set, and only the keys RegisterTaskDefinition
 * accepts. Pure: the described task definition and its tags in, the request out.
 */
function renderTaskDefinition(current, currentTags, images, release) {
    const names = (current.containerDefinitions ?? []).map((container) => container.name);
    for (const name of images.keys()) {
        if (!names.includes(name)) {
            throw new ConfigurationError(`the task definition ${current.family}:${current.revision} has no container '${name}' (it has ${names.join(', ')})`, 'container-images');
        }
    }
    const containerDefinitions = (current.containerDefinitions ?? []).map((container) => images.has(container.name ?? '') ? { ...container, image: images.get(container.name ?? '') } : container);
    const tags = [...currentTags.filter((tag) => !OURS.has(tag.key ?? '')), ...releaseTags(release)];
    const { input, dropped } = registerable({ ...current, containerDefinitions, tags });
    return { input: input, dropped };
}
/** The tags this suite owns on a revision: a new revision sets them afresh, never inherits them. */
const OURS = new Set([render_RELEASE_TAG, COMMIT_TAG, render_SERVED_TAG, PROMOTED_FROM_TAG]);
/** The tags a new revision of a release carries. */
function releaseTags(release) {
    return [
        { key: render_RELEASE_TAG, value: release.id },
        { key: COMMIT_TAG, value: release.commit },
        ...(release.promotedFrom ? [{ key: PROMOTED_FROM_TAG, value: release.promotedFrom }] : []),
    ];
}
function render_tagValue(tags, key) {
    return tags?.find((tag) => tag.key === key)?.value;
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/commands/DescribeServicesCommand.js
var DescribeServicesCommand = __webpack_require__(6987);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/commands/DescribeTaskDefinitionCommand.js
var DescribeTaskDefinitionCommand = __webpack_require__(2511);
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
                throw new ConfigurationError(`service '${name}' in cluster '${cluster}': ${why}: check the service name, and that cluster names the cluster it runs in`, 'services');
            }
            found.push(service);
        }
    }
    return found;
}
async function service_describeTaskDefinition(clients, arn) {
    const answer = await clients.ecs.send(new DescribeTaskDefinitionCommand/* DescribeTaskDefinitionCommand */.Z({ taskDefinition: arn, include: ['TAGS'] }));
    if (!answer.taskDefinition)
        throw new Error(`DescribeTaskDefinition returned nothing for ${arn}`);
    return { taskDefinition: answer.taskDefinition, tags: answer.tags ?? [] };
}
/** What the service runs now: its task definition (not the family's latest revision) and its tags. */
async function readRunningRelease(clients, cluster, serviceName, input = 'service', described) {
    const service = described ?? (await describeService(clients, cluster, serviceName, input));
    if (service.status !== 'ACTIVE')
        throw new ConfigurationError(`service '${serviceName}' is ${service.status}, not ACTIVE`, input);
    const refusal = deploymentRefusal(service, serviceName);
    if (refusal)
        throw new ConfigurationError(refusal, input);
    const arn = servingTaskDefinition(service);
    if (!arn)
        throw new ConfigurationError(`service '${serviceName}' runs no task definition`, input);
    const { taskDefinition, tags } = await service_describeTaskDefinition(clients, arn);
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

;// CONCATENATED MODULE: ./packages/ecs/src/served-release.ts




/**
 * Whether a release served in a service: a revision of the service's family tagged
 * RELEASE_TAG=release that carries SERVED_TAG (set once its rollout completed). A revision that
 * was only registered, or whose rollout failed, never served. Refuses, naming the input, otherwise.
 */
async function servedRevision(clients, where, release, input) {
    const service = await describeService(clients, where.cluster, where.service, input).catch((error) => {
        if (error instanceof errors/* ConfigurationError */.j)
            throw new errors/* ConfigurationError */.j(error.message, input);
        throw error;
    });
    const family = service.taskDefinition ? (await service_describeTaskDefinition(clients, service.taskDefinition)).taskDefinition.family : undefined;
    if (!family)
        throw new errors/* ConfigurationError */.j(`service '${where.service}' runs no task definition, so no release served there`, input);
    const arns = await listRevisions(clients, family);
    let registered = 0;
    for (const arn of arns) {
        const { tags } = await service_describeTaskDefinition(clients, arn);
        if (render_tagValue(tags, render_RELEASE_TAG) !== release)
            continue;
        if (render_tagValue(tags, render_SERVED_TAG) !== undefined)
            return { taskDefinitionArn: arn, revision: revisionOf(arn) };
        registered += 1;
    }
    const why = registered > 0
        ? `${registered} revision(s) of ${family} carry ${render_RELEASE_TAG}=${release}, but none ${render_SERVED_TAG}: its rollout never completed there`
        : `no ACTIVE revision of ${family} (of ${arns.length}) carries ${render_RELEASE_TAG}=${release}`;
    throw new errors/* ConfigurationError */.j(`release ${release} never served in ${where.cluster}/${where.service}: ${why}. Promote a release that served in the source environment`, input);
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-es/commands/DescribeImagesCommand.js
var DescribeImagesCommand = __webpack_require__(6939);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-es/commands/GetLifecyclePolicyCommand.js
var GetLifecyclePolicyCommand = __webpack_require__(7631);
// EXTERNAL MODULE: ./packages/image/src/promote-source.ts
var promote_source = __webpack_require__(8115);
;// CONCATENATED MODULE: ./packages/image/src/promote.ts




const INDEX_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
async function describeSource(ecr, source) {
    const imageId = source.digest ? { imageDigest: source.digest } : { imageTag: source.tag };
    try {
        const answer = await ecr.send(new DescribeImagesCommand/* DescribeImagesCommand */.j({ repositoryName: source.repository, registryId: source.registryId, imageIds: [imageId] }));
        return answer.imageDetails?.[0];
    }
    catch (error) {
        if ((0,aws_errors/* isNamed */.ev)(error, 'ImageNotFoundException'))
            return undefined;
        if ((0,aws_errors/* isNamed */.ev)(error, 'RepositoryNotFoundException')) {
            throw new errors/* ConfigurationError */.j(`the source repository ${source.repository} does not exist in ECR (${source.registryId ?? 'this account'}, ${source.region}): check promote-from and promote-from-region`, 'promote-from');
        }
        throw error;
    }
}
/** The source repository's lifecycle policy text, or undefined when it has none. */
async function lifecyclePolicyOf(ecr, source) {
    try {
        const answer = await ecr.send(new GetLifecyclePolicyCommand/* GetLifecyclePolicyCommand */.O({ repositoryName: source.repository, registryId: source.registryId }));
        return answer.lifecyclePolicyText;
    }
    catch (error) {
        if ((0,aws_errors/* isNamed */.ev)(error, 'LifecyclePolicyNotFoundException'))
            return undefined;
        throw error;
    }
}
/**
 * The source image's digest, from both views of the registry: ECR's API (DescribeImages in the
 * source region: tags, pushedAt; it sees lifecycle expiry) and the registry's own manifest HEAD
 * (the digest docker pulls). Gone from either is refused, naming the lifecycle rule that expired
 * it when the repository's policy has one that matches, else "deleted".
 */
async function resolveSource(ecr, registry, source) {
    const [detail, remote] = await Promise.all([describeSource(ecr, source), registry.image(source.repository, source.digest ?? source.tag ?? '')]);
    if (!detail || !remote)
        throw new errors/* ConfigurationError */.j((0,promote_source/* goneReason */.q9)(source, await lifecyclePolicyOf(ecr, source)), 'promote-from');
    if (detail.imageDigest && detail.imageDigest !== remote.digest) {
        throw new Error(`ECR lists ${source.text} as ${detail.imageDigest}, but the registry ${source.registry.host} serves ${remote.digest}: the tag moved during the look-up; run again`);
    }
    return { digest: remote.digest, mediaType: remote.mediaType, tags: detail.imageTags ?? [], pushedAt: detail.imagePushedAt };
}
/** Where each destination tag stands against the promoted digest. Pure. */
function placeTags(digest, tags) {
    return tags.map(([tag, remote]) => (!remote ? { tag, state: 'absent' } : remote.digest === digest ? { tag, state: 'there' } : { tag, state: 'other', digest: remote.digest }));
}
/**
 * Copies one image by digest, registry to registry. A multi-platform index goes through `docker
 * buildx imagetools create`, which copies an index as it is. A single-platform manifest goes
 * through pull, tag and push: imagetools create wraps a single manifest in a new index (buildx
 * 0.13 always; later ones unless --prefer-index=false), so the destination's tag would name
 * another digest than the one that was tested. Docker pushes the pulled layers unchanged, and the
 * caller checks that the digest came out equal.
 */
async function copyByDigest(docker, request, log, signal) {
    const step = async (args) => {
        log.info(`docker ${args.join(' ')}`);
        const result = await docker(args, { onLine: (line) => log.info(line), signal });
        if (result.code !== 0)
            throw new Error(`docker ${args.slice(0, 3).join(' ')} failed (exit ${result.code}) while copying ${request.source}:\n${tail(result, 15)}`);
    };
    await group(`Copy ${request.source}`, async () => {
        if (INDEX_TYPES.includes(request.mediaType)) {
            await step(['buildx', 'imagetools', 'create', ...request.names.flatMap((name) => ['--tag', name]), request.source]);
            return;
        }
        await step(['pull', request.source]);
        for (const name of request.names) {
            await step(['tag', request.source, name]);
            await step(['push', name]);
        }
    });
}

;// CONCATENATED MODULE: ./actions/build-push-django-image/src/promote-step.ts




/** Logs the job's Docker config in to a registry with an ECR token; the config then holds both environments' logins. */
async function login(docker, ecr, host, log, signal) {
    const token = await ecrLogin(ecr, secrets/* mask */.dK);
    const registry = host ? (0,reference/* parseRegistry */.l5)(host) : (0,reference/* parseRegistry */.l5)(token.proxyEndpoint);
    if (!registry)
        throw new Error(`no registry to log in to: ${host ?? token.proxyEndpoint}`);
    const loggedIn = await docker(['login', '--username', token.username, '--password-stdin', registry.host], { input: token.password, signal });
    if (loggedIn.code !== 0)
        throw new Error(`docker login to ${registry.host} failed:\n${tail(loggedIn, 10)}`);
    log.info(`Logged in to ${registry.host}`);
    return { registry, client: (fetcher) => new RegistryClient(registry, token, fetcher) };
}
async function promote(inputs, deps, context, run) {
    const { log, signal } = context;
    const promotion = inputs.promotion;
    if (!promotion)
        throw new Error('promote called without promote-from');
    const { source } = promotion;
    const sourceClients = deps.source(source.region);
    if (promotion.service) {
        const served = await servedRevision(sourceClients, promotion.service, source.tag ?? '', 'promote-from-service');
        log.info(`Release ${source.tag} served in ${promotion.service.cluster}/${promotion.service.service} (revision ${served.revision})`);
    }
    const from = await login(deps.docker, sourceClients.ecr, source.registry.host, log, signal);
    const resolved = await resolveSource(sourceClients.ecr, from.client(deps.fetch), source);
    const sourceImage = (0,reference/* imageByDigest */.jq)(source.registry, source.repository, resolved.digest);
    log.info(`Source ${source.text} is ${resolved.digest} (${source.region}${resolved.pushedAt ? `, pushed ${resolved.pushedAt.toISOString()}` : ''}; tags ${resolved.tags.join(', ') || 'none'})`);
    const to = await login(deps.docker, deps.ecr, inputs.registry?.host, log, signal);
    (0,buildkit_inputs/* refuseForeignTags */.gY)(inputs.tagReferences, inputs.repository, to.registry);
    const remote = to.client(deps.fetch);
    const placements = placeTags(resolved.digest, await Promise.all(run.tags.map(async (tag) => [tag, await remote.image(inputs.repository, tag)])));
    const repository = await deps.findOrCreateRepository();
    const taken = placements.filter((placement) => placement.state === 'other' && tagImmutable(repository, placement.tag));
    if (taken.length > 0) {
        const names = taken.map((placement) => `${placement.tag} (${'digest' in placement ? placement.digest : ''})`).join(', ');
        throw new errors/* ConfigurationError */.j(`tag ${names} in ${inputs.repository} is immutable${mutabilityNote(repository)} and holds another image than ${resolved.digest}: nothing was copied. Promote under another tag`, 'tags');
    }
    const missing = placements.filter((placement) => placement.state !== 'there').map((placement) => placement.tag);
    if (missing.length === 0)
        log.info(`${inputs.repository} already holds ${resolved.digest} under ${run.tags.join(', ')}: nothing to copy`);
    else
        await copyByDigest(deps.docker, { source: sourceImage, digest: resolved.digest, mediaType: resolved.mediaType, names: missing.map((tag) => (0,reference/* imageName */.tO)(to.registry, inputs.repository, tag)) }, log, signal);
    // The bytes production runs must be the bytes staging ran: the same manifest digest under every tag.
    const copied = await Promise.all(run.tags.map(async (tag) => [tag, (await remote.image(inputs.repository, tag))?.digest]));
    const wrong = copied.filter(([, digest]) => digest !== resolved.digest);
    if (wrong.length > 0) {
        throw new Error(`copied ${sourceImage}, but ${wrong.map(([tag, digest]) => `${inputs.repository}:${tag} is ${digest ?? 'missing'}`).join(', ')}, not ${resolved.digest}`);
    }
    const size = (await remote.image(inputs.repository, resolved.digest))?.size;
    return {
        image: (0,reference/* imageByDigest */.jq)(to.registry, inputs.repository, resolved.digest),
        digest: resolved.digest,
        tags: run.tags,
        built: false,
        pushed: missing.length > 0,
        size,
        checks: [],
        repositoryCreated: repository.created,
        dockerConfig: run.dockerConfig,
        promotedFrom: sourceImage,
    };
}

// EXTERNAL MODULE: ./packages/image/src/archive.ts
var archive = __webpack_require__(2531);
;// CONCATENATED MODULE: ./actions/build-push-django-image/src/publish.ts


class ImmutableTagConflict extends Error {
    name = 'ImmutableTagConflict';
}
function conflictMessage(repository, state, imageId, note) {
    return (`tag '${state.tag}' in ${repository} is immutable${note} and already holds another image (${state.digest}), ` +
        `not the one just built (image ${imageId}). Nothing was overwritten. Build a new commit, or push under another tag.`);
}
/**
 * ECR refused a tag as immutable that its registry serves no image under: an image in ECR's
 * archive holds it (a registry look-up does not find an archived image). Restored, it is served
 * again, and a re-run with skip-if-exists reuses it rather than building.
 */
function archivedTagMessage(target, tag) {
    const restore = (0,archive/* restoreCommand */.Od)({ region: target.region, repositoryName: target.repository }, { imageTag: tag });
    return (`ECR refused tag '${tag}' in ${target.repository} as immutable, yet serves no image under it: an image in ECR's archive holds it ` +
        `(a lifecycle rule that moves images to the archive, or archived by hand). Nothing was overwritten. Restore that image (${restore}; ECR takes up to ${archive/* RESTORE_WITHIN */.xU}) ` +
        'and run again: with skip-if-exists a tag that names the commit is reused, not built again.');
}
/**
 * Pushes every tag. A tag that already holds the same image (compareTag) is left alone;
 * one that holds another image in an immutable repository fails before anything is pushed.
 */
async function publish(docker, registry, target, log, signal) {
    const local = { id: target.imageId };
    const inspected = new Set();
    // The local image's manifests are read only for a tag holding an index that the image ID does not name.
    const compare = async (tag) => {
        const remote = await registry.tag(target.repository, tag);
        const platforms = (remote?.images ?? []).map((image) => image.platform).filter((platform) => !inspected.has(platform));
        if (platforms.length > 0 && compareTag(tag, remote, local).state === 'different') {
            for (const platform of platforms)
                inspected.add(platform);
            local.manifests = { ...local.manifests, ...(await localManifests(docker, target.names.get(tag), platforms)) };
        }
        return compareTag(tag, remote, local);
    };
    const states = [];
    for (const tag of target.names.keys())
        states.push(await compare(tag));
    // Every immutable tag is compared before the first push, so a clash on the last tag does not
    // leave the first ones moved.
    const note = mutabilityNote(target.repositoryState);
    const clash = states.find((state) => state.state === 'different' && tagImmutable(target.repositoryState, state.tag));
    if (clash)
        throw new ImmutableTagConflict(conflictMessage(target.repository, clash, target.imageId, note));
    const digests = new Map();
    for (const state of states) {
        if (state.state === 'same') {
            log.info(`${target.repository}:${state.tag} already holds this image (${state.digest})`);
            digests.set(state.tag, state.digest);
            continue;
        }
        const name = target.names.get(state.tag);
        const result = await group(`Push ${name}`, () => docker(['push', name], { onLine: (line) => log.info(line), signal }));
        if (result.code !== 0) {
            const output = `${result.stdout}\n${result.stderr}`;
            // Another job pushed the tag between our look and our push: compare again.
            if (isImmutableTagRefusal(output)) {
                const now = await compare(state.tag);
                if (now.state === 'same') {
                    digests.set(state.tag, now.digest);
                    continue;
                }
                if (now.state === 'different')
                    throw new ImmutableTagConflict(conflictMessage(target.repository, now, target.imageId, note));
                if (now.state === 'absent')
                    throw new ImmutableTagConflict(archivedTagMessage(target, state.tag));
            }
            throw new Error(`docker push ${name} failed (exit ${result.code}):\n${tail(result, 15)}`);
        }
        const digest = pushedDigest(result.stdout) ?? (await registry.image(target.repository, state.tag))?.digest;
        if (!digest)
            throw new Error(`pushed ${name}, but the registry does not show it`);
        digests.set(state.tag, digest);
    }
    const first = [...target.names.keys()][0];
    return { digest: digests.get(first), alreadyThere: states.filter((s) => s.state === 'same').map((s) => s.tag) };
}

;// CONCATENATED MODULE: ./actions/build-push-django-image/src/report.ts

function writeOutputs(outcome) {
    setOutputs({ image: outcome.image, digest: outcome.digest, tags: outcome.tags, built: outcome.built, 'docker-config': outcome.dockerConfig, 'promoted-from': outcome.promotedFrom ?? '' });
}
function checkCell(checks) {
    if (checks.length === 0)
        return 'not run';
    const mark = (check) => (!check.passed ? '\u274c' : check.warnings.length || check.left ? '\u26a0\ufe0f' : '\u2705');
    const note = (check) => check.left ? `: left to the deploy: ${check.left}` : check.passed && check.warnings.length ? `: ${check.warnings.length} warning(s) let through: ${check.warnings.join('; ')}` : '';
    return checks.map((check) => `${mark(check)} ${check.name} (${formatDuration(check.ms)})${note(check)}`).join('<br>');
}
function imageWas(outcome) {
    if (outcome.promotedFrom)
        return outcome.pushed ? 'promoted: copied by digest from the source environment' : 'promoted earlier: this repository already held the digest under every tag';
    if (outcome.built)
        return outcome.pushed ? 'built and pushed' : 'built, not pushed (push: false)';
    return 'reused: this commit was already in the registry';
}
async function writeReport(outcome) {
    const table = [
        ['', ''],
        ['image', `\`${outcome.image}\``],
        ['digest', outcome.digest ? `\`${outcome.digest}\`` : 'not pushed'],
        ['tags', outcome.tags.map((tag) => `\`${tag}\``).join(', ')],
        ['size', outcome.size === undefined ? 'unknown' : `${formatBytes(outcome.size)} (compressed, in the registry)`],
        ['image was', imageWas(outcome)],
        ['build time', outcome.buildMs === undefined ? 'no build' : `${formatDuration(outcome.buildMs)} (${outcome.builder})`],
        ['Django checks', outcome.built ? checkCell(outcome.checks) : outcome.promotedFrom ? 'ran when the source environment built the image' : 'ran when the image was built'],
    ];
    if (outcome.promotedFrom)
        table.splice(2, 0, ['promoted from', `\`${outcome.promotedFrom}\` (same digest, nothing built)`]);
    if (outcome.repositoryCreated)
        table.push(['repository', 'created (scan on push, untagged images expire)']);
    await writeSummary('build-push-django-image', [{ heading: 'Image', table }]);
}
const lastLine = (output) => output.trim().split('\n').pop()?.trim() ?? '';
/**
 * The error's account of the failed checks: each one's output and advice, but one output for
 * checks that ended on the same line, as all three do when the settings do not load.
 */
function failedChecksDetail(failed) {
    const groups = [];
    for (const check of failed) {
        const last = lastLine(check.output);
        const same = last ? groups.find((group) => lastLine(group.check.output) === last) : undefined;
        if (same)
            same.names.push(check.name);
        else
            groups.push({ names: [check.name], check, advice: [] });
        if (check.advice)
            (same ?? groups[groups.length - 1]).advice.push(check.advice);
    }
    return groups
        .map(({ names, check, advice }) => [`--- ${names.join(', ')}${names.length > 1 ? ': each ended with the same error ---' : ' ---'}`, check.output, ...advice].join('\n'))
        .join('\n');
}
async function writeFailedChecks(image, checks) {
    const failed = checks.filter((check) => !check.passed);
    await writeSummary('build-push-django-image', [
        {
            heading: 'Django checks failed: nothing was pushed',
            table: [['check', 'result'], ...checks.map((check) => [check.name, check.left ? '\u26a0\ufe0f left to the deploy' : check.passed ? (check.warnings.length ? `\u26a0\ufe0f passed with ${check.warnings.length} warning(s)` : '\u2705 passed') : '\u274c failed'])],
            lines: failed.map((check) => `<details><summary>${check.name}</summary>\n\n\`\`\`\n${check.output}\n\`\`\`\n</details>${check.advice ? `\n\n${check.advice.replace(/\n/g, '<br>')}` : ''}`),
        },
        { heading: 'Image', lines: [`built locally as \`${image}\``] },
    ]);
}
/** The step's outputs and job summary. */
async function report(outcome) {
    writeOutputs(outcome);
    await writeReport(outcome);
}

;// CONCATENATED MODULE: ./actions/build-push-django-image/src/run.ts
















// What runAction loads once the inputs are read (index.ts): defaultDeps, run, report.

function defaultDeps(inputs) {
    const env = process.env;
    return {
        ecr: makeClient(ECRClient/* ECRClient */.S, inputs.aws, src_inputs/* ACTION */.h),
        source: (region) => ({ ecr: makeClient(ECRClient/* ECRClient */.S, { ...inputs.aws, region }, src_inputs/* ACTION */.h), ecs: makeClient(ECSClient/* ECSClient */.Z, { ...inputs.aws, region }, src_inputs/* ACTION */.h) }),
        docker: (configDir) => dockerCli(configDir, env),
        fetch,
        env,
        saveState: (name, value) => core/* saveState */.LZ(name, value),
        templatePath: (0,external_node_path_.join)(env.GITHUB_ACTION_PATH ?? (0,external_node_path_.resolve)(import.meta.dirname, '../../actions', src_inputs/* ACTION */.h), 'templates', 'Dockerfile'),
    };
}
function commitContext(env) {
    return { eventName: env.GITHUB_EVENT_NAME ?? '', sha: env.GITHUB_SHA ?? '', payload: {} };
}
async function eventPayload(env) {
    if (!env.GITHUB_EVENT_PATH)
        return {};
    return JSON.parse(await (0,promises_.readFile)(env.GITHUB_EVENT_PATH, 'utf8').catch(() => '{}'));
}
/** A Docker config of this job's own, so parallel jobs on one runner never share a login. */
async function privateDockerConfig(deps) {
    const parent = deps.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    await (0,promises_.mkdir)(parent, { recursive: true });
    const dir = await makeDockerConfig(parent, deps.env);
    deps.saveState(post/* CONFIG_STATE */.dw, dir);
    return dir;
}
function findOrCreateRepository(ecr, inputs) {
    return ensureRepository(ecr, {
        name: inputs.repository,
        create: inputs.createRepository,
        mutability: inputs.tagMutability,
        untaggedExpiryDays: inputs.untaggedExpiryDays,
    }).catch((error) => {
        if (error.userFixable)
            throw new errors/* ConfigurationError */.j(error.message, 'repository');
        throw error;
    });
}
async function run(inputs, deps, context) {
    const { env } = deps;
    const { log, signal } = context;
    const now = () => context.clock.now();
    const workspace = env.GITHUB_WORKSPACE || process.cwd();
    const commit = { ...commitContext(env), payload: await eventPayload(env) };
    const tags = imageTags(inputs.tags, commit);
    if (tags.length === 0 || !tags[0])
        throw new errors/* ConfigurationError */.j('no tag: set tags, or run in a workflow (GITHUB_SHA names the commit)', 'tags');
    const configDir = await privateDockerConfig(deps);
    if (inputs.promotion) {
        const promoteDeps = { ...deps, docker: deps.docker(configDir), findOrCreateRepository: () => findOrCreateRepository(deps.ecr, inputs) };
        return promote(inputs, promoteDeps, context, { tags, dockerConfig: configDir });
    }
    const scratch = await (0,promises_.mkdtemp)((0,external_node_path_.join)(configDir, '..', 'build-'));
    try {
        const project = await locateProject(inputs, workspace, scratch, deps.templatePath);
        const docker = deps.docker(configDir);
        const builder = await detectBuilder(docker);
        const cache = await refuseUnbuildable(inputs, builder, env, { path: project.dockerfile, shown: (0,external_node_path_.relative)(workspace, project.dockerfile) || project.dockerfile });
        const login = await ecrLogin(deps.ecr, secrets/* mask */.dK);
        const registry = inputs.registry ?? (0,reference/* parseRegistry */.l5)(login.proxyEndpoint);
        if (!registry)
            throw new Error(`GetAuthorizationToken returned a proxy endpoint that is not a registry: ${login.proxyEndpoint}`);
        (0,buildkit_inputs/* refuseForeignTags */.gY)(inputs.tagReferences, inputs.repository, registry);
        const loggedIn = await docker(['login', '--username', login.username, '--password-stdin', registry.host], { input: login.password, signal });
        if (loggedIn.code !== 0)
            throw new Error(`docker login to ${registry.host} failed:\n${tail(loggedIn, 10)}`);
        log.info(`Logged in to ${registry.host} (Docker config ${configDir}, removed by the post step)`);
        // A build-only run changes nothing in AWS: it neither creates the repository nor needs it.
        const repository = inputs.push ? await findOrCreateRepository(deps.ecr, inputs) : { created: false, mutability: inputs.tagMutability, exclusionFilters: [] };
        if (repository.created)
            log.info(`Created ECR repository ${inputs.repository} (${repository.mutability} tags, scan on push)`);
        const remote = new RegistryClient(registry, login, deps.fetch);
        const base = { tags, repositoryCreated: repository.created, checks: [], dockerConfig: configDir };
        // Only a tag that names this commit says the image in the registry is this build; a moving
        // tag (latest, main) may hold any earlier image, so without one the image is built.
        const reusable = inputs.skipIfExists && namesCommit(tags[0], commitOf(commit));
        if (inputs.skipIfExists && !reusable)
            log.info(`skip-if-exists: ${tags[0]} does not name commit ${commitOf(commit) || '(unknown)'}, so an image under it may be older: building`);
        const existing = reusable ? await remote.image(inputs.repository, tags[0]) : undefined;
        if (existing) {
            log.info(`${inputs.repository}:${tags[0]} is already in the registry (${existing.digest}): reusing it, no build`);
            const missing = (await Promise.all(tags.slice(1).map(async (tag) => ((await remote.image(inputs.repository, tag)) ? undefined : tag)))).filter(Boolean);
            if (missing.length > 0)
                log.warning(`reused ${tags[0]}, but these tags are not in the registry and were not added: ${missing.join(', ')}`);
            return { ...base, image: (0,reference/* imageByDigest */.jq)(registry, inputs.repository, existing.digest), digest: existing.digest, built: false, pushed: false, size: existing.size };
        }
        const names = new Map(tags.map((tag) => [tag, (0,reference/* imageName */.tO)(registry, inputs.repository, tag)]));
        const platformNotice = runnerPlatformNotice(deps.env.RUNNER_ARCH, inputs.platforms);
        if (platformNotice)
            core/* notice */.lm((0,src_log/* neutralise */.$)(platformNotice));
        const built = await buildImage(docker, inputs, project, [...names.values()], scratch, { builder, cache, env, payload: commit.payload, log, now, signal });
        const localName = names.get(tags[0]);
        const checks = project.managePy && !built.pushed
            ? await runDjangoChecks(docker, inputs, localName, project.managePy, { log, now, signal, ...(await checksSettingsModule(docker, inputs, project, localName, log)) })
            : [];
        const failed = checks.filter((check) => !check.passed);
        if (failed.length > 0) {
            await writeFailedChecks(localName, checks);
            throw new Error(`Django checks failed in the built image: ${failed.map((check) => check.name).join(', ')}. Nothing was pushed.\n${failedChecksDetail(failed)}`);
        }
        const outcome = { ...base, checks, built: true, buildMs: built.buildMs, builder: built.builder };
        if (!inputs.push)
            return { ...outcome, image: localName, digest: '', pushed: false };
        const pushedByBuilder = built.pushed ? await remote.image(inputs.repository, tags[0]) : undefined;
        const digest = pushedByBuilder?.digest ??
            (await publish(docker, remote, { repository: inputs.repository, region: inputs.aws.region, names, imageId: built.imageId, repositoryState: repository }, log, signal)).digest;
        const size = (await remote.image(inputs.repository, tags[0]))?.size;
        return { ...outcome, image: (0,reference/* imageByDigest */.jq)(registry, inputs.repository, digest), digest, pushed: true, size };
    }
    finally {
        await (0,promises_.rm)(scratch, { recursive: true, force: true });
    }
}


/***/ })

};

//# sourceMappingURL=215.index.js.map