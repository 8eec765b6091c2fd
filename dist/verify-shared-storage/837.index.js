export const id = 837;
export const ids = [837];
export const modules = {

/***/ 8837:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  defaultDeps: () => (/* binding */ defaultDeps),
  report: () => (/* reexport */ report),
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/ECSClient.js + 8 modules
var ECSClient = __webpack_require__(7777);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-rds/dist-es/RDSClient.js + 8 modules
var RDSClient = __webpack_require__(7278);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-route-53/dist-es/Route53Client.js + 8 modules
var Route53Client = __webpack_require__(2626);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/S3Client.js + 9 modules
var S3Client = __webpack_require__(8897);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-secrets-manager/dist-es/SecretsManagerClient.js + 8 modules
var SecretsManagerClient = __webpack_require__(3072);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-es/SSMClient.js + 8 modules
var SSMClient = __webpack_require__(7650);
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
    const dir = await mkdtemp(join(parent, 'docker-config-'));
    await writeFile(join(dir, 'config.json'), `${JSON.stringify({ cliPluginsExtraDirs: [join(userDockerConfig(env), 'cli-plugins')] }, null, 2)}\n`, { mode: 0o600 });
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

// EXTERNAL MODULE: ./packages/kit/src/secrets.ts
var src_secrets = __webpack_require__(4593);
// EXTERNAL MODULE: ./packages/kit/src/entry.ts + 3 modules
var entry = __webpack_require__(5859);
// EXTERNAL MODULE: ./packages/kit/src/errors.ts
var errors = __webpack_require__(7817);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/commands/DescribeTaskDefinitionCommand.js
var DescribeTaskDefinitionCommand = __webpack_require__(2511);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-es/commands/DescribeServicesCommand.js
var DescribeServicesCommand = __webpack_require__(6987);
;// CONCATENATED MODULE: ./packages/storage/src/task-definition.ts



/** Reads a task definition from a file written by a render step or `aws ecs describe-task-definition`. */
function parseTaskDefinitionFile(text, path) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j(`${path} is not valid JSON (${error.message})`, 'task-definition');
    }
    const candidate = (parsed && typeof parsed === 'object' && 'taskDefinition' in parsed ? parsed.taskDefinition : parsed);
    if (!candidate || typeof candidate !== 'object' || !Array.isArray(candidate.containerDefinitions) || candidate.containerDefinitions.length === 0) {
        throw new errors/* ConfigurationError */.j(`${path} holds no containerDefinitions: give a task definition JSON (with or without the taskDefinition wrapper)`, 'task-definition');
    }
    return candidate;
}
async function loadTaskDefinition(source, ecs) {
    if (source.kind === 'file') {
        const text = await (0,promises_.readFile)(source.path, 'utf8').catch((error) => {
            throw new errors/* ConfigurationError */.j(`cannot read ${source.path} (${error.code ?? error.message})`, 'task-definition');
        });
        return { taskDefinition: parseTaskDefinitionFile(text, source.path), origin: source.path };
    }
    const reference = source.kind === 'reference' ? source.reference : await serviceTaskDefinition(ecs(), source.cluster, source.service);
    const described = await ecs().send(new DescribeTaskDefinitionCommand/* DescribeTaskDefinitionCommand */.Z({ taskDefinition: reference })).catch((error) => {
        // ECS answers ClientException for a family or revision it does not have.
        if (!(0,aws_errors/* isNamed */.ev)(error, 'ClientException'))
            throw error;
        throw new errors/* ConfigurationError */.j(`${reference}: ${(0,errors/* describeThrown */.Y)(error).message} Give a registered family:revision or ARN in this account and region (aws-region), or the path of a rendered task definition file`, source.kind === 'service' ? 'service' : 'task-definition');
    });
    if (!described.taskDefinition)
        throw new errors/* ConfigurationError */.j(`no task definition ${reference}`, 'task-definition');
    return { taskDefinition: described.taskDefinition, origin: described.taskDefinition.taskDefinitionArn ?? reference };
}
async function serviceTaskDefinition(ecs, cluster, service) {
    const described = await ecs.send(new DescribeServicesCommand/* DescribeServicesCommand */.H({ cluster, services: [service] })).catch((error) => {
        if (!(0,aws_errors/* isNamed */.ev)(error, 'ClusterNotFoundException'))
            throw error;
        throw new errors/* ConfigurationError */.j(`no cluster ${cluster} in this account and region: check the cluster input (and aws-region)`, 'cluster');
    });
    const found = described.services?.find((candidate) => candidate.status !== 'INACTIVE');
    if (!found?.taskDefinition) {
        const reason = described.failures?.[0]?.reason ?? 'not found';
        throw new errors/* ConfigurationError */.j(`service ${service} in cluster ${cluster}: ${reason}. Check the cluster and service inputs`, 'service');
    }
    return found.taskDefinition;
}

;// CONCATENATED MODULE: ./packages/ecs/src/container.ts

/**
 * The Django container of a task definition, which the deploy swaps and the storage checks read:
 * the one asked for; else the one the service's load balancer sends traffic to; else the only
 * container; else the only essential one; else the only essential one that maps a port (the web
 * container, beside a log router or a sidecar). Anything else is ambiguous: the user names it.
 */
function chooseContainer(definition, requested, service = {}) {
    const containers = definition.containerDefinitions ?? [];
    const names = (list) => list.map((container) => container.name ?? '(unnamed)').join(', ');
    if (requested) {
        const named = containers.find((container) => container.name === requested);
        if (named)
            return named;
        const label = definition.family ? ` ${definition.family}${definition.revision ? `:${definition.revision}` : ''}` : '';
        throw new errors/* ConfigurationError */.j(`the task definition${label} has no container '${requested}' (it has ${names(containers)})`, 'container-name');
    }
    const balanced = [...new Set((service.loadBalancers ?? []).map((balancer) => balancer.containerName).filter((name) => !!name))];
    if (balanced.length > 1) {
        throw new errors/* ConfigurationError */.j(`the service's load balancers reach several containers (${balanced.join(', ')}): name the one to deploy`, 'container-name');
    }
    const behindBalancer = containers.find((container) => balanced.length === 1 && container.name === balanced[0]);
    if (behindBalancer)
        return behindBalancer;
    if (containers.length === 1)
        return containers[0];
    const essential = containers.filter((container) => container.essential !== false);
    if (essential.length === 1)
        return essential[0];
    const serving = essential.filter((container) => (container.portMappings ?? []).length > 0);
    if (serving.length === 1)
        return serving[0];
    throw new errors/* ConfigurationError */.j(`the task definition has several candidate containers, ${essential.length} essential containers (${names(essential)}) and no load balancer to tell them apart: name the Django one`, 'container-name');
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: ./packages/kit/src/names.ts
var names = __webpack_require__(4728);
;// CONCATENATED MODULE: ./packages/storage/src/checks.ts
const pass = (id, message) => ({ id, result: 'pass', message });
const skip = (id, message) => ({ id, result: 'skip', message });
const warn = (id, message, fix) => ({ id, result: 'warn', message, fix });
const fail = (id, message, fix) => ({ id, result: 'fail', message, fix });
/** The checks that make the run fail: every `fail`, and every `warn` too with `fail-on: warning`. */
function blocking(checks, failOn) {
    return checks.filter((check) => check.result === 'fail' || (failOn === 'warning' && check.result === 'warn'));
}
const MARK = { pass: '\u2705 pass', warn: '\u26a0\ufe0f warn', fail: '\u274c fail', skip: '\u2796 skip' };
/** The job-summary table: one row per check, header first. */
function summaryTable(checks) {
    return [['check', 'result', 'found', 'fix'], ...checks.map((check) => [check.id, MARK[check.result], check.message, check.fix ?? ''])];
}
function counts(checks) {
    const tally = { pass: 0, warn: 0, fail: 0, skip: 0 };
    for (const check of checks)
        tally[check.result] += 1;
    return tally;
}

;// CONCATENATED MODULE: ./packages/storage/src/environment.ts
function containerEnvironment(container) {
    const environment = new Map();
    for (const entry of container.environment ?? []) {
        if (entry.name)
            environment.set(entry.name, { kind: 'plain', value: entry.value ?? '' });
    }
    // ECS refuses a name in both lists; were it to happen, the secret is what the task would see.
    for (const entry of container.secrets ?? []) {
        if (entry.name && entry.valueFrom)
            environment.set(entry.name, { kind: 'secret', from: entry.valueFrom });
    }
    return environment;
}
/** The value the task would see, when known here: plain, or a secret resolved earlier. */
function known(environment, name) {
    const setting = environment.get(name);
    if (!setting)
        return undefined;
    return setting.kind === 'plain' ? setting.value : setting.value;
}
/**
 * Where a `valueFrom` points, as the ECS developer guide documents it: a Secrets Manager ARN,
 * optionally followed by `:json-key:version-stage:version-id`, or an SSM parameter ARN or name.
 */
function secretSource(valueFrom) {
    const manager = /^(arn:aws[a-z-]*:secretsmanager:[^:]*:\d{12}:secret:[^:]+)(?::([^:]*)(?::([^:]*)(?::([^:]*))?)?)?$/.exec(valueFrom);
    if (manager) {
        const [, secretId, jsonKey, versionStage, versionId] = manager;
        return { service: 'secretsmanager', secretId, jsonKey: jsonKey || undefined, versionStage: versionStage || undefined, versionId: versionId || undefined };
    }
    return { service: 'ssm', name: valueFrom };
}
function describeSource(valueFrom) {
    const source = secretSource(valueFrom);
    if (source.service === 'ssm')
        return `SSM parameter ${source.name}`;
    return `Secrets Manager secret ${source.secretId}${source.jsonKey ? ` (key ${source.jsonKey})` : ''}`;
}

;// CONCATENATED MODULE: ./packages/storage/src/database-url.ts
// dj-database-url's scheme table, grouped by the backend each scheme selects.
const SCHEMES = {
    postgres: 'postgresql', postgresql: 'postgresql', pgsql: 'postgresql', postgis: 'postgresql',
    redshift: 'postgresql', cockroach: 'postgresql', timescale: 'postgresql', timescalegis: 'postgresql',
    mysql: 'mysql', mysql2: 'mysql', mysqlgis: 'mysql', 'mysql-connector': 'mysql', mariadb: 'mysql',
    sqlite: 'sqlite', spatialite: 'sqlite',
    oracle: 'oracle', oraclegis: 'oracle',
    mssql: 'mssql', mssqlms: 'mssql',
};
class DatabaseUrlError extends Error {
    name = 'DatabaseUrlError';
}
function decode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
/**
 * Splits a database URL the way dj-database-url (urllib's urlsplit) does: the user part ends at
 * the last `@`, so an unencoded `@` in a password still parses as Django would read it. Never
 * puts the URL or the password in an error message.
 */
function parseDatabaseUrl(url) {
    const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/s.exec(url.trim());
    if (!match)
        throw new DatabaseUrlError('is not a URL of the form scheme://user:password@host:port/name');
    const scheme = match[1].toLowerCase();
    const engine = SCHEMES[scheme] ?? 'other';
    const rest = match[2];
    if (engine === 'sqlite')
        return { engine, scheme, file: sqliteFile(rest) };
    const slash = rest.search(/[/?#]/);
    const netloc = slash === -1 ? rest : rest.slice(0, slash);
    const tail = slash === -1 ? '' : rest.slice(slash);
    const at = netloc.lastIndexOf('@');
    const userinfo = at === -1 ? '' : netloc.slice(0, at);
    const hostport = at === -1 ? netloc : netloc.slice(at + 1);
    const colon = userinfo.indexOf(':');
    const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
    const password = colon === -1 ? undefined : userinfo.slice(colon + 1);
    const { host, port } = splitHostPort(hostport);
    const path = /^\/([^?#]*)/.exec(tail)?.[1] ?? '';
    const query = new URLSearchParams(/\?([^#]*)/.exec(tail)?.[1] ?? '');
    const socketHost = query.get('host') ?? undefined;
    return {
        engine,
        scheme,
        host: host ? decode(host) : socketHost,
        port,
        name: path ? decode(path) : undefined,
        user: user ? decode(user) : undefined,
        password: password !== undefined && password !== '' ? decode(password) : undefined,
    };
}
function sqliteFile(rest) {
    // sqlite://:memory: and sqlite:// are in memory; sqlite:///x is relative, sqlite:////x absolute.
    if (rest === '' || rest === ':memory:')
        return ':memory:';
    const slash = rest.indexOf('/');
    return decode(slash === -1 ? rest : rest.slice(slash + 1)) || ':memory:';
}
function splitHostPort(hostport) {
    if (hostport.startsWith('[')) {
        const close = hostport.indexOf(']');
        if (close === -1)
            throw new DatabaseUrlError('has an IPv6 host without its closing ]');
        const after = hostport.slice(close + 1);
        return { host: hostport.slice(1, close), port: after.startsWith(':') ? parsePort(after.slice(1)) : undefined };
    }
    const colon = hostport.lastIndexOf(':');
    if (colon === -1)
        return { host: hostport };
    return { host: hostport.slice(0, colon), port: parsePort(hostport.slice(colon + 1)) };
}
function parsePort(text) {
    if (text === '')
        return undefined;
    if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
        throw new DatabaseUrlError(`has a port that is not a number from 1 to 65535`);
    return Number(text);
}
/** Django ENGINE strings (django.db.backends.postgresql, ...) and bare names to an engine. */
function engineOfBackend(backend) {
    const text = backend.toLowerCase();
    if (/sqlite|spatialite/.test(text))
        return 'sqlite';
    if (/postg|psycopg|redshift|cockroach|timescale/.test(text))
        return 'postgresql';
    if (/mysql|maria/.test(text))
        return 'mysql';
    if (/oracle/.test(text))
        return 'oracle';
    if (/mssql|sql_server|sqlserver/.test(text))
        return 'mssql';
    return 'other';
}

;// CONCATENATED MODULE: ./packages/storage/src/database.ts



// Prefixes of the host-style variables people use instead of a URL, with the engine each implies.
const PREFIXES = [
    ['DB', undefined], ['DATABASE', undefined], ['POSTGRES', 'postgresql'], ['POSTGRESQL', 'postgresql'],
    ['PG', 'postgresql'], ['MYSQL', 'mysql'], ['RDS', undefined],
];
function findDatabase(environment, urlVariable) {
    const url = environment.get(urlVariable);
    if (url)
        return fromUrl(urlVariable, url);
    for (const [prefix, implied] of PREFIXES) {
        const found = fromHostVariables(environment, prefix, implied);
        if (found)
            return found;
    }
    return { state: 'missing' };
}
function fromUrl(variable, setting) {
    const value = setting.value;
    if (value === undefined)
        return { state: 'reference', variable, from: setting.from };
    try {
        const target = parseDatabaseUrl(value);
        return { state: 'found', variables: [variable], target, plainPassword: setting.kind === 'plain' && target.password !== undefined };
    }
    catch (error) {
        if (error instanceof DatabaseUrlError)
            return { state: 'invalid', variable, reason: error.message };
        throw error;
    }
}
function fromHostVariables(environment, prefix, implied) {
    const name = (suffixes) => suffixes.map((suffix) => (prefix === 'PG' ? `PG${suffix}` : `${prefix}_${suffix}`)).find((candidate) => environment.has(candidate));
    const hostVariable = name(['HOST', 'HOSTNAME']);
    const engineVariable = name(['ENGINE']);
    const engineText = engineVariable ? environment.get(engineVariable)?.value : undefined;
    const engine = engineText ? engineOfBackend(engineText) : implied ?? 'other';
    const nameVariable = name(['NAME', 'DB', 'DATABASE', 'DB_NAME']);
    const databaseName = nameVariable ? environment.get(nameVariable)?.value : undefined;
    if (!hostVariable) {
        if (engine !== 'sqlite' || !engineVariable)
            return undefined;
        return { state: 'found', variables: [engineVariable], target: { engine, scheme: engineText ?? '', file: databaseName ?? 'db.sqlite3' }, plainPassword: false };
    }
    const host = environment.get(hostVariable);
    if (host.value === undefined)
        return { state: 'reference', variable: hostVariable, from: host.from };
    const portVariable = name(['PORT']);
    const port = portVariable ? Number(environment.get(portVariable)?.value) : undefined;
    const passwordVariable = name(['PASSWORD']);
    const target = {
        engine,
        scheme: engineText ?? (implied ? prefix : `${prefix}_ENGINE not set`),
        host: host.value,
        port: Number.isInteger(port) ? port : undefined,
        name: databaseName,
        file: engine === 'sqlite' ? databaseName : undefined,
    };
    const variables = [hostVariable, engineVariable, nameVariable, portVariable].filter((variable) => Boolean(variable));
    const plainPassword = passwordVariable !== undefined && environment.get(passwordVariable)?.kind === 'plain';
    return { state: 'found', variables, target, plainPassword };
}
const SHARED_FIX = 'Point the task at the shared RDS database: set DATABASE_URL (or the secret it comes from) to postgres://USER:PASSWORD@ENDPOINT:5432/NAME with the RDS endpoint';
/** database-configured, database-credentials, database-engine and database-host. */
function databaseChecks(finding, urlVariable, allowResolution) {
    if (finding.state === 'missing') {
        return [
            fail('database-configured', `no ${urlVariable}, nor DB_HOST, DATABASE_HOST, POSTGRES_HOST, PGHOST, MYSQL_HOST or RDS_HOSTNAME in the container's environment or secrets: Django would use its settings' default, usually a SQLite file inside the task`, SHARED_FIX),
            skip('database-engine', 'no database configured'),
            skip('database-host', 'no database configured'),
        ];
    }
    if (finding.state === 'invalid') {
        return [
            fail('database-configured', `${finding.variable} ${finding.reason}`, `Write ${finding.variable} as scheme://USER:PASSWORD@HOST:PORT/NAME, URL-encoding special characters in the password`),
            skip('database-engine', `${finding.variable} could not be read`),
            skip('database-host', `${finding.variable} could not be read`),
        ];
    }
    if (finding.state === 'reference') {
        const why = allowResolution ? 'it could not be resolved' : 'allow-secret-resolution is false';
        return [
            pass('database-configured', `${finding.variable} comes from ${describeSource(finding.from)} (value not read: ${why})`),
            skip('database-engine', `${finding.variable} is a secret reference; set allow-secret-resolution: true to check its engine`),
            skip('database-host', `${finding.variable} is a secret reference; set allow-secret-resolution: true to check its host`),
        ];
    }
    const { target, variables } = finding;
    const checks = [pass('database-configured', `${variables.join(', ')}: ${describeTarget(target)}`)];
    if (finding.plainPassword) {
        checks.push(warn('database-credentials', `the database password is in the task definition's plain environment (${variables[0]}), readable by anyone who can describe the task definition`, `Move ${variables[0]} to the container's secrets (valueFrom a Secrets Manager ARN or an SSM SecureString)`));
    }
    checks.push(engineCheck(target), hostCheck(target));
    return checks;
}
function describeTarget(target) {
    if (target.engine === 'sqlite')
        return `SQLite file ${target.file}`;
    const port = target.port ? `:${target.port}` : '';
    return `${target.engine === 'other' ? target.scheme : target.engine} on ${target.host || '(no host)'}${port}${target.name ? `, database ${target.name}` : ''}`;
}
function engineCheck(target) {
    if (target.engine === 'sqlite') {
        return fail('database-engine', `SQLite (${target.file}): each task keeps its own file, so users and data split between copies and vanish when a task is replaced`, SHARED_FIX);
    }
    if (target.engine === 'other') {
        return warn('database-engine', `engine not recognised (${target.scheme})`, 'Use a postgres:// or mysql:// URL, or set DB_ENGINE alongside DB_HOST, so the engine can be checked');
    }
    return pass('database-engine', `${target.engine} (a server shared by every task)`);
}
const LOCAL_NAMES = new Set(['localhost', 'host.docker.internal', 'gateway.docker.internal', '0.0.0.0', '::', '::1']);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/** Why a host is local to the task (fail) or cannot be a stable shared endpoint (warn), if it is either. */
function hostConcern(host) {
    const text = (host ?? '').trim().toLowerCase().replace(/\.$/, '');
    if (!text)
        return { level: 'fail', reason: 'no host: the driver connects to a socket inside the task' };
    if (text.startsWith('/'))
        return { level: 'fail', reason: `${host} is a Unix socket inside the task` };
    if (LOCAL_NAMES.has(text) || text.endsWith('.localhost') || /^127\./.test(text) || /^::ffff:127\./.test(text)) {
        return { level: 'fail', reason: `${host} is the task itself: each task would need its own database server` };
    }
    if (IPV4.test(text) || text.includes(':')) {
        return { level: 'warn', reason: `${host} is an IP address: an RDS endpoint's address changes on failover and maintenance` };
    }
    if (!text.includes('.')) {
        return { level: 'warn', reason: `${host} has no domain: it looks like a docker-compose service name, which ECS resolves only through Service Connect or a search domain` };
    }
    return undefined;
}
function hostCheck(target) {
    if (target.engine === 'sqlite')
        return skip('database-host', 'SQLite has no host');
    const concern = hostConcern(target.host);
    if (!concern)
        return pass('database-host', `${target.host} (a network host)`);
    const make = concern.level === 'fail' ? fail : warn;
    return make('database-host', concern.reason, SHARED_FIX);
}

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
            const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
            for (const entry of entries) {
                if (entry.isFile() && entry.name === 'manage.py')
                    found.push(join(dir, entry.name));
                else if (entry.isDirectory() && !django_SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.'))
                    next.push(join(dir, entry.name));
            }
        }
        if (found.length > 0)
            return found.sort().map((file) => relative(context, file).split(sep).join(posix.sep))[0];
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
function checkEnvironment(settings, secretKey = randomBytes(48).toString('base64url')) {
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

;// CONCATENATED MODULE: ./packages/image/src/settings-module.ts




/**
 * The wsgi.py files in manage.py's folder and below (3 levels, as a project lays them out), with
 * the settings module each names by default; asgi.py files only where no wsgi.py names one.
 */
async function findServerModules(context, managePy) {
    const found = { 'wsgi.py': [], 'asgi.py': [] };
    let level = [join(context, posix.dirname(managePy))];
    for (let depth = 0; depth <= 3 && level.length > 0; depth += 1) {
        const next = [];
        for (const dir of level) {
            const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
            for (const entry of entries) {
                const path = join(dir, entry.name);
                if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.'))
                    next.push(path);
                if (!entry.isFile() || (entry.name !== 'wsgi.py' && entry.name !== 'asgi.py'))
                    continue;
                const module = settingsModule(await readFile(path, 'utf8').catch(() => ''));
                if (module)
                    found[entry.name].push({ file: relative(context, path).split(sep).join(posix.sep), module });
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
    return ['-c', SERVER_SETTINGS_PRELUDE, JSON.stringify([...django_SKIPPED_FOLDERS]), ...args];
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
const PRODUCTION_NAMES = (/* unused pure expression or super */ null && (['production', 'prod']));
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
    const folder = join(context, posix.dirname(managePy), ...parts.slice(0, -1));
    for (const name of PRODUCTION_NAMES) {
        const found = await access(join(folder, `${name}.py`)).then(() => true, () => false);
        if (found)
            return [...parts.slice(0, -1), name].join('.');
    }
    return undefined;
}
/** The hint for checks that load another module than the production one beside it. */
function productionSiblingHint(loaded, sibling) {
    return `The Django checks load ${loaded}, and ${sibling} is beside it: if production runs ${sibling} (DJANGO_SETTINGS_MODULE in the task definition), set DJANGO_SETTINGS_MODULE=${sibling} in check-env so the checks load it too.`;
}

;// CONCATENATED MODULE: ./packages/storage/src/django-settings.ts



const MARKER = '@@verify-shared-storage@@';
// Loads the settings as the app would (django.setup) and prints them; nothing connects anywhere:
// no query runs, no storage is instantiated, and the container has no network.
const SNIPPET = `
import json, os, django
from django.conf import settings
django.setup()
from django.apps import apps
from django.db.models import FileField
file_fields = sorted('%s.%s.%s' % (model._meta.app_label, model.__name__, field.name) for model in apps.get_models() for field in model._meta.get_fields() if isinstance(field, FileField))
storage_settings = []
if settings.is_overridden('STORAGES'):
    own = ((settings.STORAGES or {}).get('default') or {}).get('BACKEND') or ''
    if own and 'FileSystemStorage' not in own: storage_settings.append('STORAGES default ' + own)
if settings.is_overridden('DEFAULT_FILE_STORAGE'): storage_settings.append('DEFAULT_FILE_STORAGE ' + str(settings.DEFAULT_FILE_STORAGE))
if settings.is_overridden('MEDIA_ROOT') and settings.MEDIA_ROOT: storage_settings.append('MEDIA_ROOT ' + str(settings.MEDIA_ROOT))
db = settings.DATABASES.get('default', {})
default = (getattr(settings, 'STORAGES', None) or {}).get('default') or {}
backend = default.get('BACKEND') or getattr(settings, 'DEFAULT_FILE_STORAGE', None) or 'django.core.files.storage.FileSystemStorage'
bucket = (default.get('OPTIONS') or {}).get('bucket_name') or getattr(settings, 'AWS_STORAGE_BUCKET_NAME', None)
print(${JSON.stringify(MARKER)} + json.dumps({
  'django': django.get_version(),
  'settingsModule': os.environ.get('DJANGO_SETTINGS_MODULE', ''),
  'database': {k: str(db.get(k) or '') for k in ('ENGINE', 'HOST', 'NAME', 'PORT')},
  'storage': {'BACKEND': str(backend), 'bucket': str(bucket) if bucket else None},
  'mediaRoot': str(getattr(settings, 'MEDIA_ROOT', '') or ''),
  'files': {'fileFields': file_fields, 'storageSettings': storage_settings},
}))
`.trim();
/** Stands in for a secret the image check never sees; `.invalid` can never resolve. */
const PLACEHOLDER_HOST = 'placeholder-database.invalid';
/**
 * The environment the image runs with: plain values as the task definition has them, and a
 * placeholder for every secret, so no secret reaches the container. A database URL secret
 * becomes a URL of the same scheme to PLACEHOLDER_HOST, so the settings can still show they read it.
 */
function imageEnvironment(environment, urlVariable) {
    const result = {};
    for (const [name, setting] of environment) {
        if (setting.kind === 'plain')
            result[name] = setting.value;
        else if (name === urlVariable)
            result[name] = `${schemeOf(setting.value)}://placeholder:placeholder@${PLACEHOLDER_HOST}:5432/placeholder`;
        else
            result[name] = /HOST/i.test(name) ? PLACEHOLDER_HOST : 'placeholder';
    }
    return result;
}
function schemeOf(url) {
    const scheme = url ? /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(url)?.[1] : undefined;
    return scheme && !/^sqlite|^spatialite/i.test(scheme) ? scheme : 'postgres';
}
/** Reads the marker line out of the container's output. */
function parseEffectiveSettings(stdout) {
    const line = stdout.split('\n').find((candidate) => candidate.startsWith(MARKER));
    if (!line)
        return undefined;
    try {
        return JSON.parse(line.slice(MARKER.length));
    }
    catch {
        return undefined;
    }
}
const same = (a, b) => (a ?? '').trim().toLowerCase().replace(/\.$/, '') === (b ?? '').trim().toLowerCase().replace(/\.$/, '');
const DATABASE_FIX = (variable) => `Build DATABASES from the environment in the settings module (DATABASES = {'default': dj_database_url.config(env='${variable}')}) and drop the SQLite fallback, or make it fail loudly when ${variable} is unset`;
/** django-database: the database Django really uses is the one the environment names. */
function databaseSettingsCheck(effective, expected, variable) {
    const { ENGINE: engine, HOST: host, NAME: name } = effective.database;
    const uses = `Django ${effective.django} (${effective.settingsModule || 'settings'}${effective.settingsSource ? `, ${effective.settingsSource}` : ''}) uses ${engine || 'no ENGINE'}${host ? ` on ${host}` : ''}${name ? `, NAME ${name}` : ''}`;
    const effectiveEngine = engineOfBackend(engine);
    if (effectiveEngine === 'sqlite') {
        const ignored = expected && expected.engine !== 'sqlite' ? `, although ${variable} names ${expected.engine} on ${expected.host}: the settings ignore it` : '';
        return fail('django-database', `${uses}${ignored}; each task would keep its own SQLite file`, DATABASE_FIX(variable));
    }
    if (expected && expected.engine !== 'sqlite' && !same(host, expected.host)) {
        return fail('django-database', `${uses}, but the environment names ${expected.host}: the settings read the database from somewhere else`, DATABASE_FIX(variable));
    }
    const concern = hostConcern(host);
    if (concern?.level === 'fail')
        return fail('django-database', `${uses}: ${concern.reason}`, DATABASE_FIX(variable));
    return pass('django-database', `${uses}, as the environment says`);
}
const STORAGE_FIX = (variable) => `Set STORAGES = {'default': {'BACKEND': 'storages.backends.s3.S3Storage'}, 'staticfiles': {...}} and AWS_STORAGE_BUCKET_NAME = os.environ['${variable}'] in the settings module`;
/** django-storage: uploads go to the bucket the environment names, not to MEDIA_ROOT on the task. */
function storageSettingsCheck(effective, expectedBucket, variable) {
    const { BACKEND: backend, bucket } = effective.storage;
    if (/filesystem/i.test(backend)) {
        return fail('django-storage', `default storage is ${backend}: uploads are written to MEDIA_ROOT (${effective.mediaRoot || 'unset'}) on whichever task took the request`, STORAGE_FIX(variable));
    }
    if (!/s3/i.test(backend)) {
        return warn('django-storage', `default storage is ${backend}, not S3: its sharing cannot be checked here`, STORAGE_FIX(variable));
    }
    if (expectedBucket && bucket && bucket !== expectedBucket) {
        return fail('django-storage', `default storage is ${backend} on bucket ${bucket}, but ${variable} is ${expectedBucket}`, STORAGE_FIX(variable));
    }
    if (expectedBucket && !bucket) {
        return fail('django-storage', `default storage is ${backend} with no bucket name, though ${variable} is ${expectedBucket}`, STORAGE_FIX(variable));
    }
    return pass('django-storage', `default storage is ${backend}${bucket ? ` on bucket ${bucket}` : ''}`);
}
/** The database the image was told about, read back from the environment it was given. */
function expectedDatabase(passed, variable) {
    const environment = new Map(Object.entries(passed).map(([name, value]) => [name, { kind: 'plain', value }]));
    const finding = findDatabase(environment, variable);
    return finding.state === 'found' ? finding.target : undefined;
}

;// CONCATENATED MODULE: ./packages/storage/src/image-check.ts



/**
 * The docker arguments: no network, no pull, the environment forwarded by name (`-e NAME`) so no
 * value appears on a command line. With a settings module known, the image's Python runs the
 * snippet; without one, `manage.py shell -c` runs it, after the prelude of serverSettingsCommand
 * has set the module the server loads where its wsgi.py names another than manage.py.
 */
function dockerArguments(image, passed, python, viaManage) {
    const names = Object.keys(passed).sort();
    const command = viaManage ? serverSettingsCommand(['shell', '-c', SNIPPET]) : ['-c', SNIPPET];
    return ['run', '--rm', '--pull', 'never', '--network', 'none', '--entrypoint', python, ...names.flatMap((name) => ['-e', name]), image, ...command];
}
const lastLines = (text, count = 6) => text.trim().split('\n').slice(-count).join(' | ');
/**
 * Whether a reference names its registry (`host.domain/\u2026`, `host:port/\u2026`, `localhost/\u2026`): only
 * those are pulled. A bare name would go to Docker Hub, which is never what a deploy means.
 */
function namesRegistry(image) {
    const first = image.split('/')[0];
    return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
}
/** The image's environment names, pulling it first when it is not on the runner but names its registry. */
async function presentImage(docker, image) {
    const variables = await imageVariableNames(docker, image);
    if (variables || !namesRegistry(image))
        return { variables };
    const pulled = await docker(['pull', '--quiet', image]);
    if (pulled.code !== 0)
        return { pullError: lastLines(pulled.stderr || pulled.stdout, 3) };
    return { variables: await imageVariableNames(docker, image) };
}
/** Runs the snippet in the image with the task definition's environment (secrets as placeholders). */
async function loadImageSettings(docker, options) {
    const { variables: imageVariables, pullError } = await presentImage(docker, options.image);
    if (pullError) {
        return {
            problem: `image ${options.image} is not on this runner and could not be pulled: ${pullError}`,
            fix: "Pass build-push-django-image's docker-config output in docker-config (it holds the registry login), or log in to the registry before this step",
        };
    }
    if (!imageVariables) {
        return { problem: `image ${options.image} is not present on this runner`, fix: 'Run this step after the image is built with load (or pulled after logging in to ECR), and pass the same reference in image' };
    }
    const passed = imageEnvironment(options.environment, options.urlVariable);
    if (options.settingsModule)
        passed.DJANGO_SETTINGS_MODULE = options.settingsModule;
    const viaManage = !passed.DJANGO_SETTINGS_MODULE && !imageVariables.includes('DJANGO_SETTINGS_MODULE');
    let result = await docker(dockerArguments(options.image, passed, 'python3', viaManage), { env: passed });
    if (result.code === 127 || /executable file not found/.test(result.stderr))
        result = await docker(dockerArguments(options.image, passed, 'python', viaManage), { env: passed });
    const parsed = result.code === 0 ? parseEffectiveSettings(result.stdout) : undefined;
    const server = viaManage ? parseServerSettings(result.stdout) : undefined;
    const source = server ? `which ${server.files.join(', ')} gives the server; manage.py ${server.managePy ? `defaults to ${server.managePy}` : 'names no default'}` : undefined;
    const effective = parsed && source ? { ...parsed, settingsSource: source } : parsed;
    if (!effective) {
        return {
            problem: `Django's settings could not be loaded in ${options.image} (exit ${result.code}): ${lastLines(result.stderr || result.stdout) || 'no output'}`,
            fix: 'Make the settings load with only the task definition environment (set settings-module if DJANGO_SETTINGS_MODULE is not set in the image), and check the error above',
        };
    }
    return { effective, passed };
}
/**
 * django-database and django-storage, from the settings Django loads inside the image; with
 * `media` false (the app stores no files), django-storage is skipped.
 */
function checksOfImageSettings(settings, options, media = true) {
    if ('problem' in settings)
        return [fail('django-database', settings.problem, settings.fix), media ? fail('django-storage', settings.problem, settings.fix) : skip('django-storage', 'no media store needed')];
    const { effective, passed } = settings;
    return [
        databaseSettingsCheck(effective, expectedDatabase(passed, options.urlVariable), options.urlVariable),
        media ? storageSettingsCheck(effective, passed[options.bucketVariable] || undefined, options.bucketVariable) : skip('django-storage', 'no media store needed'),
    ];
}
/** django-database and django-storage for an image, loaded and judged in one call. */
async function imageChecks(docker, options) {
    return checksOfImageSettings(await loadImageSettings(docker, options), options);
}

;// CONCATENATED MODULE: ./packages/storage/src/media-need.ts

const NO_MEDIA = "set media: none if the app stores no uploaded files, or pass image so Django's models and settings can be read";
/**
 * Whether the app needs a shared media store. Told: as told, with a warning when the app shows
 * file fields that `none` leaves on one task. Auto: models with file fields or storage settings
 * the app sets (from the image), or a media bucket or MEDIA_ROOT in the task definition, mean
 * yes; an image showing none of them means no; without the image nothing can be ruled out.
 */
function mediaNeed(mode, environment, bucketVariable, evidence) {
    const reasons = [
        ...(evidence?.fileFields.length ? [`file fields ${list(evidence.fileFields)}`] : []),
        ...(evidence?.storageSettings.length ? [`storage settings ${list(evidence.storageSettings)}`] : []),
        ...(environment.has(bucketVariable) ? [`${bucketVariable} in the task definition`] : []),
        ...(environment.has('MEDIA_ROOT') ? ['MEDIA_ROOT in the task definition'] : []),
    ];
    if (mode === 'required')
        return { needed: true, check: pass('media-needed', 'media: required: the media store is checked') };
    if (mode === 'none') {
        const fields = evidence?.fileFields ?? [];
        if (fields.length) {
            return {
                needed: false,
                check: warn('media-needed', `media: none, but the models have ${list(fields)}: an upload would stay on the one task that took it`, `Set media: auto (or required) and give the app an S3 media bucket (${bucketVariable}, STORAGES default S3Storage)`),
            };
        }
        return { needed: false, check: pass('media-needed', 'media: none: the app stores no uploaded files; media checks skipped') };
    }
    if (reasons.length)
        return { needed: true, check: pass('media-needed', `the app stores files: ${reasons.join('; ')}`) };
    if (evidence)
        return { needed: false, check: pass('media-needed', 'no model has a FileField or ImageField and the settings set no file storage: no media store needed; media checks skipped') };
    return { needed: true, check: pass('media-needed', `media: auto, without image and without ${bucketVariable}: shared media cannot be ruled out, so it is checked (${NO_MEDIA})`) };
}
function list(items) {
    return items.length > 4 ? `${items.slice(0, 4).join(', ')} and ${items.length - 4} more` : items.join(', ');
}

/**
 * The variable that names the media bucket: media-bucket-env's when the task definition sets it;
 * else, when the image's Django stores files in a bucket (`storage`), the plain variable whose
 * value is that bucket (cookiecutter-django's DJANGO_AWS_STORAGE_BUCKET_NAME, say), so the media
 * checks look at the bucket the app really writes to rather than failing for a name it never reads.
 */
function bucketVariableOf(environment, configured, storage) {
    if (environment.has(configured) || !storage?.bucket || /FileSystemStorage/.test(storage.BACKEND))
        return { variable: configured };
    const holding = [...environment].filter(([, setting]) => setting.kind === 'plain' && setting.value === storage.bucket).map(([name]) => name);
    if (holding.length !== 1)
        return { variable: configured };
    return {
        variable: holding[0],
        note: `the bucket Django's storage uses; media-bucket-env names ${configured}, which the task definition does not set (set media-bucket-env: ${holding[0]} to say so)`,
    };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/HeadBucketCommand.js
var HeadBucketCommand = __webpack_require__(9855);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/GetPublicAccessBlockCommand.js
var GetPublicAccessBlockCommand = __webpack_require__(8027);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/GetBucketPolicyCommand.js
var GetBucketPolicyCommand = __webpack_require__(4473);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/GetBucketAclCommand.js
var GetBucketAclCommand = __webpack_require__(7829);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/GetBucketVersioningCommand.js
var GetBucketVersioningCommand = __webpack_require__(6963);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/GetObjectCommand.js
var GetObjectCommand = __webpack_require__(40);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/PutObjectCommand.js
var PutObjectCommand = __webpack_require__(5539);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/DeleteObjectCommand.js
var DeleteObjectCommand = __webpack_require__(715);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-es/commands/ListObjectVersionsCommand.js
var ListObjectVersionsCommand = __webpack_require__(893);
;// CONCATENATED MODULE: ./packages/storage/src/public-access.ts

const public_access_list = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
function wildcard(pattern, text) {
    const expression = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    return new RegExp(`^${expression}$`, 'i').test(text);
}
function everyone(principal) {
    if (principal === '*')
        return true;
    if (principal && typeof principal === 'object' && 'AWS' in principal)
        return public_access_list(principal.AWS).includes('*');
    return false;
}
/**
 * Statements of a bucket policy that let anyone call `action` on `resource`. A statement with a
 * Condition (source VPC endpoint, IP range, organization) is not counted: it names who may call.
 */
function publicStatements(policyText, action, resource) {
    let policy;
    try {
        policy = JSON.parse(policyText);
    }
    catch {
        return [];
    }
    const statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement ? [policy.Statement] : [];
    return statements
        .filter((statement) => statement.Effect === 'Allow' && everyone(statement.Principal) && !statement.Condition)
        .filter((statement) => public_access_list(statement.Action).some((pattern) => wildcard(pattern, action)))
        .filter((statement) => public_access_list(statement.Resource).some((pattern) => wildcard(pattern, resource)))
        .map((statement, index) => statement.Sid ?? `statement ${index + 1}`);
}
const PUBLIC_GROUPS = ['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'];
/** ACL grants that let anyone (or any AWS account) list the bucket. */
function publicGrants(grants) {
    return grants
        .filter((grant) => PUBLIC_GROUPS.includes(grant.Grantee?.URI ?? '') && (grant.Permission === 'READ' || grant.Permission === 'FULL_CONTROL'))
        .map((grant) => `${grant.Permission} to ${grant.Grantee?.URI?.split('/').pop()}`);
}
const SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];
/** media-public-access: nobody outside the account can list the media bucket. */
function publicAccessCheck(facts) {
    const { bucket, block = {} } = facts;
    const listing = [
        ...(block.RestrictPublicBuckets ? [] : publicStatements(facts.policy ?? '{}', 's3:ListBucket', `arn:aws:s3:::${bucket}`).map((sid) => `bucket policy ${sid}`)),
        ...(block.IgnorePublicAcls ? [] : publicGrants(facts.grants).map((grant) => `ACL grant ${grant}`)),
    ];
    if (listing.length) {
        return fail('media-public-access', `anyone can list every upload in ${bucket} (${listing.join(', ')})`, `Remove s3:ListBucket for Principal "*" from the bucket policy and public ACL grants, then turn on all four Block Public Access settings (aws s3api put-public-access-block --bucket ${bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true); serve media through CloudFront or presigned URLs`);
    }
    const missing = SETTINGS.filter((setting) => block[setting] !== true);
    if (missing.length) {
        return warn('media-public-access', `nothing lets the public list ${bucket} today, but Block Public Access is off at the bucket (${missing.join(', ')}), so a later policy or ACL could open it (account-level settings are not read)`, `Turn on all four Block Public Access settings for ${bucket}`);
    }
    return pass('media-public-access', `Block Public Access is on for ${bucket} (all four settings)`);
}

;// CONCATENATED MODULE: ./packages/storage/src/media.ts




/** `grant s3:X on Y` as the start of a sentence. */
const sentence = (grant) => grant.replace(/^grant/, 'Grant');
/** media-bucket-exists: HeadBucket, with the usual answers turned into what to do. */
async function bucketExistsCheck(s3, bucket, variable) {
    try {
        await s3.send(new HeadBucketCommand/* HeadBucketCommand */.k({ Bucket: bucket }));
        return pass('media-bucket-exists', `${bucket} exists and this role can reach it`);
    }
    catch (error) {
        if ((0,aws_errors/* isNotFound */.c4)(error, 'NoSuchBucket')) {
            return fail('media-bucket-exists', `${variable} names ${bucket}, which does not exist: every upload would fail`, `Create the bucket, or correct ${variable} in the task definition`);
        }
        if ((0,aws_errors/* hasStatus */.Ro)(error, 403) || (0,aws_errors/* isAccessDenied */.w7)(error)) {
            const grant = (0,aws_errors/* grantOf */.od)(error) ?? describeGrant({ service: 'S3', operation: 'HeadBucket', input: { Bucket: bucket }, region: '' });
            return fail('media-bucket-exists', `${bucket} answers 403: it belongs to another account, or this role lacks s3:ListBucket on it`, `Check the name in ${variable}, and ${grant} to the role running this step`);
        }
        throw error;
    }
}
/** Block Public Access, the bucket policy and the ACL, read and judged together. */
async function publicAccess(s3, bucket) {
    const block = await s3.send(new GetPublicAccessBlockCommand/* GetPublicAccessBlockCommand */.G({ Bucket: bucket })).then((answer) => answer.PublicAccessBlockConfiguration, (error) => ((0,aws_errors/* isNamed */.ev)(error, 'NoSuchPublicAccessBlockConfiguration') ? undefined : Promise.reject(error)));
    const policy = await s3.send(new GetBucketPolicyCommand/* GetBucketPolicyCommand */.m({ Bucket: bucket })).then((answer) => answer.Policy, (error) => ((0,aws_errors/* isNamed */.ev)(error, 'NoSuchBucketPolicy') ? undefined : Promise.reject(error)));
    const acl = await s3.send(new GetBucketAclCommand/* GetBucketAclCommand */.Q({ Bucket: bucket }));
    return publicAccessCheck({ bucket, block, policy, grants: acl.Grants ?? [] });
}
/** media-versioning: whether a deleted or overwritten upload can be brought back. */
async function versioningCheck(s3, bucket) {
    const answer = await s3.send(new GetBucketVersioningCommand/* GetBucketVersioningCommand */._({ Bucket: bucket }));
    const fix = `Enable versioning on ${bucket} (aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled), with a lifecycle rule that expires noncurrent versions after the days you need`;
    if (answer.Status === 'Enabled')
        return { check: pass('media-versioning', `versioning is on: a deleted or overwritten upload can be restored`), versioned: true };
    if (answer.Status === 'Suspended')
        return { check: warn('media-versioning', 'versioning is suspended: uploads deleted or overwritten from now on cannot be restored', fix), versioned: true };
    return { check: warn('media-versioning', 'versioning was never enabled: a deleted or overwritten upload is gone for good', fix), versioned: false };
}
/**
 * media-probe: writes an object, reads it back, then deletes every version and delete marker
 * under its key, by version id, and lists the key again to prove nothing is left. Cleans up even
 * when a step fails. Deleting by version id removes the object for good on a versioned bucket
 * (no delete marker) and on an unversioned one (version id `null`), with one permission,
 * s3:DeleteObjectVersion.
 */
async function probeBucket(s3, options) {
    const key = `${options.prefix}${options.id}`;
    const body = `verify-shared-storage probe ${options.id}\n`;
    const where = `s3://${options.bucket}/${key}`;
    let problem;
    // The grant a refused write or read needs, named first in the fix.
    let refused;
    // The version the probe wrote, once known: deleted first, without needing a listing.
    let written;
    try {
        written = await putProbe(s3, options.bucket, key, body);
        const read = await s3.send(new GetObjectCommand/* GetObjectCommand */.j({ Bucket: options.bucket, Key: key }));
        written ??= read.VersionId ?? 'null';
        const text = await read.Body?.transformToString();
        if (text !== body)
            problem = `read back ${text === undefined ? 'nothing' : `${Buffer.byteLength(text)} bytes that differ`} from ${where}`;
    }
    catch (error) {
        problem = `${(0,aws_errors/* errorName */.Is)(error)}: ${(0,errors/* describeThrown */.Y)(error).message}`;
        refused = (0,aws_errors/* grantOf */.od)(error);
    }
    finally {
        const left = await removeProbe(s3, options.bucket, key, written);
        if (left)
            problem = `${problem ? `${problem}; ` : ''}the probe left ${left}`;
    }
    if (problem) {
        const all = `s3:PutObject, s3:GetObject and s3:DeleteObjectVersion on arn:aws:s3:::${options.bucket}/${options.prefix}* and s3:ListBucketVersions on arn:aws:s3:::${options.bucket}`;
        const fix = refused ? `${sentence(refused)} to the role running this step (the probe needs ${all})` : `Grant ${all}`;
        return fail('media-probe', `write, read back and delete of ${where} failed: ${problem}`, `${fix} (the task role needs its own object permissions), or set probe: false for read-only checks`);
    }
    return pass('media-probe', `wrote, read back and deleted ${where}; nothing left behind`);
}
/**
 * If-None-Match: never an overwrite of something that happens to be there. The key is unique to
 * this run, so a 412 can only mean that an earlier attempt of this same put landed and its answer
 * was lost (a dropped connection, then the SDK's retry): the object is ours, and is read back next.
 */
async function putProbe(s3, bucket, key, body) {
    try {
        const answer = await s3.send(new PutObjectCommand/* PutObjectCommand */.w({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/plain', IfNoneMatch: '*' }));
        // An unversioned bucket gives no version id: its one version is `null`.
        return answer.VersionId ?? 'null';
    }
    catch (error) {
        if (!(0,aws_errors/* hasStatus */.Ro)(error, 412) && !(0,aws_errors/* isNamed */.ev)(error, 'PreconditionFailed'))
            throw error;
        return undefined;
    }
}
// Each round lists the key's versions and deletes them; a round whose calls failed past the SDK's
// retries is followed by another, so a burst of throttling does not leave the probe behind.
const CLEANUP_ROUNDS = 4;
/** Deletes the probe's versions and delete markers; says what is left, if anything, and why. */
async function removeProbe(s3, bucket, key, written) {
    let left = 'possibly the object (its versions could not be listed to prove it gone)';
    let refused;
    const note = (error) => {
        refused = error;
        return undefined;
    };
    if (written)
        await s3.send(new DeleteObjectCommand/* DeleteObjectCommand */.k({ Bucket: bucket, Key: key, VersionId: written })).catch(note);
    for (let round = 0; round < CLEANUP_ROUNDS; round += 1) {
        const versions = await probeVersions(s3, bucket, key).catch(note);
        if (versions === undefined)
            continue;
        if (versions.length === 0)
            return undefined;
        left = `${versions.length} version(s) or delete marker(s)`;
        for (const versionId of versions) {
            await s3.send(new DeleteObjectCommand/* DeleteObjectCommand */.k({ Bucket: bucket, Key: key, VersionId: versionId })).catch(note);
        }
    }
    return refused ? `${left} behind (${(0,errors/* describeThrown */.Y)(refused).message})` : `${left} behind`;
}
async function probeVersions(s3, bucket, key) {
    // The SDK has no paginator for ListObjectVersions: follow KeyMarker/VersionIdMarker by hand, so
    // a probe key with more than a page (1,000) of versions is still cleaned up whole.
    const found = [];
    let markers = {};
    for (;;) {
        const answer = await s3.send(new ListObjectVersionsCommand/* ListObjectVersionsCommand */.u({ Bucket: bucket, Prefix: key, ...markers }));
        for (const entry of [...(answer.Versions ?? []), ...(answer.DeleteMarkers ?? [])]) {
            if (entry.Key === key && entry.VersionId)
                found.push(entry.VersionId);
        }
        if (!answer.IsTruncated)
            return found;
        markers = { KeyMarker: answer.NextKeyMarker, VersionIdMarker: answer.NextVersionIdMarker };
    }
}

;// CONCATENATED MODULE: ./packages/storage/src/mounts.ts


/** Whether a volume is the same for every task (EFS, FSx) or belongs to one task or instance. */
function volumeKind(volume) {
    if (volume.efsVolumeConfiguration)
        return 'efs';
    if (volume.fsxWindowsFileServerVolumeConfiguration)
        return 'fsx';
    if (volume.dockerVolumeConfiguration)
        return 'docker';
    // An EBS volume configured at launch is created per task.
    if (volume.configuredAtLaunch)
        return 'ebs';
    // `host` with or without a sourcePath, or nothing at all: a bind mount on the task's own storage.
    return 'bind';
}
const KIND_NAME = {
    efs: 'EFS',
    fsx: 'FSx',
    bind: 'bind mount',
    docker: 'Docker volume',
    ebs: 'per-task EBS volume',
};
const DATA_WORDS = /(^|\/)(media|mediafiles|uploads?|user-?content|user-?files|files|data|db|database|sqlite)(\/|$)|\.sqlite3?$|\.db$/i;
const within = (path, folder) => path === folder || path.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
/** Why a path in the container would hold media or a database, if it would. */
function dataReason(containerPath, paths) {
    const path = external_node_path_.posix.normalize(containerPath);
    const { mediaRoot, sqliteFile } = paths;
    if (mediaRoot && external_node_path_.posix.isAbsolute(mediaRoot) && (within(external_node_path_.posix.normalize(mediaRoot), path) || within(path, external_node_path_.posix.normalize(mediaRoot))))
        return `MEDIA_ROOT is ${mediaRoot}`;
    if (sqliteFile && external_node_path_.posix.isAbsolute(sqliteFile) && within(external_node_path_.posix.normalize(sqliteFile), path))
        return `the SQLite database ${sqliteFile} is there`;
    if (DATA_WORDS.test(path))
        return 'the path looks like media or database storage';
    return undefined;
}
function mountsOf(container, taskDefinition, seen = new Set()) {
    const volumes = new Map((taskDefinition.volumes ?? []).map((volume) => [volume.name ?? '', volume]));
    const own = (container.mountPoints ?? []).flatMap((point) => {
        const volume = volumes.get(point.sourceVolume ?? '');
        return volume && point.containerPath ? [{ volume, containerPath: point.containerPath, readOnly: point.readOnly === true }] : [];
    });
    seen.add(container.name ?? '');
    const inherited = (container.volumesFrom ?? []).flatMap((from) => {
        const source = taskDefinition.containerDefinitions?.find((candidate) => candidate.name === from.sourceContainer);
        if (!source || seen.has(source.name ?? ''))
            return [];
        return mountsOf(source, taskDefinition, seen).map((mount) => ({ ...mount, readOnly: mount.readOnly || from.readOnly === true }));
    });
    return [...own, ...inherited];
}
/** task-local-mounts: nothing that holds media or a database lives on one task's or one host's disk. */
function mountCheck(taskDefinition, container, paths) {
    const mounts = mountsOf(container, taskDefinition);
    const problems = mounts.flatMap((mount) => {
        const kind = volumeKind(mount.volume);
        if (kind === 'efs' || kind === 'fsx' || mount.readOnly)
            return [];
        const reason = dataReason(mount.containerPath, paths);
        return reason ? [`${mount.containerPath} is a ${KIND_NAME[kind]} (volume ${mount.volume.name}) and ${reason}`] : [];
    });
    if (problems.length) {
        return fail('task-local-mounts', `${problems.join('; ')}: each task writes to its own disk, so files saved through one task are missing on the others and lost when it stops`, 'Store media in S3 (django-storages with AWS_STORAGE_BUCKET_NAME) and the database in RDS; if files must be on a file system, mount an EFS volume (efsVolumeConfiguration) instead');
    }
    if (!mounts.length)
        return pass('task-local-mounts', `container ${container.name} mounts no volumes`);
    const listed = mounts.map((mount) => `${mount.containerPath} (${KIND_NAME[volumeKind(mount.volume)]}${mount.readOnly ? ', read-only' : ''})`).join(', ');
    return pass('task-local-mounts', `no media or database path on task-local storage; mounts: ${listed}`);
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-rds/dist-es/pagination/DescribeDBInstancesPaginator.js + 1 modules
var DescribeDBInstancesPaginator = __webpack_require__(1171);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-rds/dist-es/pagination/DescribeDBClustersPaginator.js + 1 modules
var DescribeDBClustersPaginator = __webpack_require__(1530);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-rds/dist-es/commands/DescribeDBProxiesCommand.js
var DescribeDBProxiesCommand = __webpack_require__(7981);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-rds/dist-es/pagination/DescribeDBProxyTargetsPaginator.js + 1 modules
var DescribeDBProxyTargetsPaginator = __webpack_require__(932);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-rds/dist-es/pagination/DescribeDBProxyEndpointsPaginator.js + 1 modules
var DescribeDBProxyEndpointsPaginator = __webpack_require__(4396);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-rds/dist-es/pagination/DescribeGlobalClustersPaginator.js + 1 modules
var DescribeGlobalClustersPaginator = __webpack_require__(1078);
;// CONCATENATED MODULE: ./packages/storage/src/rds.ts



/**
 * A cluster's endpoints from DescribeDBClusters: the writer's, the readers', and each custom
 * endpoint's (CustomEndpoints), which spreads connections over the instances it names.
 */
function clusterEndpoints(cluster) {
    const shared = {
        port: cluster.Port,
        id: cluster.DBClusterIdentifier ?? '',
        engine: cluster.Engine ?? '',
        multiAz: cluster.MultiAZ === true,
        backupRetentionDays: cluster.BackupRetentionPeriod ?? 0,
        encrypted: cluster.StorageEncrypted === true,
    };
    return [
        ...(cluster.Endpoint ? [{ ...shared, address: cluster.Endpoint, kind: 'cluster' }] : []),
        ...(cluster.ReaderEndpoint ? [{ ...shared, address: cluster.ReaderEndpoint, kind: 'cluster reader' }] : []),
        ...(cluster.CustomEndpoints ?? []).map((address) => ({ ...shared, address, kind: 'cluster custom' })),
    ];
}
/** Every instance endpoint and every cluster writer, reader and custom endpoint in the account and region; an Aurora instance knows its cluster. */
async function listRdsEndpoints(rds, pageSize) {
    const endpoints = [];
    for await (const page of (0,DescribeDBInstancesPaginator/* paginateDescribeDBInstances */.$)({ client: rds, pageSize }, {})) {
        for (const instance of page.DBInstances ?? []) {
            if (!instance.Endpoint?.Address)
                continue;
            endpoints.push({
                address: instance.Endpoint.Address,
                port: instance.Endpoint.Port,
                kind: 'instance',
                id: instance.DBInstanceIdentifier ?? '',
                engine: instance.Engine ?? '',
                multiAz: instance.MultiAZ === true,
                backupRetentionDays: instance.BackupRetentionPeriod ?? 0,
                encrypted: instance.StorageEncrypted === true,
            });
        }
    }
    const members = new Map();
    for await (const page of (0,DescribeDBClustersPaginator/* paginateDescribeDBClusters */.c)({ client: rds, pageSize }, {})) {
        for (const cluster of page.DBClusters ?? []) {
            endpoints.push(...clusterEndpoints(cluster));
            for (const member of cluster.DBClusterMembers ?? []) {
                if (!member.DBInstanceIdentifier)
                    continue;
                members.set(member.DBInstanceIdentifier, { member: { cluster: cluster.DBClusterIdentifier ?? '', writer: member.IsClusterWriter === true }, multiAz: cluster.MultiAZ === true });
            }
        }
    }
    // An Aurora instance reports MultiAZ false: the cluster's replicas in other zones are its Multi-AZ.
    return endpoints.map((endpoint) => {
        const found = endpoint.kind === 'instance' ? members.get(endpoint.id) : undefined;
        return found ? { ...endpoint, member: found.member, multiAz: found.multiAz } : endpoint;
    });
}
/** Every RDS Proxy, page by page: the SDK has no paginator for DescribeDBProxies (Marker, 20-100 a page). */
async function describeProxies(rds, pageSize) {
    const proxies = [];
    let marker;
    do {
        const page = await rds.send(new DescribeDBProxiesCommand/* DescribeDBProxiesCommand */.N({ Marker: marker, MaxRecords: pageSize }));
        proxies.push(...(page.DBProxies ?? []));
        marker = page.Marker;
    } while (marker);
    return proxies;
}
/**
 * The default endpoint of each RDS Proxy whose read/write target is one of `endpoints`' instances
 * or clusters, with that database's engine and resilience: a Django app under many tasks often
 * connects through a proxy, which pools its connections. The port is left out, as a proxy
 * listens on its engine's own port whatever the database's.
 */
async function listProxyEndpoints(rds, endpoints, pageSize) {
    const found = [];
    for (const proxy of await describeProxies(rds, pageSize)) {
        if (!proxy.Endpoint || !proxy.DBProxyName)
            continue;
        for await (const page of (0,DescribeDBProxyTargetsPaginator/* paginateDescribeDBProxyTargets */.b)({ client: rds, pageSize }, { DBProxyName: proxy.DBProxyName })) {
            for (const target of page.Targets ?? []) {
                if (target.Role === 'READ_ONLY' || (target.Type !== 'RDS_INSTANCE' && target.Type !== 'TRACKED_CLUSTER'))
                    continue;
                const kind = target.Type === 'RDS_INSTANCE' ? 'instance' : 'cluster';
                const behind = endpoints.find((endpoint) => endpoint.kind === kind && endpoint.id === target.RdsResourceId);
                if (behind)
                    found.push({ ...behind, address: proxy.Endpoint, port: undefined, kind: 'proxy', id: `${proxy.DBProxyName} (to ${kind} ${behind.id})`, proxy: proxy.DBProxyName });
            }
        }
    }
    return found;
}
/**
 * The additional endpoints of the proxies `proxies` holds (CreateDBProxyEndpoint: another VPC's
 * way in, or the readers'), each judged as its proxy: a READ_ONLY one sends connections to the
 * readers, which refuse writes.
 */
async function listProxyExtraEndpoints(rds, proxies, pageSize) {
    const found = [];
    for await (const page of (0,DescribeDBProxyEndpointsPaginator/* paginateDescribeDBProxyEndpoints */.J)({ client: rds, pageSize }, {})) {
        for (const endpoint of page.DBProxyEndpoints ?? []) {
            const proxy = proxies.find((candidate) => candidate.proxy === endpoint.DBProxyName);
            if (!proxy || endpoint.IsDefault || !endpoint.Endpoint)
                continue;
            const readOnly = endpoint.TargetRole === 'READ_ONLY';
            found.push({ ...proxy, address: endpoint.Endpoint, kind: readOnly ? 'proxy read-only endpoint' : 'proxy', id: `${endpoint.DBProxyEndpointName} of ${proxy.id}` });
        }
    }
    return found;
}
/** An RDS host name: an instance's, a cluster's, a proxy's or a global database's. */
const RDS_HOST = /\.rds\.amazonaws\.com(\.cn)?\.?$/i;
/** The writer endpoint of an Aurora global database (`shop.global-ab12cd.global.rds.amazonaws.com`). */
const GLOBAL_HOST = /\.global\.rds\.amazonaws\.com(\.cn)?\.?$/i;
/** An RDS Proxy's additional endpoint (`name.endpoint.proxy-ab12cd.eu-west-1.rds.amazonaws.com`). */
const PROXY_ENDPOINT_HOST = /\.endpoint\.proxy-[a-z0-9]+\.[a-z0-9-]+\.rds\.amazonaws\.com(\.cn)?\.?$/i;
/** Every Aurora global database the region's DescribeGlobalClusters lists, every page. */
async function describeGlobalClusters(rds, pageSize) {
    const found = [];
    for await (const page of (0,DescribeGlobalClustersPaginator/* paginateDescribeGlobalClusters */.J)({ client: rds, pageSize }, {}))
        found.push(...(page.GlobalClusters ?? []));
    return found;
}
/**
 * The writer endpoint of each global database, which always leads to the writer of its primary
 * cluster (the member with IsWriter): judged as that cluster when this region lists it, else by
 * the global database's own engine, its resilience read in the primary's region.
 */
function globalEndpoints(globals, endpoints, region) {
    return globals.flatMap((global) => {
        if (!global.Endpoint || !global.GlobalClusterIdentifier)
            return [];
        // arn:aws:rds:REGION:ACCOUNT:cluster:ID
        const [, , , primaryRegion, , , clusterId] = global.GlobalClusterMembers?.find((member) => member.IsWriter)?.DBClusterArn?.split(':') ?? [];
        const local = primaryRegion === region ? endpoints.find((endpoint) => endpoint.kind === 'cluster' && endpoint.id === clusterId) : undefined;
        const primary = clusterId ? `primary cluster ${clusterId}${primaryRegion === region ? '' : ` in ${primaryRegion}`}` : 'no member writing now';
        const id = `${global.GlobalClusterIdentifier} (${primary})`;
        if (local)
            return [{ ...local, address: global.Endpoint, kind: 'global database', id }];
        return [{ address: global.Endpoint, kind: 'global database', id, engine: global.Engine ?? '', multiAz: false, backupRetentionDays: 0, encrypted: global.StorageEncrypted === true, elsewhere: true }];
    });
}
const normal = (host) => host.trim().toLowerCase().replace(/\.$/, '');
function matchEndpoint(host, endpoints) {
    if (!host)
        return undefined;
    return endpoints.find((endpoint) => normal(endpoint.address) === normal(host));
}
const RDS_FIX = 'Set the database host to the endpoint of the RDS instance or Aurora cluster (Endpoint.Address in DescribeDBInstances, Endpoint in DescribeDBClusters), or to a name of yours with a CNAME to it in one of this account\'s Route 53 zones, or set require-rds: false if the database is deliberately elsewhere';
/**
 * database-rds: the host is an RDS endpoint of a matching engine and port. `shown` is how the
 * task's own host is named when it led to this one (a CNAME), else the host itself.
 */
function rdsCheck(target, endpoints, region, unread, shown = target.host) {
    const endpoint = matchEndpoint(target.host, endpoints);
    if (!endpoint) {
        const known = endpoints.length ? `; the ${endpoints.length} endpoint(s) there: ${endpoints.slice(0, 5).map((candidate) => candidate.address).join(', ')}${endpoints.length > 5 ? ', ...' : ''}` : '; there is none';
        return fail('database-rds', `${shown} is not the endpoint of any RDS instance, cluster, proxy or global database in ${region}${known}${unread ? ` (${unread})` : ''}`, RDS_FIX);
    }
    const engine = engineOfBackend(endpoint.engine);
    if (target.engine !== 'other' && engine !== 'other' && engine !== target.engine) {
        return fail('database-rds', `${endpoint.kind} ${endpoint.id} runs ${endpoint.engine}, but the task is configured for ${target.engine}`, 'Use the URL scheme of the database engine (postgres:// or mysql://)');
    }
    if (target.port && endpoint.port && target.port !== endpoint.port) {
        return fail('database-rds', `the task connects to port ${target.port}, but ${endpoint.kind} ${endpoint.id} listens on ${endpoint.port}`, `Use port ${endpoint.port}, or leave the port out`);
    }
    const message = `${shown} is RDS ${endpoint.kind} ${endpoint.id} (${endpoint.engine})`;
    const writer = (cluster) => `Use the writer endpoint of cluster ${cluster} (Endpoint in DescribeDBClusters), which follows the writer through a failover`;
    if (endpoint.kind === 'cluster reader')
        return fail('database-rds', `${message}: a reader endpoint refuses writes`, writer(endpoint.id));
    if (endpoint.kind === 'proxy read-only endpoint') {
        return fail('database-rds', `${message}: a READ_ONLY proxy endpoint sends connections to the readers, which refuse writes`, `Use proxy ${endpoint.proxy}'s default endpoint (Endpoint in DescribeDBProxies) or a READ_WRITE endpoint of it`);
    }
    if (endpoint.kind === 'cluster custom') {
        return fail('database-rds', `${message}: a custom endpoint spreads connections over the instances it names, and a reader among them refuses writes`, writer(endpoint.id));
    }
    const member = endpoint.kind === 'instance' ? endpoint.member : undefined;
    if (member && !member.writer)
        return fail('database-rds', `${message}: a reader instance of Aurora cluster ${member.cluster}, which refuses writes`, writer(member.cluster));
    if (member) {
        return warn('database-rds', `${message}, the writer of Aurora cluster ${member.cluster} now: after a failover another instance takes the writes and this one refuses them`, writer(member.cluster));
    }
    return pass('database-rds', message);
}
/** database-resilience: what happens to the data when a machine or a zone fails, or a row is deleted. */
function resilienceCheck(target, endpoints) {
    const endpoint = matchEndpoint(target.host, endpoints);
    if (!endpoint)
        return skip('database-resilience', 'no RDS endpoint matched');
    if (endpoint.elsewhere)
        return skip('database-resilience', `${endpoint.kind} ${endpoint.id}: Multi-AZ and backups are its primary cluster's, read in that cluster's region`);
    const facts = `Multi-AZ ${endpoint.multiAz ? 'yes' : 'no'}, automated backups ${endpoint.backupRetentionDays ? `kept ${endpoint.backupRetentionDays} day(s)` : 'off'}, storage ${endpoint.encrypted ? 'encrypted' : 'not encrypted'}`;
    const gaps = [];
    if (!endpoint.multiAz)
        gaps.push('turn on Multi-AZ so a zone failure does not stop the database');
    if (!endpoint.backupRetentionDays)
        gaps.push('set a backup retention period of at least 7 days');
    if (!endpoint.encrypted)
        gaps.push('encrypt storage (restore an encrypted snapshot copy)');
    const subject = `${endpoint.kind} ${endpoint.id}: ${facts}`;
    return gaps.length ? warn('database-resilience', subject, `On ${endpoint.id}: ${gaps.join('; ')}`) : pass('database-resilience', subject);
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-route-53/dist-es/commands/ListResourceRecordSetsCommand.js
var ListResourceRecordSetsCommand = __webpack_require__(6845);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-route-53/dist-es/pagination/ListHostedZonesPaginator.js + 1 modules
var ListHostedZonesPaginator = __webpack_require__(3310);
;// CONCATENATED MODULE: ./packages/storage/src/route53.ts

// A database host that is a name of the team's own (`db.shop.internal`), kept in Route 53 as a
// CNAME to the RDS endpoint, so the endpoint can change without a new task definition. The name
// often lives in a private hosted zone, which only the VPC resolves: not a GitHub-hosted runner.
// So the record is read from Route 53's API, not from DNS.
/** How many CNAMEs in a row are followed: a name of one's own is one or two hops from RDS, and a loop (a to b to a) ends here. */
const MAX_HOPS = 5;
const bare = (name) => name.trim().toLowerCase().replace(/\.$/, '');
/** The zones a name may live in, most specific first; private before public at the same name, as the VPC resolves it. */
function zonesFor(host, zones) {
    const name = bare(host);
    return zones
        .filter((zone) => {
        const zoneName = bare(zone.Name ?? '');
        return zoneName !== '' && (name === zoneName || name.endsWith(`.${zoneName}`));
    })
        .sort((a, b) => bare(b.Name ?? '').length - bare(a.Name ?? '').length || Number(Boolean(b.Config?.PrivateZone)) - Number(Boolean(a.Config?.PrivateZone)));
}
async function cnameIn(route53, zone, name) {
    const listed = await route53.send(new ListResourceRecordSetsCommand/* ListResourceRecordSetsCommand */.I({ HostedZoneId: zone.Id, StartRecordName: name, StartRecordType: 'CNAME', MaxItems: 1 }));
    const record = listed.ResourceRecordSets?.[0];
    if (!record || record.Type !== 'CNAME' || bare(record.Name ?? '') !== bare(name))
        return undefined;
    const value = record.ResourceRecords?.[0]?.Value;
    return value ? bare(value) : undefined;
}
/**
 * The chain of CNAMEs from `host` in this account's Route 53 zones (empty when the name has no
 * CNAME there), each hop in the most specific zone that holds the name.
 */
async function followCname(route53, host, pageSize) {
    const zones = [];
    for await (const page of (0,ListHostedZonesPaginator/* paginateListHostedZones */.G)({ client: route53, ...(pageSize ? { pageSize } : {}) }, {}))
        zones.push(...(page.HostedZones ?? []));
    const hops = [];
    let name = bare(host);
    while (hops.length < MAX_HOPS) {
        let hop;
        for (const zone of zonesFor(name, zones)) {
            const target = await cnameIn(route53, zone, name);
            if (target) {
                hop = { name, target, zone: bare(zone.Name ?? ''), private: Boolean(zone.Config?.PrivateZone) };
                break;
            }
        }
        if (!hop)
            break;
        hops.push(hop);
        name = hop.target;
    }
    return hops;
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-secrets-manager/dist-es/commands/GetSecretValueCommand.js + 1 modules
var GetSecretValueCommand = __webpack_require__(3195);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-es/commands/GetParameterCommand.js + 1 modules
var GetParameterCommand = __webpack_require__(9121);
;// CONCATENATED MODULE: ./packages/storage/src/secrets.ts




/** Fetches one referenced value as ECS would inject it. */
async function fetchSecret(valueFrom, clients) {
    const source = secretSource(valueFrom);
    if (source.service === 'ssm') {
        const answer = await clients.ssm().send(new GetParameterCommand/* GetParameterCommand */.l({ Name: source.name, WithDecryption: true }));
        return answer.Parameter?.Value ?? '';
    }
    const answer = await clients.secretsManager().send(new GetSecretValueCommand/* GetSecretValueCommand */.d({ SecretId: source.secretId, VersionStage: source.versionStage, VersionId: source.versionId }));
    const text = answer.SecretString ?? (answer.SecretBinary ? Buffer.from(answer.SecretBinary).toString('utf8') : '');
    if (!source.jsonKey)
        return text;
    const value = JSON.parse(text)[source.jsonKey];
    if (value === undefined)
        throw new Error(`the secret has no key ${source.jsonKey}`);
    return typeof value === 'string' ? value : JSON.stringify(value);
}
/**
 * Resolves the named secret references in place. Every value, and the password inside a
 * database URL, is handed to `mask` the moment it arrives, before anything can print it.
 * Returns the names that could not be resolved, with why.
 */
async function resolveSecrets(environment, names, clients, mask) {
    const failures = [];
    for (const name of names) {
        const setting = environment.get(name);
        if (!setting || setting.kind !== 'secret' || setting.value !== undefined)
            continue;
        try {
            const value = await fetchSecret(setting.from, clients);
            mask(value);
            maskUrlPassword(value, mask);
            setting.value = value;
        }
        catch (error) {
            failures.push({ name, reason: `${(0,aws_errors/* errorName */.Is)(error)}: ${(0,errors/* describeThrown */.Y)(error).message}` });
        }
    }
    return failures;
}
/** Masks the password of a URL-shaped value in every form it could be printed (the kit's urlPasswordForms). */
function maskUrlPassword(value, mask) {
    for (const form of (0,src_secrets/* urlPasswordForms */.Cj)(value))
        mask(form);
}

;// CONCATENATED MODULE: ./packages/storage/src/verify.ts












const MEDIA_CHECKS = ['media-bucket-configured', 'media-bucket-exists', 'media-public-access', 'media-versioning', 'media-probe'];
const DATABASE_VARIABLES = /^(DB|DATABASE|POSTGRES|POSTGRESQL|MYSQL|RDS)_(HOST|HOSTNAME|ENGINE|NAME|DB|DATABASE|DB_NAME|PORT)$|^PG(HOST|DATABASE|PORT)$/;
/** Every check, in report order. A check that cannot run says why instead of stopping the others. */
async function verifyStorage(options, deps) {
    const environment = containerEnvironment(options.container);
    maskPlainSecrets(environment, options.urlVariable, deps.mask);
    const checks = [];
    if (options.allowSecretResolution)
        checks.push(...(await resolveReferences(environment, options, deps)));
    const finding = findDatabase(environment, options.urlVariable);
    if (finding.state === 'found' && finding.target.password)
        deps.mask(finding.target.password);
    checks.push(...databaseChecks(finding, options.urlVariable, options.allowSecretResolution));
    checks.push(...(await guard('database-rds', () => rdsChecks(finding, options, deps))));
    // The image is read first: its models and settings say whether the app stores files at all.
    const imageOptions = options.image
        ? { image: options.image, environment, urlVariable: options.urlVariable, bucketVariable: options.bucketVariable, settingsModule: options.settingsModule }
        : undefined;
    let imageSettings;
    if (imageOptions) {
        try {
            imageSettings = await loadImageSettings(deps.docker, imageOptions);
        }
        catch (error) {
            imageSettings = { problem: `could not check: ${(0,errors/* describeThrown */.Y)(error).message}`, fix: 'Check that docker runs on this runner, then rerun' };
        }
    }
    const effective = imageSettings && 'effective' in imageSettings ? imageSettings.effective : undefined;
    const bucket = bucketVariableOf(environment, options.bucketVariable, effective?.storage);
    const need = mediaNeed(options.media, environment, bucket.variable, effective?.files);
    checks.push(need.check);
    if (need.needed)
        checks.push(...(await mediaChecks(environment, { ...options, bucketVariable: bucket.variable }, deps, bucket.note)));
    else
        checks.push(...MEDIA_CHECKS.map((id) => skip(id, 'no media store needed (media-needed)')));
    checks.push(mountCheck(options.taskDefinition, options.container, {
        mediaRoot: environment.get('MEDIA_ROOT')?.value,
        sqliteFile: finding.state === 'found' ? finding.target.file : undefined,
    }));
    if (imageOptions && imageSettings) {
        checks.push(...checksOfImageSettings(imageSettings, { ...imageOptions, bucketVariable: bucket.variable }, need.needed));
    }
    else {
        checks.push(skip('django-database', 'no image input: the effective Django settings were not checked'), skip('django-storage', 'no image input'));
    }
    return checks;
}
function maskPlainSecrets(environment, urlVariable, mask) {
    for (const [name, setting] of environment) {
        if (setting.kind !== 'plain' || !setting.value)
            continue;
        if ((0,src_secrets/* isSecretName */.eh)(name))
            mask(setting.value);
        // Any URL with a password, not only the database's: a cache or broker URL holds one too.
        if (name === urlVariable || (0,src_secrets/* hasUrlPassword */.bD)(setting.value))
            maskUrlPassword(setting.value, mask);
    }
}
async function resolveReferences(environment, options, deps) {
    const names = [...environment.keys()].filter((name) => name === options.urlVariable || name === options.bucketVariable || DATABASE_VARIABLES.test(name));
    const referenced = names.filter((name) => environment.get(name)?.kind === 'secret');
    if (!referenced.length)
        return [];
    const failures = await resolveSecrets(environment, referenced, deps.secrets, deps.mask);
    if (!failures.length)
        return [pass('secret-resolution', `resolved ${referenced.join(', ')} (values masked)`)];
    const described = failures.map((failure) => `${failure.name} from ${describeSource(environment.get(failure.name).from)}: ${failure.reason}`);
    return [warn('secret-resolution', `could not resolve ${described.join('; ')}`, 'Grant secretsmanager:GetSecretValue (and kms:Decrypt for a customer key) or ssm:GetParameter on those references to the role running this step')];
}
async function rdsChecks(finding, options, deps) {
    if (!options.requireRds)
        return [skip('database-rds', 'require-rds is false')];
    if (finding.state === 'reference') {
        return [warn('database-rds', `${finding.variable} is a secret reference, so its host could not be compared with the RDS endpoints`, 'Set allow-secret-resolution: true (with secretsmanager:GetSecretValue or ssm:GetParameter on it), or keep the host in a plain variable such as DB_HOST')];
    }
    if (finding.state !== 'found' || finding.target.engine === 'sqlite' || !finding.target.host)
        return [skip('database-rds', 'no database host to compare')];
    const rds = deps.rds();
    let endpoints = await listRdsEndpoints(rds);
    let unread;
    let target = finding.target;
    let shown;
    // A name of the team's own is followed through its CNAMEs in Route 53, read only for such a host.
    if (ownName(target.host) && !matchEndpoint(target.host, endpoints)) {
        try {
            const hops = await followCname(deps.route53(), target.host);
            const last = hops.at(-1);
            if (last) {
                shown = cnameShown(target.host, hops);
                target = { ...target, host: last.target };
            }
        }
        catch (error) {
            if (!(0,aws_errors/* isAccessDenied */.w7)(error))
                throw error;
            unread = 'Route 53 not read: allow route53:ListHostedZones and route53:ListResourceRecordSets to follow a CNAME of your own to the database';
        }
    }
    // Global databases and proxies are read only for an RDS host that is no instance's or cluster's,
    // so their permissions are needed only with one.
    const host = target.host ?? '';
    const global = GLOBAL_HOST.test(host);
    if (!matchEndpoint(host, endpoints) && RDS_HOST.test(host)) {
        try {
            const more = global ? globalEndpoints(await describeGlobalClusters(rds), endpoints, options.region) : await listProxyEndpoints(rds, endpoints);
            endpoints = [...endpoints, ...more];
        }
        catch (error) {
            if (!(0,aws_errors/* isAccessDenied */.w7)(error))
                throw error;
            unread = global
                ? 'Aurora global databases not read: allow rds:DescribeGlobalClusters to check a global writer endpoint'
                : 'RDS proxies not read: allow rds:DescribeDBProxies and rds:DescribeDBProxyTargets to check a proxy';
        }
        // A proxy's additional endpoints only when no default one matched, so only then needing their permission.
        const proxies = endpoints.filter((endpoint) => endpoint.proxy);
        if (!unread && !matchEndpoint(host, endpoints) && PROXY_ENDPOINT_HOST.test(host) && proxies.length > 0) {
            try {
                endpoints = [...endpoints, ...(await listProxyExtraEndpoints(rds, proxies))];
            }
            catch (error) {
                if (!(0,aws_errors/* isAccessDenied */.w7)(error))
                    throw error;
                unread = "RDS proxies' additional endpoints not read: allow rds:DescribeDBProxyEndpoints to check one";
            }
        }
    }
    return [rdsCheck(target, endpoints, options.region, unread, shown), resilienceCheck(target, endpoints)];
}
/** A DNS name of the team's own: not RDS's, not an address, not a single label such as localhost. */
function ownName(host) {
    return Boolean(host && host.includes('.') && !RDS_HOST.test(host) && !(0,external_node_net_.isIP)(host));
}
/** `db.shop.internal (\u2192 shop.abc.eu-west-1.rds.amazonaws.com, a CNAME in Route 53's private zone shop.internal)` */
function cnameShown(host, hops) {
    const zones = [...new Set(hops.map((hop) => `${hop.private ? 'private' : 'public'} zone ${hop.zone}`))];
    const what = hops.length > 1 ? 'CNAMEs' : 'a CNAME';
    return `${host} (\u2192 ${hops.map((hop) => hop.target).join(' \u2192 ')}, ${what} in Route 53's ${zones.join(' and ')})`;
}
async function mediaChecks(environment, options, deps, note) {
    const variable = options.bucketVariable;
    const setting = environment.get(variable);
    const bucket = setting?.value;
    const rest = (why) => MEDIA_CHECKS.slice(1).map((id) => skip(id, why));
    if (!setting) {
        return [
            fail('media-bucket-configured', `no ${variable} in the container's environment: uploads go to MEDIA_ROOT on whichever task took the request`, `Create an S3 bucket for media, set ${variable} to its name in the task definition and use django-storages (STORAGES default BACKEND storages.backends.s3.S3Storage); or ${NO_MEDIA}`),
            ...rest(`no ${variable}`),
        ];
    }
    if (bucket === undefined) {
        return [pass('media-bucket-configured', `${variable} comes from ${describeSource(setting.from)} (not read)`), ...rest(`${variable} is a secret reference; set allow-secret-resolution: true to check the bucket`)];
    }
    const problem = (0,names/* bucketNameProblem */.Bn)(bucket);
    if (problem)
        return [fail('media-bucket-configured', `${variable}: ${problem}`, `Set ${variable} to the media bucket's name`), ...rest('no valid bucket name')];
    const checks = [pass('media-bucket-configured', `${variable} = ${bucket}${note ? ` (${note})` : ''}`)];
    const exists = (await guard('media-bucket-exists', async () => [await bucketExistsCheck(deps.s3(), bucket, variable)]))[0];
    checks.push(exists);
    if (exists.result !== 'pass')
        return [...checks, ...rest(`bucket ${bucket} is not reachable`).slice(1)];
    checks.push(...(await guard('media-public-access', async () => [await publicAccess(deps.s3(), bucket)])));
    checks.push(...(await guard('media-versioning', async () => [(await versioningCheck(deps.s3(), bucket)).check])));
    if (!options.probe)
        checks.push(skip('media-probe', 'probe: false (read-only mode): nothing was written'));
    else
        checks.push(...(await guard('media-probe', async () => [await probeBucket(deps.s3(), { bucket, prefix: options.probePrefix, id: options.probeId })])));
    return checks;
}
/**
 * Turns an unexpected error (a denied call, a throttle past the retries) into a failed check. A
 * denied call's fix names the grant it needs, as the README's policy spells it.
 */
async function guard(id, work) {
    try {
        return await work();
    }
    catch (error) {
        if (error instanceof errors/* ConfigurationError */.j)
            throw error;
        const grant = (0,aws_errors/* grantOf */.od)(error);
        const fix = grant ? `${grant.replace(/^grant/, 'Grant')} to the role running this step, then rerun` : 'Grant the permissions the README lists for this check to the role running this step, then rerun';
        return [fail(id, `could not check: ${(0,errors/* describeThrown */.Y)(error).message}`, fix)];
    }
}

// EXTERNAL MODULE: ./actions/verify-shared-storage/src/inputs.ts + 3 modules
var src_inputs = __webpack_require__(8643);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 22 modules
var lib_core = __webpack_require__(1632);
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
    return prettyMs(Math.max(0, ms), { secondsDecimalDigits: ms < 60_000 ? 1 : 0 });
}
/**
 * A size in binary units, as the AWS console and `du -h` give them, to three significant digits:
 * 1023 B, 1 KiB, 32.7 MiB, 245 MiB. No fraction-digit options: those make pretty-bytes format with
 * Intl, whose first use loads ICU's number data (12 ms of a 0.6 s deploy).
 */
function formatBytes(bytes) {
    return prettyBytes(bytes, { binary: true });
}

;// CONCATENATED MODULE: ./actions/verify-shared-storage/src/report.ts


/** The step's outputs and job summary. */
async function report(verdict) {
    const { ok, checks } = verdict;
    const tally = counts(checks);
    setOutputs({ ok, report: verdict.report });
    await writeSummary(`Shared storage: ${ok ? 'every task shares one database and one media store' : 'not shared'}`, [
        { heading: verdict.subject, table: summaryTable(checks), lines: [`${tally.pass} passed, ${tally.warn} warned, ${tally.fail} failed, ${tally.skip} skipped (fail-on: ${verdict.failOn})`] },
    ]);
}

;// CONCATENATED MODULE: ./actions/verify-shared-storage/src/run.ts











// What runAction loads once the inputs are read (index.ts): defaultDeps, run, report.

/** Clients are built on first use: a mode that never calls RDS or Secrets Manager never makes one. */
function lazy(make) {
    let made;
    return () => (made ??= make());
}
function defaultDeps(inputs, env = process.env) {
    const settings = inputs.aws;
    return {
        ecs: lazy(() => makeClient(ECSClient/* ECSClient */.Z, settings, src_inputs/* ACTION */.h)),
        s3: lazy(() => makeClient(S3Client/* S3Client */.Y, settings, src_inputs/* ACTION */.h)),
        rds: lazy(() => makeClient(RDSClient/* RDSClient */.r, settings, src_inputs/* ACTION */.h)),
        route53: lazy(() => makeClient(Route53Client/* Route53Client */.L, settings, src_inputs/* ACTION */.h)),
        secrets: {
            secretsManager: lazy(() => makeClient(SecretsManagerClient/* SecretsManagerClient */._, settings, src_inputs/* ACTION */.h)),
            ssm: lazy(() => makeClient(SSMClient/* SSMClient */.j, settings, src_inputs/* ACTION */.h)),
        },
        docker: dockerCli(inputs.dockerConfig, process.env, { timeoutMs: 180_000 }),
        mask: (value) => void (0,src_secrets/* mask */.dK)(value),
        probeId: [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT, (0,external_node_crypto_.randomUUID)()].filter(Boolean).join('-'),
    };
}
function redact(check, secrets) {
    const clean = (text) => (0,src_secrets/* hideSecrets */.s0)(text, secrets);
    return { ...check, message: clean(check.message), ...(check.fix === undefined ? {} : { fix: clean(check.fix) }) };
}
const run_MARK = { pass: 'pass', warn: 'WARN', fail: 'FAIL', skip: 'skip' };
/** Loads the task definition and runs every check; fails, after its report, when a check blocks the rollout. */
async function run(inputs, deps, context) {
    const { log, signal } = context;
    const { taskDefinition, origin } = await loadTaskDefinition(inputs.source, deps.ecs);
    const container = chooseContainer(taskDefinition, inputs.containerName);
    log.info(`Checking container ${container.name} of ${origin}`);
    const masked = [];
    // A cancelled job starts no further container: the checks still running end with their step.
    const docker = (args, env) => (signal.throwIfAborted(), deps.docker(args, env));
    const found = await verifyStorage({
        taskDefinition,
        container,
        urlVariable: inputs.databaseUrlEnv,
        bucketVariable: inputs.mediaBucketEnv,
        requireRds: inputs.requireRds,
        probe: inputs.probe,
        probePrefix: inputs.probePrefix,
        probeId: deps.probeId,
        allowSecretResolution: inputs.allowSecretResolution,
        image: inputs.image || undefined,
        settingsModule: inputs.settingsModule || undefined,
        region: inputs.aws.region,
        media: inputs.media,
    }, { ...deps, docker, mask: (value) => (masked.push(value), deps.mask(value)) });
    signal.throwIfAborted();
    // The runner masks these in the log only; the report, the summary and the error are files and
    // an annotation, so a secret that reached a message (a traceback from the image) is cut out here.
    const checks = found.map((check) => redact(check, masked));
    for (const check of checks) {
        const line = `${run_MARK[check.result]} ${check.id}: ${check.message}${check.fix ? ` -> fix: ${check.fix}` : ''}`;
        if (check.result === 'warn')
            log.warning(line);
        else
            log.info(line);
    }
    const blockers = blocking(checks, inputs.failOn);
    const ok = blockers.length === 0;
    const report = { ok, failOn: inputs.failOn, taskDefinition: origin, container: container.name, counts: counts(checks), checks };
    const verdict = { ok, checks, report, subject: `${container.name} in ${origin}`, failOn: inputs.failOn };
    if (!ok) {
        const listed = blockers.map((check) => `${check.id}: ${check.message}. Fix: ${check.fix}`).join(' | ');
        throw (0,entry/* failedWith */.Mf)(new errors/* ConfigurationError */.j(`${blockers.length} check(s) ${inputs.failOn === 'warning' ? 'failed or warned' : 'failed'}: ${listed}`), verdict);
    }
    return verdict;
}


/***/ })

};

//# sourceMappingURL=837.index.js.map