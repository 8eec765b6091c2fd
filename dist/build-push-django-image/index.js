import './sourcemap-register.cjs';import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
import * as __WEBPACK_EXTERNAL_MODULE_node_module_abdfd1af__ from "node:module";
/******/ var __webpack_modules__ = ({

/***/ 770:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

/* unused reexport */ __nccwpck_require__(218);


/***/ }),

/***/ 218:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var __webpack_unused_export__;


var net = __nccwpck_require__(9278);
var tls = __nccwpck_require__(4756);
var http = __nccwpck_require__(8611);
var https = __nccwpck_require__(5692);
var events = __nccwpck_require__(4434);
var assert = __nccwpck_require__(2613);
var util = __nccwpck_require__(9023);


__webpack_unused_export__ = httpOverHttp;
__webpack_unused_export__ = httpsOverHttp;
__webpack_unused_export__ = httpOverHttps;
__webpack_unused_export__ = httpsOverHttps;


function httpOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  return agent;
}

function httpsOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}

function httpOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  return agent;
}

function httpsOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}


function TunnelingAgent(options) {
  var self = this;
  self.options = options || {};
  self.proxyOptions = self.options.proxy || {};
  self.maxSockets = self.options.maxSockets || http.Agent.defaultMaxSockets;
  self.requests = [];
  self.sockets = [];

  self.on('free', function onFree(socket, host, port, localAddress) {
    var options = toOptions(host, port, localAddress);
    for (var i = 0, len = self.requests.length; i < len; ++i) {
      var pending = self.requests[i];
      if (pending.host === options.host && pending.port === options.port) {
        // Detect the request to connect same origin server,
        // reuse the connection.
        self.requests.splice(i, 1);
        pending.request.onSocket(socket);
        return;
      }
    }
    socket.destroy();
    self.removeSocket(socket);
  });
}
util.inherits(TunnelingAgent, events.EventEmitter);

TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
  var self = this;
  var options = mergeOptions({request: req}, self.options, toOptions(host, port, localAddress));

  if (self.sockets.length >= this.maxSockets) {
    // We are over limit so we'll add it to the queue.
    self.requests.push(options);
    return;
  }

  // If we are under maxSockets create a new one.
  self.createSocket(options, function(socket) {
    socket.on('free', onFree);
    socket.on('close', onCloseOrRemove);
    socket.on('agentRemove', onCloseOrRemove);
    req.onSocket(socket);

    function onFree() {
      self.emit('free', socket, options);
    }

    function onCloseOrRemove(err) {
      self.removeSocket(socket);
      socket.removeListener('free', onFree);
      socket.removeListener('close', onCloseOrRemove);
      socket.removeListener('agentRemove', onCloseOrRemove);
    }
  });
};

TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
  var self = this;
  var placeholder = {};
  self.sockets.push(placeholder);

  var connectOptions = mergeOptions({}, self.proxyOptions, {
    method: 'CONNECT',
    path: options.host + ':' + options.port,
    agent: false,
    headers: {
      host: options.host + ':' + options.port
    }
  });
  if (options.localAddress) {
    connectOptions.localAddress = options.localAddress;
  }
  if (connectOptions.proxyAuth) {
    connectOptions.headers = connectOptions.headers || {};
    connectOptions.headers['Proxy-Authorization'] = 'Basic ' +
        new Buffer(connectOptions.proxyAuth).toString('base64');
  }

  debug('making CONNECT request');
  var connectReq = self.request(connectOptions);
  connectReq.useChunkedEncodingByDefault = false; // for v0.6
  connectReq.once('response', onResponse); // for v0.6
  connectReq.once('upgrade', onUpgrade);   // for v0.6
  connectReq.once('connect', onConnect);   // for v0.7 or later
  connectReq.once('error', onError);
  connectReq.end();

  function onResponse(res) {
    // Very hacky. This is necessary to avoid http-parser leaks.
    res.upgrade = true;
  }

  function onUpgrade(res, socket, head) {
    // Hacky.
    process.nextTick(function() {
      onConnect(res, socket, head);
    });
  }

  function onConnect(res, socket, head) {
    connectReq.removeAllListeners();
    socket.removeAllListeners();

    if (res.statusCode !== 200) {
      debug('tunneling socket could not be established, statusCode=%d',
        res.statusCode);
      socket.destroy();
      var error = new Error('tunneling socket could not be established, ' +
        'statusCode=' + res.statusCode);
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    if (head.length > 0) {
      debug('got illegal response body from proxy');
      socket.destroy();
      var error = new Error('got illegal response body from proxy');
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    debug('tunneling connection has established');
    self.sockets[self.sockets.indexOf(placeholder)] = socket;
    return cb(socket);
  }

  function onError(cause) {
    connectReq.removeAllListeners();

    debug('tunneling socket could not be established, cause=%s\n',
          cause.message, cause.stack);
    var error = new Error('tunneling socket could not be established, ' +
                          'cause=' + cause.message);
    error.code = 'ECONNRESET';
    options.request.emit('error', error);
    self.removeSocket(placeholder);
  }
};

TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
  var pos = this.sockets.indexOf(socket)
  if (pos === -1) {
    return;
  }
  this.sockets.splice(pos, 1);

  var pending = this.requests.shift();
  if (pending) {
    // If we have pending requests and a socket gets closed a new one
    // needs to be created to take over in the pool for the one that closed.
    this.createSocket(pending, function(socket) {
      pending.request.onSocket(socket);
    });
  }
};

function createSecureSocket(options, cb) {
  var self = this;
  TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
    var hostHeader = options.request.getHeader('host');
    var tlsOptions = mergeOptions({}, self.options, {
      socket: socket,
      servername: hostHeader ? hostHeader.replace(/:.*$/, '') : options.host
    });

    // 0 is dummy port for v0.6
    var secureSocket = tls.connect(0, tlsOptions);
    self.sockets[self.sockets.indexOf(socket)] = secureSocket;
    cb(secureSocket);
  });
}


function toOptions(host, port, localAddress) {
  if (typeof host === 'string') { // since v0.10
    return {
      host: host,
      port: port,
      localAddress: localAddress
    };
  }
  return host; // for v0.11 or later
}

function mergeOptions(target) {
  for (var i = 1, len = arguments.length; i < len; ++i) {
    var overrides = arguments[i];
    if (typeof overrides === 'object') {
      var keys = Object.keys(overrides);
      for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
        var k = keys[j];
        if (overrides[k] !== undefined) {
          target[k] = overrides[k];
        }
      }
    }
  }
  return target;
}


var debug;
if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
  debug = function() {
    var args = Array.prototype.slice.call(arguments);
    if (typeof args[0] === 'string') {
      args[0] = 'TUNNEL: ' + args[0];
    } else {
      args.unshift('TUNNEL:');
    }
    console.error.apply(console, args);
  }
} else {
  debug = function() {};
}
__webpack_unused_export__ = debug; // for test


/***/ }),

/***/ 9601:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  __: () => (/* binding */ readBuildKitInputs),
  g$: () => (/* binding */ readTags),
  gY: () => (/* binding */ refuseForeignTags)
});

// EXTERNAL MODULE: ./packages/kit/src/errors.ts
var errors = __nccwpck_require__(7817);
// EXTERNAL MODULE: ./packages/kit/src/parse.ts
var parse = __nccwpck_require__(799);
// EXTERNAL MODULE: ./packages/kit/src/names.ts
var names = __nccwpck_require__(4728);
// EXTERNAL MODULE: ./packages/kit/src/secrets.ts
var src_secrets = __nccwpck_require__(4593);
// EXTERNAL MODULE: ./packages/image/src/reference.ts
var reference = __nccwpck_require__(7104);
;// CONCATENATED MODULE: ./packages/image/src/tag-reference.ts

/** A plain tag or a reference; a reference without a tag means `latest`, as docker reads it. */
function parseTagReference(text) {
    if (!/[/:@]/.test(text)) {
        const problem = (0,reference/* tagProblem */.qH)(text);
        return problem ? { problem } : { text, tag: text };
    }
    if (text.includes('@'))
        return { problem: 'names a digest: a tag names an image by tag only' };
    const problem = (0,reference/* imageReferenceProblem */.i$)(text);
    if (problem)
        return { problem };
    const slash = text.indexOf('/');
    const first = slash === -1 ? '' : text.slice(0, slash);
    const registry = first && (/[.:]/.test(first) || first === 'localhost') ? first.toLowerCase() : undefined;
    const rest = registry ? text.slice(first.length + 1) : text;
    const colon = rest.lastIndexOf(':');
    return {
        text,
        tag: colon === -1 ? 'latest' : rest.slice(colon + 1),
        repository: colon === -1 ? rest : rest.slice(0, colon),
        ...(registry ? { registry } : {}),
    };
}
/**
 * Why a reference is not a tag of `repository` in `registry` (host[:port]), or undefined. A
 * reference without a registry is taken as this one's, as metadata-action writes `shop:latest`
 * for `images: shop`. With the registry not known yet (the ECR login gives it), only the
 * repository is compared.
 */
function foreignReference(reference, target) {
    if (reference.repository === undefined)
        return undefined;
    const where = `${reference.registry ? `${reference.registry}/` : ''}${reference.repository}`;
    const ours = `${target.registry ? `${target.registry.toLowerCase()}/` : ''}${target.repository}`;
    if (reference.repository !== target.repository || (target.registry && reference.registry && reference.registry !== target.registry.toLowerCase())) {
        return `'${reference.text}' names ${where}, but this step pushes to ${ours} only: list only its tags (for metadata-action, images: ${ours})`;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./actions/build-push-django-image/src/buildkit-inputs.ts


// The inputs docker/build-push-action users bring along: tags and labels as docker/metadata-action
// writes them, BuildKit secrets and SSH forwarding, the RUN steps' network.
/** Plain tags, or full references to this repository (in this registry, when the registry input names it). */
function readTags(reader, repository, registry) {
    const tags = [];
    const tagReferences = [];
    for (const text of reader.list('tags', { spaced: { what: 'tags', isItem: (piece) => !('problem' in parseTagReference(piece)) } })) {
        const reference = parseTagReference(text);
        if ('problem' in reference)
            throw new errors/* ConfigurationError */.j(`'${text}': ${reference.problem}`, 'tags');
        const foreign = foreignReference(reference, { repository, registry: registry?.host });
        if (foreign)
            throw new errors/* ConfigurationError */.j(foreign, 'tags');
        tags.push(reference.tag);
        if (reference.registry)
            tagReferences.push(reference);
    }
    return { tags, tagReferences };
}
/** The tags' references checked against the registry this run pushes to, once the ECR login named it. */
function refuseForeignTags(references, repository, registry) {
    for (const reference of references) {
        const foreign = foreignReference(reference, { repository, registry: registry.host });
        if (foreign)
            throw new errors/* ConfigurationError */.j(foreign, 'tags');
    }
}
// As buildx reads a secret's or an SSH key's id, and its paths: no comma, quote or space to split on.
const ID = /^[A-Za-z0-9_.-]+$/;
const PATH = /^[^,"'\s]+$/;
function readSecrets(reader) {
    const read = (input, from) => 
    // Pairs written on one line are refused with their text, which only a secret's value may not show.
    reader.pairs(input, from === 'value' ? undefined : (0,parse/* spacedPairs */._Q)(from === 'file' ? 'id=path pairs' : 'id=VARIABLE pairs')).map(([id, source]) => {
        if (!ID.test(id))
            throw new errors/* ConfigurationError */.j(`'${id}' is not a secret id: use letters, digits, _ . -`, input);
        if (!source)
            throw new errors/* ConfigurationError */.j(`'${id}' has no ${from === 'value' ? 'value' : from === 'file' ? 'file' : 'variable name'}`, input);
        if (from === 'file' && !PATH.test(source))
            throw new errors/* ConfigurationError */.j(`'${id}': the path may not hold commas, quotes or spaces`, input);
        if (from === 'env')
            (0,names/* checkVariableName */.m2)(source, input);
        // Registered with the runner's mask at once: a RUN step that prints it, or an error, shows ***.
        if (from === 'value')
            (0,src_secrets/* mask */.dK)(source);
        return { id, from, source };
    });
    const secrets = [...read('secrets', 'value'), ...read('secret-files', 'file'), ...read('secret-envs', 'env')];
    const ids = secrets.map((secret) => secret.id);
    const twice = ids.find((id, index) => ids.indexOf(id) !== index);
    if (twice)
        throw new errors/* ConfigurationError */.j(`secret id '${twice}' is given twice (secrets, secret-files and secret-envs share one set of ids)`, 'secrets');
    return secrets;
}
/** `default` (the runner's SSH agent) or `id=path[,path]` (keys or agent sockets), one per line. */
function readSsh(reader) {
    const entries = reader.list('ssh', { commas: false });
    for (const entry of entries) {
        const [id, paths] = entry.includes('=') ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] : [entry, undefined];
        if (!ID.test(id) || (paths !== undefined && !paths.split(',').every((path) => PATH.test(path)))) {
            throw new errors/* ConfigurationError */.j(`'${entry}' is not default or id=path[,path] (an SSH agent socket or key per path)`, 'ssh');
        }
    }
    return entries;
}
function readBuildKitInputs(reader) {
    const network = reader.choice('network', ['default', 'none', 'host'], 'default');
    return { labels: reader.pairs('labels'), secrets: readSecrets(reader), ssh: readSsh(reader), network: network === 'default' ? '' : network };
}


/***/ }),

/***/ 1369:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _tandem_kit__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3895);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8543);
/* harmony import */ var _post_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5727);



// The rest of the action, with the AWS SDK, is loaded only once every input was read and checked;
// the post step (the run's Docker config removed) needs none of it.
await (0,_tandem_kit__WEBPACK_IMPORTED_MODULE_2__/* .runAction */ .Cs)({ name: _inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .ACTION */ .h, readInputs: () => (0,_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .readInputs */ .K)(), load: () => Promise.all(/* import() */[__nccwpck_require__.e(591), __nccwpck_require__.e(215)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1215)), post: _post_js__WEBPACK_IMPORTED_MODULE_1__/* .post */ .bE });

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 8543:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  h: () => (/* binding */ ACTION),
  K: () => (/* binding */ readInputs)
});

// EXTERNAL MODULE: ./packages/kit/src/secrets.ts
var secrets = __nccwpck_require__(4593);
// EXTERNAL MODULE: ./packages/kit/src/errors.ts
var errors = __nccwpck_require__(7817);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 22 modules
var core = __nccwpck_require__(1632);
// EXTERNAL MODULE: ./packages/kit/src/parse.ts
var parse = __nccwpck_require__(799);
;// CONCATENATED MODULE: ./packages/kit/src/inputs.ts




const runnerInputs = (name) => core/* getInput */.V4(name);
function tableInputs(values) {
    return (name) => (values[name] ?? '').trim();
}
/**
 * Reads each input once into a typed value. An empty input takes the default; a required one
 * without a value, or a value of the wrong form, throws a ConfigurationError naming the input.
 */
class InputReader {
    source;
    constructor(source = runnerInputs) {
        this.source = source;
    }
    raw(name) {
        return this.source(name).trim();
    }
    string(name, fallback = '') {
        return this.raw(name) || fallback;
    }
    required(name, hint) {
        const value = this.raw(name);
        if (!value)
            throw new errors/* ConfigurationError */.j(`is required${hint ? `: ${hint}` : ''}`, name);
        return value;
    }
    /** Like required, but masks the value in every log line before anything else can print it. */
    secret(name) {
        const value = this.raw(name);
        (0,secrets/* mask */.dK)(value);
        return value;
    }
    matching(name, pattern, what, fallback = '') {
        const value = this.raw(name) || fallback;
        if (value && !pattern.test(value))
            throw new errors/* ConfigurationError */.j(`'${value}' is not ${what}`, name);
        return value;
    }
    boolean(name, fallback) {
        const value = this.raw(name);
        return value ? (0,parse/* parseBoolean */.yG)(name, value) : fallback;
    }
    integer(name, fallback, range) {
        const value = this.raw(name);
        return value ? (0,parse/* parseInteger */.cG)(name, value, range) : fallback;
    }
    /** Milliseconds. */
    duration(name, fallback) {
        return (0,parse/* parseDuration */.E9)(name, this.raw(name) || fallback);
    }
    /** Items one per line, or also separated by commas; `spaced` refuses several items written on one line with spaces. */
    list(name, options = {}) {
        const commas = options.commas ?? true;
        const items = (0,parse/* parseList */.E1)(this.source(name), commas);
        if (options.spaced)
            (0,parse/* refuseSpacedItems */.VO)(name, items, options.spaced, commas);
        return items;
    }
    pairs(name, spaced) {
        return (0,parse/* parsePairs */.xg)(name, this.source(name), spaced);
    }
    json(name, fallback) {
        const value = this.raw(name);
        return value ? (0,parse/* parseJson */.qF)(name, value) : fallback;
    }
    choice(name, choices, fallback) {
        const value = this.raw(name);
        return value ? (0,parse/* parseChoice */.HU)(name, value, choices) : fallback;
    }
}

// EXTERNAL MODULE: ./packages/kit/src/names.ts
var names = __nccwpck_require__(4728);
// EXTERNAL MODULE: ./packages/kit/src/aws-settings.ts + 2 modules
var aws_settings = __nccwpck_require__(7137);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./packages/image/src/reference.ts
var reference = __nccwpck_require__(7104);
// EXTERNAL MODULE: ./actions/build-push-django-image/src/buildkit-inputs.ts + 1 modules
var buildkit_inputs = __nccwpck_require__(9601);
// EXTERNAL MODULE: ./packages/image/src/promote-source.ts
var promote_source = __nccwpck_require__(8115);
;// CONCATENATED MODULE: ./packages/ecs/src/cluster-service.ts
// A pure module: the inputs read it before the rest of the action (and the AWS SDK) is loaded.
/** `cluster/service`, as promote-from-service names the source environment's web service. */
function parseClusterService(text) {
    const match = /^([A-Za-z0-9_-]{1,255})\/([A-Za-z0-9_-]{1,255})$/.exec(text.trim());
    return match ? { cluster: match[1], service: match[2] } : undefined;
}
/**
 * Why an ECS ARN (a cluster, a service, a task definition) cannot serve a step that calls ECS in
 * `region`: ECS there answers that no such resource exists, as if the name were wrong. Undefined
 * for a name, or for an ARN in that region.
 */
function arnRegionProblem(value, region) {
    const arnRegion = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):/.exec(value)?.[1];
    if (!arnRegion || arnRegion === region)
        return undefined;
    return `'${value}' is in ${arnRegion}, but this step calls ECS in ${region}: set aws-region: ${arnRegion}, or name one in ${region}`;
}

;// CONCATENATED MODULE: ./actions/build-push-django-image/src/promote-inputs.ts



function readPromotion(reader, stepRegion) {
    const text = reader.string('promote-from').trim();
    const region = reader.string('promote-from-region').trim();
    const serviceText = reader.string('promote-from-service').trim();
    if (!text) {
        if (region)
            throw new errors/* ConfigurationError */.j('promote-from-region is set without promote-from: name the image to promote, or remove it', 'promote-from-region');
        if (serviceText)
            throw new errors/* ConfigurationError */.j('promote-from-service is set without promote-from: name the image to promote, or remove it', 'promote-from-service');
        return undefined;
    }
    if (region)
        (0,aws_settings/* checkRegion */.vK)(region, 'promote-from-region');
    const source = (0,promote_source/* parsePromoteSource */.FW)(text, { given: region, step: stepRegion });
    if ('problem' in source)
        throw new errors/* ConfigurationError */.j(`'${text}' ${source.problem}`, 'promote-from');
    if (!serviceText)
        return { source };
    const service = parseClusterService(serviceText);
    if (!service)
        throw new errors/* ConfigurationError */.j(`'${serviceText}' is not cluster/service (the source environment's web service, e.g. staging/shop-web)`, 'promote-from-service');
    // Only a tag names the release: a digest alone cannot be matched with tandem-deploy:release.
    if (!source.tag)
        throw new errors/* ConfigurationError */.j(`'${text}' names no tag: promote-from-service checks that the release the tag names served; name the image by its release tag`, 'promote-from');
    return { source, service };
}
/** The inputs that only a build reads, each with how to tell it was set. */
const BUILD_ONLY = [
    ['context', (inputs) => inputs.context !== '.'],
    ['dockerfile', (inputs) => inputs.dockerfile !== ''],
    ['build-args', (inputs) => inputs.buildArgs.length > 0],
    ['secrets', (inputs) => inputs.secrets.some((secret) => secret.from === 'value')],
    ['secret-files', (inputs) => inputs.secrets.some((secret) => secret.from === 'file')],
    ['secret-envs', (inputs) => inputs.secrets.some((secret) => secret.from === 'env')],
    ['ssh', (inputs) => inputs.ssh.length > 0],
    ['network', (inputs) => inputs.network !== ''],
    ['target', (inputs) => inputs.target !== ''],
    ['platforms', (inputs) => inputs.platforms.length > 0],
    ['labels', (inputs) => inputs.labels.length > 0],
    ['cache', (inputs) => inputs.cache !== 'auto'],
    ['cache-ref', (inputs) => inputs.cacheRef !== ''],
    ['provenance', (inputs) => inputs.provenance !== 'false'],
    ['check-env', (inputs) => inputs.checkEnv.length > 0],
    ['check-database-url', (inputs) => inputs.checkDatabaseUrl !== ''],
    ['manage-py', (inputs) => inputs.managePy !== ''],
    ['push', (inputs) => !inputs.push],
];
/**
 * A promotion ships the bytes the source environment tested: an input that would change what is
 * built has nothing to act on, and silently ignoring it would ship something else than asked.
 */
function refuseBuildInputs(inputs) {
    const set = BUILD_ONLY.filter(([, changed]) => changed(inputs)).map(([name]) => name);
    if (set.length === 0)
        return;
    throw new errors/* ConfigurationError */.j(`${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} for building an image, and promote-from copies the source environment's image as it is (nothing is built): remove ${set.length === 1 ? 'it' : 'them'}, or promote-from`, set[0]);
}

;// CONCATENATED MODULE: ./actions/build-push-django-image/src/inputs.ts





const ACTION = 'build-push-django-image';
const PLATFORM = /^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/;
/** The database URL for the checks, masked whole and its password in every form, before anything can print it. */
function readDatabaseUrl(reader) {
    const url = reader.string('check-database-url');
    (0,secrets/* mask */.dK)(url);
    return url;
}
/**
 * The build arguments, and which of them are secrets. Their values are registered with the
 * runner's mask here, before the build starts, because the build's own output (a RUN step that
 * echoes one, an error) can show them; the others stay readable in the log. A URL with a
 * password in an argument that is not secret keeps only its password hidden.
 */
function readBuildArgs(reader) {
    const buildArgs = reader.pairs('build-args');
    const names = new Set(buildArgs.map(([name]) => name));
    const marked = reader.list('secret-build-args');
    for (const name of marked) {
        if (!names.has(name))
            throw new errors/* ConfigurationError */.j(`'${name}' is not one of the build-args (${[...names].join(', ') || 'none given'})`, 'secret-build-args');
    }
    const secretBuildArgs = [...names].filter((name) => marked.includes(name) || (0,secrets/* isSecretName */.eh)(name));
    for (const [name, value] of buildArgs) {
        if (secretBuildArgs.includes(name))
            (0,secrets/* mask */.dK)(value);
        else if ((0,secrets/* hasUrlPassword */.bD)(value))
            (0,secrets/* mask */.dK)(...(0,secrets/* urlPasswordForms */.Cj)(value));
    }
    return { buildArgs, secretBuildArgs };
}
function readInputs(reader = new InputReader()) {
    const repository = reader.required('repository', 'the ECR repository name, e.g. shop-backend');
    const problem = (0,reference/* repositoryProblem */.Ki)(repository);
    if (problem)
        throw new errors/* ConfigurationError */.j(`'${repository}' ${problem}`, 'repository');
    const registryText = reader.string('registry');
    const registry = registryText ? (0,reference/* parseRegistry */.l5)(registryText) : undefined;
    if (registryText && !registry)
        throw new errors/* ConfigurationError */.j(`'${registryText}' is not a registry host such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com`, 'registry');
    const { tags, tagReferences } = (0,buildkit_inputs/* readTags */.g$)(reader, repository, registry);
    // platforms, as docker/build-push-action names it; platform, this action's first name for it.
    const platformInput = reader.string('platforms') ? 'platforms' : 'platform';
    const platforms = reader.list(platformInput, { spaced: { what: 'platforms', isItem: (piece) => PLATFORM.test(piece) } });
    for (const platform of platforms) {
        if (!PLATFORM.test(platform))
            throw new errors/* ConfigurationError */.j(`'${platform}' is not a platform such as linux/amd64`, platformInput);
    }
    const checkEnv = reader.pairs('check-env');
    for (const [name] of checkEnv)
        (0,names/* checkVariableName */.m2)(name, 'check-env', 'use letters, digits and _, not starting with a digit');
    const managePy = reader.string('manage-py');
    if ((0,external_node_path_.isAbsolute)(managePy) || managePy.split('/').includes('..')) {
        throw new errors/* ConfigurationError */.j(`'${managePy}' must be a path relative to the image's working directory`, 'manage-py');
    }
    const cache = reader.choice('cache', ['auto', 'gha', 'registry', 'none'], 'auto');
    const cacheRef = reader.string('cache-ref');
    const cacheRefIssue = cacheRef ? (0,reference/* imageReferenceProblem */.i$)(cacheRef) : undefined;
    if (cacheRefIssue)
        throw new errors/* ConfigurationError */.j(`'${cacheRef}' ${cacheRefIssue}`, 'cache-ref');
    if (cache === 'registry' && !cacheRef) {
        throw new errors/* ConfigurationError */.j('cache: registry needs cache-ref, an image in a repository with mutable tags (e.g. REGISTRY/shop-cache:main)', 'cache-ref');
    }
    const checkDatabaseUrl = readDatabaseUrl(reader);
    const { buildArgs, secretBuildArgs } = readBuildArgs(reader);
    const djangoChecks = reader.boolean('django-checks', true);
    const push = reader.boolean('push', true);
    // Several platforms cannot be loaded into the local engine: buildx pushes them itself, unchecked.
    if (platforms.length > 1 && djangoChecks) {
        throw new errors/* ConfigurationError */.j(`${platforms.join(', ')}: an image for several platforms cannot be loaded into the local engine for the Django checks: build one platform, or set django-checks: false`, platformInput);
    }
    if (platforms.length > 1 && !push) {
        throw new errors/* ConfigurationError */.j(`${platforms.join(', ')}: an image for several platforms can only go straight to the registry: build one platform, or set push: true`, platformInput);
    }
    const aws = (0,aws_settings/* readAwsSettings */.p3)(reader);
    const promotion = readPromotion(reader, aws.region);
    const inputs = {
        aws,
        repository,
        context: reader.string('context', '.'),
        dockerfile: reader.string('dockerfile'),
        tags,
        tagReferences,
        ...(0,buildkit_inputs/* readBuildKitInputs */.__)(reader),
        buildArgs,
        secretBuildArgs,
        target: reader.string('target'),
        platforms,
        registry,
        createRepository: reader.boolean('create-repository', true),
        tagMutability: reader.choice('tag-mutability', ['IMMUTABLE', 'MUTABLE'], 'IMMUTABLE'),
        untaggedExpiryDays: reader.integer('untagged-expiry-days', 14, { min: 1, max: 3650 }),
        skipIfExists: reader.boolean('skip-if-exists', true),
        djangoChecks,
        checkFailLevel: reader.choice('check-fail-level', ['ERROR', 'WARNING'], 'WARNING'),
        checkDatabaseUrl,
        checkEnv,
        managePy,
        push,
        cache,
        cacheRef,
        provenance: reader.string('provenance', 'false'),
        ...(promotion ? { promotion } : {}),
    };
    if (promotion)
        refuseBuildInputs(inputs);
    return inputs;
}


/***/ }),

/***/ 5727:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   bE: () => (/* binding */ post),
/* harmony export */   dw: () => (/* binding */ CONFIG_STATE)
/* harmony export */ });
/* unused harmony export cleanUp */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1632);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);


/** The step's state that names the Docker config the run logged in with. */
const CONFIG_STATE = 'dockerConfig';
/** The post step: the job's Docker config holds the registry login; it goes with the job. */
function post(context) {
    return cleanUp(_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getState */ .Gu(CONFIG_STATE), context.log);
}
async function cleanUp(configDir, log) {
    if (!configDir)
        return;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(configDir, { recursive: true, force: true });
    log.info(`Removed the Docker config ${configDir}`);
}


/***/ }),

/***/ 2531:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Od: () => (/* binding */ restoreCommand),
/* harmony export */   xU: () => (/* binding */ RESTORE_WITHIN)
/* harmony export */ });
/* unused harmony exports archivedFrom, findArchived, RESTORE_WAIT_MS, RestoreRefused, restoreImages */


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
    for await (const page of paginateDescribeImages({ client: ecr }, input)) {
        const held = (page.imageDetails ?? []).find((detail) => (id.imageDigest ? detail.imageDigest === id.imageDigest : detail.imageTags?.includes(id.imageTag ?? '')));
        if (held)
            return archivedFrom(where, held);
    }
    return undefined;
}
/** "You can expect ECR to restore the image within 20 minutes" (ECR User Guide, archival storage). */
const RESTORE_WITHIN = '20 minutes';
/** How long a deploy waits for ECR to restore its images: ECR's 20 minutes, and a margin. */
const RESTORE_WAIT_MS = (/* unused pure expression or super */ null && (30 * 60_000));
/** A restore that cannot be started: the message says what to grant, or how to restore by hand. */
class RestoreRefused extends (/* unused pure expression or super */ null && (Error)) {
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
            await pause(clock, Math.min(context.pollMs, Math.max(0, context.deadline - clock.now())), context.signal);
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
        await pause(clock, Math.min(context.pollMs, left), context.signal);
    }
    log.info(`restored from ECR's archive in ${formatDuration(clock.now() - started)}: ${names(images)}`);
}
async function startRestore(context, image) {
    const { signal } = context;
    const ecr = context.ecr(image.region);
    try {
        await ecr.send(new UpdateImageStorageClassCommand({ registryId: image.registryId, repositoryName: image.repositoryName, imageId: { imageDigest: image.digest }, targetStorageClass: 'STANDARD' }), { abortSignal: signal });
    }
    catch (error) {
        // Restored meanwhile (by hand, or by a push of the same image): nothing left to start.
        if (isNamed(error, 'ImageStorageClassUpdateNotSupportedException'))
            return;
        const how = `restore it yourself (${restoreCommand(image, { imageDigest: image.digest })}; ECR takes up to ${RESTORE_WITHIN}) and run again`;
        const refused = isAccessDenied(error);
        // describeThrown names the call and, when IAM refused it, the grant it needs.
        const grant = refused && !grantOf(error) ? ': grant ecr:UpdateImageStorageClass on the repository' : '';
        const way = refused ? `; with that grant the deploy restores it, or ${how}` : `; ${how}`;
        throw new RestoreRefused(`${image.repositoryName}@${image.digest} is archived in ECR, where ECS cannot pull it, and restoring it ${refused ? 'was refused' : 'failed'}: ${describeThrown(error).message}${grant}${way}`);
    }
}
/** Whether ECR serves the image again: listed as ACTIVE (a look-up by id may not list it while it is not). */
async function isServed({ ecr, signal }, image) {
    try {
        const answer = await ecr(image.region).send(new DescribeImagesCommand({ registryId: image.registryId, repositoryName: image.repositoryName, imageIds: [{ imageDigest: image.digest }] }), { abortSignal: signal });
        const status = answer.imageDetails?.[0]?.imageStatus;
        return answer.imageDetails?.length === 1 && (status === undefined || status === 'ACTIVE');
    }
    catch (error) {
        if (isNamed(error, 'ImageNotFoundException'))
            return false;
        throw error;
    }
}
const names = (images) => images.map((image) => `${image.repositoryName}@${image.digest}`).join(', ');


/***/ }),

/***/ 8115:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   FW: () => (/* binding */ parsePromoteSource),
/* harmony export */   q9: () => (/* binding */ goneReason)
/* harmony export */ });
/* unused harmony export lifecycleRuleFor */
/* harmony import */ var _archive_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2531);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7104);


const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
/**
 * Reads promote-from. The region is promote-from-region when given, else the region in an ECR
 * host, else the step's own region (a registry such as 127.0.0.1:5000 names none).
 */
function parsePromoteSource(text, regions) {
    const shape = 'is not an image reference <registry>/<repository>:<tag> or <registry>/<repository>@sha256:<digest>, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-backend:1a2b3c4';
    const problem = (0,_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .imageReferenceProblem */ .i$)(text);
    if (problem)
        return { problem: `${problem}: it ${shape}` };
    const [name, digest] = text.split('@', 2);
    const slash = name.indexOf('/');
    const host = slash === -1 ? '' : name.slice(0, slash);
    // A registry host has a dot or a port (docker's rule): shop-backend:1a2b3c4 alone names Docker Hub, never an environment.
    const registry = host && (/[.:]/.test(host) || host === 'localhost') ? (0,_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .parseRegistry */ .l5)(host) : undefined;
    if (!registry)
        return { problem: `names no registry host: it ${shape}` };
    const rest = name.slice(host.length + 1);
    const colon = rest.lastIndexOf(':');
    const repository = colon === -1 ? rest : rest.slice(0, colon);
    const tag = colon === -1 ? undefined : rest.slice(colon + 1);
    if (!tag && !digest)
        return { problem: `names neither a tag nor a digest: a promotion names the release's image exactly (no implicit latest): it ${shape}` };
    if (digest && !(0,_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .isDigest */ .Bc)(digest))
        return { problem: 'has a digest that is not sha256:<64 hex digits>' };
    const ecr = ECR_HOST.exec(host.toLowerCase());
    return {
        text,
        registry,
        repository,
        ...(tag ? { tag } : {}),
        ...(digest ? { digest } : {}),
        region: regions.given || ecr?.[2] || regions.step,
        ...(ecr ? { registryId: ecr[1] } : {}),
    };
}
/** ECR's tagPatternList wildcard: `*` matches any run of characters, the rest literally. */
function wildcard(pattern) {
    return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
/**
 * The rule of a lifecycle policy that can have taken the image out of the registry: by priority,
 * the first rule on standard storage (no `storageClass`, or `standard`) that expires it or moves it
 * to ECR's archive (`transition`) and whose selection takes an image with this tag (`any`;
 * `tagged` with a matching prefix or pattern), or an untagged image when it is named by digest
 * only; with `archive`, the first expire rule of archived images that takes it. Undefined when
 * none can.
 */
function lifecycleRuleFor(policyText, tag, storage = 'standard') {
    let rules;
    try {
        rules = JSON.parse(policyText).rules ?? [];
    }
    catch {
        return undefined;
    }
    const takes = (rule) => {
        if ((rule.selection?.storageClass ?? 'standard') !== storage)
            return false;
        const status = rule.selection?.tagStatus;
        if (status === 'any')
            return true;
        if (status === 'untagged')
            return tag === undefined;
        if (status !== 'tagged' || tag === undefined)
            return false;
        const prefixes = rule.selection?.tagPrefixList ?? [];
        const patterns = rule.selection?.tagPatternList ?? [];
        return prefixes.some((prefix) => tag.startsWith(prefix)) || patterns.some((pattern) => wildcard(pattern).test(tag));
    };
    const acts = (rule) => {
        const type = rule.action?.type ?? 'expire';
        return type === 'expire' || (storage === 'standard' && type === 'transition');
    };
    return [...rules].sort((a, b) => (a.rulePriority ?? 0) - (b.rulePriority ?? 0)).find((rule) => acts(rule) && takes(rule));
}
/** Why the source image is gone, in words: the lifecycle policy's rule when one matches, else deleted. */
function goneReason(source, policyText) {
    const what = `${source.repository}${source.tag ? `:${source.tag}` : ''}${source.digest ? `@${source.digest}` : ''}`;
    const rule = policyText ? lifecycleRuleFor(policyText, source.tag) : undefined;
    const named = (one) => (one.description ? `rule ${one.rulePriority ?? '?'} '${one.description}'` : `rule ${one.rulePriority ?? '?'}`);
    if (rule?.action?.type === 'transition') {
        // The promotion reads the source and writes nothing there: the restore is the source environment's to make.
        const later = policyText ? lifecycleRuleFor(policyText, source.tag, 'archive') : undefined;
        const gone = later ? `; ${named(later)} expires archived images, so it may be gone for good` : '';
        const restore = (0,_archive_js__WEBPACK_IMPORTED_MODULE_1__/* .restoreCommand */ .Od)({ region: source.region, registryId: source.registryId, repositoryName: source.repository }, source.tag ? { imageTag: source.tag } : { imageDigest: source.digest });
        return (`the source image ${what} is not served by ${source.registry.host}: the repository's lifecycle policy moves it to ECR's archive (${named(rule)}), where it cannot be pulled${gone}. ` +
            `Restore it in the source repository (${restore}; ECR takes up to ${_archive_js__WEBPACK_IMPORTED_MODULE_1__/* .RESTORE_WITHIN */ .xU}) and run again, or deploy a release that still has its image`);
    }
    if (rule) {
        return `the source image ${what} is gone from ${source.registry.host}: expired by the repository's lifecycle policy (${named(rule)}); it cannot be promoted. Deploy a release that still has its image`;
    }
    return `the source image ${what} is gone from ${source.registry.host}: deleted${policyText ? " (no rule of the repository's lifecycle policy matches it)" : ''}; it cannot be promoted. Deploy a release that still has its image`;
}


/***/ }),

/***/ 7104:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   Ki: () => (/* binding */ repositoryProblem),
/* harmony export */   i$: () => (/* binding */ imageReferenceProblem),
/* harmony export */   jq: () => (/* binding */ imageByDigest),
/* harmony export */   l5: () => (/* binding */ parseRegistry),
/* harmony export */   qH: () => (/* binding */ tagProblem),
/* harmony export */   tO: () => (/* binding */ imageName)
/* harmony export */ });
// Names of registries, repositories, tags and digests, checked against the rules ECR and the
// OCI distribution spec apply, so a bad name fails before anything is built or pushed.
/** ECR: 2-256 characters, lowercase path components separated by `/`. */
const REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$/;
/** What the ECR console shows as a repository's URI: the registry host, then the name. */
const ECR_URI = /^\d{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/(.+)$/;
/** A name with a digest or a tag pasted after it (shop@sha256:..., shop:latest): the name, and which. */
function pastedAfter(value) {
    const at = value.indexOf('@');
    if (at > 0)
        return { name: value.slice(0, at), after: 'a digest' };
    const colon = value.lastIndexOf(':');
    if (colon > 0 && !value.slice(colon + 1).includes('/'))
        return { name: value.slice(0, colon), after: 'a tag' };
    return { name: value };
}
function repositoryProblem(name) {
    // A URI, a tag or a digest pasted with the name: say what to give instead.
    const uri = ECR_URI.exec(name);
    const pasted = pastedAfter(uri ? uri[1] : name);
    if (REPOSITORY.test(pasted.name)) {
        if (uri)
            return `is the repository's URI: give its name alone (${pasted.name}); the host goes under registry when it is not this account's ECR`;
        if (pasted.after === 'a tag')
            return `holds a tag: give the repository's name alone (${pasted.name}), and the tag under tags`;
        if (pasted.after === 'a digest')
            return `holds a digest: give the repository's name alone (${pasted.name})`;
    }
    if (name.length < 2 || name.length > 256)
        return 'must be 2 to 256 characters';
    if (!REPOSITORY.test(name))
        return 'may hold only lowercase letters, digits and . _ - / between letters or digits (ECR repository name rules)';
    return undefined;
}
function tagProblem(tag) {
    return TAG.test(tag) ? undefined : 'a tag is 1-128 characters: letters, digits, _ . - and not starting with . or -';
}
// The OCI distribution spec's path component: lowercase letters and digits, separated by . _ __ or dashes.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/**
 * Why a value is not an image reference `[registry/]repository[:tag|@digest]`, or undefined.
 * Commas and `=` are refused first: such a value would add options of its own where it is pasted
 * into buildx's comma-separated `type=registry,ref=...` lists.
 */
function imageReferenceProblem(value) {
    if (/[,=\s]/.test(value))
        return 'may not hold commas, = or white space: it goes into buildx options as ref=<value>';
    const [name, digest] = value.split('@', 2);
    if (digest !== undefined && !DIGEST.test(digest))
        return 'has a digest that is not sha256:<64 hex digits>';
    const slash = name.indexOf('/');
    const first = slash === -1 ? '' : name.slice(0, slash);
    // As docker reads it: the first part is a registry when it has a dot or a port, or is localhost.
    const host = first && (/[.:]/.test(first) || first === 'localhost') ? first : '';
    if (host && !HOST.test(host))
        return `has a registry host '${host}' that is not host[:port]`;
    const rest = host ? name.slice(host.length + 1) : name;
    const colon = rest.lastIndexOf(':');
    const repository = colon === -1 ? rest : rest.slice(0, colon);
    const tag = colon === -1 ? undefined : rest.slice(colon + 1);
    if (!repository || !repository.split('/').every((part) => PATH_COMPONENT.test(part))) {
        return 'is not an image reference such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-cache:main (lowercase repository path)';
    }
    if (tag !== undefined && !TAG.test(tag))
        return `has a tag '${tag}' that is not 1-128 letters, digits, _ . -`;
    return undefined;
}
function isDigest(value) {
    return DIGEST.test(value);
}
/**
 * The registry from the `registry` input or ECR's proxy endpoint (`https://ACCOUNT.dkr.ecr.REGION.amazonaws.com`).
 * Docker itself talks plain HTTP to registries on loopback; the API calls here do the same.
 */
function parseRegistry(value) {
    const match = /^(?:(https?):\/\/)?([^/]+)\/?$/.exec(value.trim());
    if (!match || !HOST.test(match[2]))
        return undefined;
    const [, scheme, host] = match;
    const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
    return { host, apiBase: `${scheme ?? (loopback ? 'http' : 'https')}://${host}` };
}
function imageName(registry, repository, tag) {
    return `${registry.host}/${repository}:${tag}`;
}
function imageByDigest(registry, repository, digest) {
    return `${registry.host}/${repository}@${digest}`;
}


/***/ }),

/***/ 5341:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   C7: () => (/* binding */ attemptsMade),
/* harmony export */   Is: () => (/* binding */ errorName),
/* harmony export */   ev: () => (/* binding */ isNamed),
/* harmony export */   od: () => (/* binding */ grantOf),
/* harmony export */   vs: () => (/* binding */ awsCallOf),
/* harmony export */   w7: () => (/* binding */ isAccessDenied)
/* harmony export */ });
/* unused harmony exports httpStatus, hasStatus, isNotFound, isThrottling, isServerError, isExpiredCredentials, isTransient */

const shape = (error) => (error && typeof error === 'object' ? error : {});
/** The HTTP status of the answer that failed, when there was an answer. */
function httpStatus(error) {
    const status = shape(error).$metadata?.httpStatusCode;
    return typeof status === 'number' ? status : undefined;
}
/** The AWS error code (`NoSuchBucket`, `ClusterNotFoundException`), or '' when there is none. */
function errorName(error) {
    const { name, Code } = shape(error);
    if (typeof name === 'string' && name)
        return name;
    return typeof Code === 'string' ? Code : '';
}
/** Whether the error's code is one of `names`. */
function isNamed(error, ...names) {
    const name = errorName(error);
    return name !== '' && names.includes(name);
}
/** Whether the answer had one of `statuses`. */
function hasStatus(error, ...statuses) {
    const status = httpStatus(error);
    return status !== undefined && statuses.includes(status);
}
/**
 * A 404, or one of the codes a service uses for a missing thing. S3 answers a HEAD with a bare
 * 404 the SDK names NotFound; other services answer 400 with a code of their own, given in `names`.
 */
function isNotFound(error, ...names) {
    return hasStatus(error, 404) || isNamed(error, 'NotFound', ...names);
}
const DENIED = ['AccessDenied', 'AccessDeniedException', 'Forbidden', 'UnauthorizedOperation', 'AuthorizationError', 'NotAuthorized'];
/**
 * A call the credentials may not make. AWS answers AccessDenied (or a service's variant); a HEAD
 * answers a bare 403 the SDK names Forbidden; some endpoints (and moto for ECS) answer 403 with
 * a body the SDK cannot parse. A 403 that names another code (an expired token, a bad
 * signature) is not a missing grant.
 */
function isAccessDenied(error) {
    if (isNamed(error, ...DENIED))
        return true;
    if (!hasStatus(error, 403))
        return false;
    const name = errorName(error);
    return name === '' || name === 'Unknown' || name === 'UnknownError' || name === 'SyntaxError' || name === 'Error';
}
const THROTTLING = (/* unused pure expression or super */ null && (['Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'RequestLimitExceeded', 'ProvisionedThroughputExceededException']));
/** AWS asked the caller to slow down: worth retrying later. */
function isThrottling(error) {
    return hasStatus(error, 429) || isNamed(error, ...THROTTLING);
}
/** The service failed (5xx): worth retrying, not the caller's fault. */
function isServerError(error) {
    return (httpStatus(error) ?? 0) >= 500 || isNamed(error, 'InternalError', 'InternalFailure', 'ServiceUnavailable', 'ServiceUnavailableException');
}
const EXPIRED = (/* unused pure expression or super */ null && (['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']));
/**
 * The session's credentials expired: every later call fails the same way, so a wait cannot go on.
 * A role session from GitHub's OIDC provider lasts an hour unless the workflow asks for longer,
 * and its keys come in environment variables the SDK cannot renew.
 */
function isExpiredCredentials(error) {
    return isNamed(error, ...EXPIRED);
}
/**
 * A failure the next try may not meet: throttling, a 5xx, or the network (a reset or refused
 * connection, a timeout, a name that did not resolve), as the SDK's own retry strategy classifies
 * them (`isTransientError` of @smithy/core, which also reads the cause of a wrapped error). A
 * call that fails so after the SDK's own retries is worth trying again a poll later.
 */
function isTransient(error) {
    if (isExpiredCredentials(error))
        return false;
    if (isThrottling(error) || isServerError(error))
        return true;
    return Boolean(error && typeof error === 'object' && isTransientError(error));
}
/** The attempts the SDK made for the call, when it counted them. */
function attemptsMade(error) {
    const attempts = shape(error).$metadata?.attempts;
    return typeof attempts === 'number' ? attempts : undefined;
}
/** The AWS call behind an error, as the kit's middleware recorded it (`GetObject (S3)`). */
function awsCallOf(error) {
    const call = shape(error).$awsCall;
    return typeof call === 'string' ? call : undefined;
}
/** The grant a refused call needs (`grant s3:GetObject on arn:aws:s3:::shop-site/_releases/*`), recorded with the call. */
function grantOf(error) {
    const grant = shape(error).$awsGrant;
    return typeof grant === 'string' ? grant : undefined;
}


/***/ }),

/***/ 7137:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  k$: () => (/* binding */ IDLE_TIMEOUT_MS),
  vK: () => (/* binding */ checkRegion),
  p3: () => (/* binding */ readAwsSettings)
});

// UNUSED EXPORTS: localS3Endpoint, resolveRegion

;// CONCATENATED MODULE: external "node:net"
const external_node_net_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");
// EXTERNAL MODULE: ./packages/kit/src/errors.ts
var errors = __nccwpck_require__(7817);
;// CONCATENATED MODULE: ./packages/kit/src/proxy.ts

// A self-hosted runner behind a company proxy names it in HTTPS_PROXY (and NO_PROXY for what goes
// direct), as curl, the AWS CLI and the runner itself read them. The SDK's clients make their own
// HTTP agents, which Node does not point at the proxy unless told: this hands those variables to
// the agents (Node 24's `proxyEnv`, its own proxy support: CONNECT tunnels for https endpoints,
// NO_PROXY matching as curl does it), and nothing changes when none is set.
/** The variables Node's agents read, in both spellings; the lower-case one wins, as in curl. */
const PROXY_URLS = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];
const BYPASS = ['no_proxy', 'NO_PROXY'];
/** A proxy URL as it may be shown: its password replaced. */
function shown(value) {
    return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
/** Why a proxy variable's value cannot be used, or undefined. */
function proxyProblem(name, value) {
    let url;
    try {
        // 'proxy.corp:3128' parses, with 'proxy.corp:' for a scheme: a URL here has '://'.
        if (value.includes('://'))
            url = new URL(value);
    }
    catch {
        // Not a URL: said below.
    }
    if (!url)
        return `the ${name} environment variable is '${shown(value)}', which is not a URL: set it to the proxy's address, such as http://proxy.example.com:3128`;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return `the ${name} environment variable is '${shown(value)}': Node's proxy support takes an http:// or https:// proxy, not ${url.protocol.slice(0, -1)}`;
    }
    return undefined;
}
/**
 * The proxy variables of `env` for the SDK's agents, or undefined when no proxy is set. A value
 * that is not an http(s) URL is refused here, before any AWS call, naming the variable.
 */
function readProxyEnv(env = process.env) {
    const set = PROXY_URLS.filter((name) => env[name]);
    if (set.length === 0)
        return undefined;
    for (const name of set) {
        const problem = proxyProblem(name, env[name]);
        if (problem)
            throw new errors/* ConfigurationError */.j(problem);
    }
    const proxyEnv = {};
    for (const name of [...set, ...BYPASS])
        if (env[name])
            proxyEnv[name] = env[name];
    return proxyEnv;
}

;// CONCATENATED MODULE: ./packages/kit/src/aws-settings.ts
// What a client is built with, as the inputs give it: read with the other inputs, before the
// rest of the action (and the AWS SDK, which aws.ts imports) is loaded.



/**
 * Whether S3 is a local stand-in (moto, LocalStack, MinIO): AWS_ENDPOINT_URL_S3 or
 * AWS_ENDPOINT_URL over http, or on an IP address or localhost. The SDK would put a bucket's
 * name in front of such a host, and for a name with dots (www.example.com) that is no URL
 * (`www.example.com.127.0.0.1`) or no host that resolves (`www.example.com.localhost`): the
 * bucket goes in the path instead, as such servers take it.
 */
function localS3Endpoint(env) {
    const value = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
    if (!value || !URL.canParse(value))
        return false;
    const url = new URL(value);
    return url.protocol === 'http:' || url.hostname === 'localhost' || (0,external_node_net_namespaceObject.isIP)(url.hostname.replace(/^\[|\]$/g, '')) !== 0;
}
/**
 * The AWS CLI's connect and read timeouts (60 s each). The SDK has none for S3 and waits 15
 * minutes elsewhere, so one connection that a NAT or a proxy dropped without a word would hold
 * the step until the job's timeout. Timed out, the call is retried as any dropped connection is.
 */
const IDLE_TIMEOUT_MS = 60_000;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** The `aws-region` input, else AWS_REGION, else AWS_DEFAULT_REGION (what configure-aws-credentials sets). */
function resolveRegion(input, env = process.env) {
    const region = input || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
    if (!region) {
        throw new errors/* ConfigurationError */.j('no region: set the aws-region input, or run aws-actions/configure-aws-credentials first (it sets AWS_REGION)', 'aws-region');
    }
    return checkRegion(region, 'aws-region');
}
/** A region named by an input (aws-region, promote-from-region), refused with what was meant where that is plain. */
function checkRegion(value, input) {
    if (!REGION.test(value))
        throw new errors/* ConfigurationError */.j(`'${value}' ${regionProblem(value)}`, input);
    return value;
}
function regionProblem(value) {
    const zone = /^([a-z]{2}(?:-[a-z]+)+-\d+)[a-z]$/.exec(value);
    if (zone)
        return `is an availability zone: give its region, ${zone[1]}`;
    if (REGION.test(value.toLowerCase()))
        return `is written in capitals: give it in lower case, ${value.toLowerCase()}`;
    return 'is not an AWS region such as us-east-1';
}
function readAwsSettings(inputs, env = process.env) {
    return {
        region: resolveRegion(inputs.string('aws-region'), env),
        maxAttempts: inputs.integer('max-attempts', 8, { min: 1, max: 30 }),
        proxyEnv: readProxyEnv(env),
        idleTimeoutMs: readIdleTimeout(inputs),
        pathStyle: localS3Endpoint(env),
    };
}
/** The `idle-timeout` input: 1 second to 15 minutes (the SDK's own wait for most services). */
function readIdleTimeout(inputs) {
    const ms = inputs.duration('idle-timeout', `${IDLE_TIMEOUT_MS / 1000}s`);
    if (ms < 1000 || ms > 900_000) {
        throw new errors/* ConfigurationError */.j(`'${inputs.string('idle-timeout')}' is out of range: give 1s to 15m (the AWS CLI waits 60s)`, 'idle-timeout');
    }
    return ms;
}


/***/ }),

/***/ 3895:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Cs: () => (/* binding */ runAction)
});

// UNUSED EXPORTS: failedWith, reportFailure, resultOf

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 22 modules
var core = __nccwpck_require__(1632);
;// CONCATENATED MODULE: external "node:timers/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");
;// CONCATENATED MODULE: ./packages/kit/src/clock.ts

async function sleep(ms, signal) {
    try {
        await (0,promises_namespaceObject.setTimeout)(ms, undefined, { signal });
    }
    catch (error) {
        // node:timers rejects with its own AbortError; the reason says who cancelled and why.
        if (signal?.aborted)
            throw signal.reason;
        throw error;
    }
}
const realClock = { now: () => Date.now(), sleep };
/** A clock whose sleeps also end when `cancel` aborts: the run's cancellation reaches every wait. */
function cancellableClock(clock, cancel) {
    return {
        now: () => clock.now(),
        sleep: (ms, signal) => clock.sleep(ms, signal ? AbortSignal.any([signal, cancel]) : cancel),
    };
}
/**
 * For a poll loop that cleans up after a cancellation itself (stops a task, rolls back): the
 * sleep ends early and the loop, which checks the signal next, decides what to do.
 */
async function pause(clock, ms, signal) {
    try {
        await clock.sleep(ms, signal);
    }
    catch (error) {
        if (!signal?.aborted)
            throw error;
    }
}

// EXTERNAL MODULE: ./packages/kit/src/errors.ts
var errors = __nccwpck_require__(7817);
// EXTERNAL MODULE: ./packages/kit/src/log.ts
var log = __nccwpck_require__(1226);
;// CONCATENATED MODULE: ./packages/kit/src/entry.ts




const RESULT = Symbol('tandem-deploy.result');
/**
 * The error a run fails with, carrying what it did so far: the skeleton reports that result
 * (outputs, summary) before failing the step. The error keeps its class and message.
 */
function failedWith(thrown, result) {
    const error = thrown instanceof Error ? thrown : new Error(describeThrown(thrown).message);
    Object.defineProperty(error, RESULT, { value: result, enumerable: false });
    return error;
}
/** The result a failed run attached with failedWith, for a test that calls run and report itself. */
function resultOf(thrown) {
    return attachedResult(thrown)?.result;
}
function attachedResult(thrown) {
    return thrown instanceof Error && RESULT in thrown ? { result: thrown[RESULT] } : undefined;
}
/**
 * The one entry point of every action. Reads the inputs, loads the rest of the action, builds the
 * default dependencies, runs and reports, or runs `post` when the runner calls the same bundle
 * again as the post step.
 * Whatever is thrown (an Error, a string, a rejected promise with no reason) fails the step with
 * the action's name; with step debug logging on, the stack goes to debug output.
 */
async function runAction(action) {
    const controller = new AbortController();
    const cancel = (signal) => {
        if (!controller.signal.aborted)
            core/* warning */.$e(`${action.name}: received ${signal}, cancelling`);
        controller.abort(new Error(`cancelled by ${signal}`));
    };
    process.on('SIGINT', cancel);
    process.on('SIGTERM', cancel);
    const context = { signal: controller.signal, clock: cancellableClock(realClock, controller.signal), log: log/* runnerLog */.t };
    let parts;
    try {
        const isPost = core/* getState */.Gu('isPost') === 'true';
        if (!isPost)
            core/* saveState */.LZ('isPost', 'true');
        if (isPost) {
            await action.post?.(context);
            return;
        }
        const inputs = action.readInputs();
        parts = await action.load();
        const result = await parts.run(inputs, parts.defaultDeps(inputs), context);
        await parts.report(result, context);
    }
    catch (thrown) {
        const attached = attachedResult(thrown);
        const loaded = parts;
        if (attached && loaded)
            await reportQuietly(action.name, () => loaded.report(attached.result, context));
        reportFailure(action.name, thrown);
    }
    finally {
        process.off('SIGINT', cancel);
        process.off('SIGTERM', cancel);
    }
}
/** A failed run's report must not hide why it failed: a report that fails too is a warning. */
async function reportQuietly(name, report) {
    try {
        await report();
    }
    catch (error) {
        core/* warning */.$e(`${name}: could not write the report: ${(0,errors/* describeThrown */.Y)(error).message}`);
    }
}
function reportFailure(name, thrown) {
    const { message } = (0,errors/* describeThrown */.Y)(thrown);
    if (thrown instanceof errors/* ConfigurationError */.j) {
        core/* setFailed */.C1(`${name}: ${message}`);
    }
    else {
        // The runner keeps ::debug:: lines only with step debug logging on (RUNNER_DEBUG=1), so only
        // then is the stack formatted: through the bundle's source map, which is read and parsed first.
        const stack = core/* isDebug */._o() && thrown instanceof Error ? thrown.stack : undefined;
        if (stack)
            core/* debug */.Yz(stack);
        const kind = thrown instanceof Error && thrown.name && thrown.name !== 'Error' ? `${thrown.name}: ` : '';
        core/* setFailed */.C1(`${name} failed: ${kind}${message}`);
    }
}


/***/ }),

/***/ 7817:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ describeThrown),
/* harmony export */   j: () => (/* binding */ ConfigurationError)
/* harmony export */ });
/* harmony import */ var _aws_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5341);

/**
 * A mistake the user can fix in the workflow file: a bad input, a missing resource they named,
 * a plan the action refuses to carry out. Told apart from bugs so the message can say what to
 * change instead of printing a stack trace.
 */
class ConfigurationError extends Error {
    input;
    name = 'ConfigurationError';
    constructor(message, 
    /** The input that is wrong, when one is. */
    input) {
        super(input ? `Input '${input}': ${message}` : message);
        this.input = input;
    }
}
/**
 * Turns anything thrown (an Error, a string, undefined, an object) into a message. Not the stack:
 * reading an Error's stack in a bundle parses the bundle's source map (about 0.3 s), which only a
 * bug's report needs.
 */
function describeThrown(thrown) {
    if (thrown instanceof Error) {
        const callName = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsCallOf */ .vs)(thrown);
        const base = thrown.message || thrown.name || 'unknown error';
        const attempts = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .attemptsMade */ .C7)(thrown);
        // The SDK counts the attempts of the call; more than one means its retries ran out.
        const spent = callName && attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : '';
        const named = callName && !base.includes(callName) ? `${callName}${spent}: ${base}` : base;
        const grant = (0,_aws_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .grantOf */ .od)(thrown);
        const message = grant && !named.includes(grant) ? `${named}: ${grant}` : named;
        return { message };
    }
    if (typeof thrown === 'string')
        return { message: thrown || 'an empty string was thrown' };
    if (thrown === undefined || thrown === null)
        return { message: `${String(thrown)} was thrown` };
    try {
        return { message: JSON.stringify(thrown) };
    }
    catch {
        return { message: String(thrown) };
    }
}


/***/ }),

/***/ 1226:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ neutralise),
/* harmony export */   t: () => (/* binding */ runnerLog)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1632);

// The runner reads every stdout line (split at \n, \r\n or a lone \r) as a workflow command when
// it starts with `::` after leading white space, or when it holds `##[` anywhere (the legacy form,
// still parsed). A zero-width space in front of the `::`, and between `##` and `[`, leaves the line
// as it reads but no longer a command. .NET's TrimStart does not remove it.
const ZERO_WIDTH_SPACE = '\u200b';
const LINE_BREAK = /(\r\n|\r|\n)/;
// Wider than .NET's white space on purpose: escaping one line too many does no harm.
const COMMAND_START = /^[\s\u0085\u180e\u200b-\u200d\u2060\ufeff]*::/;
/**
 * Text from users or AWS (file names, S3 keys, ECS events, stopped-task reasons, docker and
 * Django output) made safe to print: no line of it can be read by the runner as a workflow
 * command. Commands the suite issues itself go through @actions/core, which escapes their data.
 */
function neutralise(text) {
    return text
        .split(LINE_BREAK)
        .map((part, index) => {
        if (index % 2 === 1)
            return part;
        const line = part.split('##[').join(`##${ZERO_WIDTH_SPACE}[`);
        return COMMAND_START.test(line) ? ZERO_WIDTH_SPACE + line : line;
    })
        .join('');
}
// Every line the suite prints goes through `neutralise`: messages mix the suite's words with
// names and output from outside, so no call site has to remember which is which.
const runnerLog = {
    info: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(neutralise(message)),
    warning: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(neutralise(message)),
    debug: (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(neutralise(message)),
};


/***/ }),

/***/ 4728:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   m2: () => (/* binding */ checkVariableName),
/* harmony export */   pP: () => (/* binding */ decodedOrAsWritten)
/* harmony export */ });
/* unused harmony exports s3EndpointBucket, bucketNameProblem, checkBucketName, normalizePrefix */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7817);

// S3's naming rules for general purpose buckets ("Bucket naming rules", Amazon S3 User Guide),
// each with the words that tell the user which one a name breaks.
const RESERVED_PREFIXES = (/* unused pure expression or super */ null && (['xn--', 'sthree-', 'amzn-s3-demo-']));
const RESERVED_SUFFIXES = (/* unused pure expression or super */ null && (['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']));
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
const RULES = '3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit';
/** Which of S3's bucket naming rules a name breaks, or undefined when it keeps them all. */
function brokenRule(name) {
    if (name.startsWith('arn:') || name.includes('://'))
        return 'give the name, not an ARN or s3:// URL';
    if (name.length < 3 || name.length > 63)
        return `it has ${name.length} characters`;
    const other = [...new Set(name.replace(/[a-z0-9.-]/g, ''))];
    if (other.length > 0)
        return `it has ${other.map((character) => `'${character}'`).join(', ')}`;
    if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name))
        return 'it starts or ends with a dot or hyphen';
    if (name.includes('..'))
        return 'it has two dots in a row';
    // Each dot-separated part is a DNS label in the bucket's virtual-hosted address: none may start or end with a hyphen.
    if (name.includes('.-') || name.includes('-.'))
        return 'a dot stands next to a hyphen';
    if (IP_ADDRESS.test(name))
        return 'it has the form of an IP address';
    const prefix = RESERVED_PREFIXES.find((reserved) => name.startsWith(reserved));
    if (prefix)
        return `the prefix '${prefix}' is reserved by S3`;
    const suffix = RESERVED_SUFFIXES.find((reserved) => name.endsWith(reserved));
    if (suffix)
        return `the suffix '${suffix}' is reserved by S3`;
    return undefined;
}
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * An environment variable's name an input gives, refused naming the input when it is not one. A
 * name written as the shell expands it (`$NAME`, `${NAME}`) is told to drop the `$`; anything else
 * gets the caller's hint. `shown` is what the message quotes (a value given by mistake may be a
 * secret).
 */
function checkVariableName(value, input, hint = '', shown = value) {
    if (VARIABLE_NAME.test(value))
        return value;
    const expanded = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value);
    if (expanded)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`'${value}' would be the variable's value: give its name alone (${expanded[1]})`, input);
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`'${shown}' is not an environment variable name${hint ? `: ${hint}` : ''}`, input);
}
// A bucket's REST, dual-stack, legacy regional and website endpoints, and CloudFront's domains:
// names S3 would take, but what the console shows beside a bucket, not its name.
const S3_ENDPOINT = /^(.+?)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;
const CLOUDFRONT_DOMAIN = /\.cloudfront\.net$/;
/** The bucket whose S3 endpoint a host name is (REST, dual-stack, legacy regional or website), or undefined. */
function s3EndpointBucket(host) {
    return S3_ENDPOINT.exec(host)?.[1];
}
/** Why a bucket name is an address pasted for it, or undefined. */
function pastedAddress(name) {
    const bucket = s3EndpointBucket(name);
    if (bucket)
        return `'${name}' is the bucket's S3 endpoint: give its name alone (${bucket})`;
    if (CLOUDFRONT_DOMAIN.test(name))
        return `'${name}' is a CloudFront domain: give the name of the S3 bucket it serves from`;
    return undefined;
}
/** Why S3 would refuse a bucket name (or it is an address pasted for one), or undefined when it would accept it. */
function bucketNameProblem(name) {
    const pasted = pastedAddress(name);
    if (pasted)
        return pasted;
    const rule = brokenRule(name);
    return rule ? `'${name}' is not an S3 bucket name: ${RULES} (${rule})` : undefined;
}
/** The bucket name an input gives, refused naming the input when S3 would refuse it; '' stays ''. */
function checkBucketName(value, input) {
    const problem = value ? bucketNameProblem(value) : undefined;
    if (problem)
        throw new ConfigurationError(problem, input);
    return value;
}
/**
 * A key prefix as the actions use it: '' or `a/b/` (no leading slash, one trailing slash). A
 * segment that is empty, '.' or '..' would name keys S3 stores literally but nobody means.
 */
function normalizePrefix(raw, input) {
    const url = /^([a-z][a-z0-9+.-]*):\/\/[^/]*\/?(.*)$/i.exec(raw.trim());
    if (url) {
        const key = url[2].replace(/\/+$/, '');
        throw new ConfigurationError(`'${raw}' is ${url[1].toLowerCase() === 's3' ? 'an S3 URL' : 'a URL'}: give the key prefix alone, ${key ? `'${key}'` : "'' (the bucket's root)"}; the bucket has an input of its own`, input);
    }
    const trimmed = raw.trim().replace(/^\/+/, '').replace(/\/+$/, '');
    if (!trimmed)
        return '';
    if (trimmed.split('/').some((part) => part === '' || part === '.' || part === '..')) {
        throw new ConfigurationError(`'${raw}' has an empty, '.' or '..' segment`, input);
    }
    return `${trimmed}/`;
}
/**
 * Percent-encoded text (a URL's path or password) decoded, or as written where it is not valid
 * percent-encoding: a browser and a server then read it as written too.
 */
function decodedOrAsWritten(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}


/***/ }),

/***/ 799:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E1: () => (/* binding */ parseList),
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   HU: () => (/* binding */ parseChoice),
/* harmony export */   VO: () => (/* binding */ refuseSpacedItems),
/* harmony export */   _Q: () => (/* binding */ spacedPairs),
/* harmony export */   cG: () => (/* binding */ parseInteger),
/* harmony export */   qF: () => (/* binding */ parseJson),
/* harmony export */   xg: () => (/* binding */ parsePairs),
/* harmony export */   yG: () => (/* binding */ parseBoolean)
/* harmony export */ });
/* unused harmony export SPACED_GLOBS */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7817);

// Pure parsers from an input's raw text to a typed value. Every error names the input.
const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];
function parseBoolean(input, raw) {
    if (TRUE.includes(raw))
        return true;
    if (FALSE.includes(raw))
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`expected true or false, got '${raw}'`, input);
}
function parseInteger(input, raw, range = {}) {
    if (!/^-?\d+$/.test(raw))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`expected a whole number, got '${raw}'`, input);
    const value = Number(raw);
    if (!Number.isSafeInteger(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`'${raw}' is too large`, input);
    const { min, max } = range;
    if (min !== undefined && value < min)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`must be at least ${min}, got ${value}`, input);
    if (max !== undefined && value > max)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`must be at most ${max}, got ${value}`, input);
    return value;
}
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** `90s`, `10m`, `1h30m`, `500ms`, `7d` to milliseconds. A bare number is refused: its unit is a guess. */
function parseDuration(input, raw) {
    const text = raw.replace(/\s+/g, '');
    if (/^\d+(\.\d+)?$/.test(text)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`'${raw}' has no unit: write it as ${text}s, ${text}m or ${text}h`, input);
    }
    const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;
    let total = 0;
    let consumed = 0;
    for (let match = part.exec(text); match; match = part.exec(text)) {
        total += Number(match[1]) * UNIT_MS[match[2]];
        consumed = part.lastIndex;
    }
    if (text === '' || consumed !== text.length) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`'${raw}' is not a duration: use a number and a unit (ms, s, m, h, d), such as 90s, 10m or 1h30m`, input);
    }
    return Math.round(total);
}
/** Items one per line, or separated by commas when `commas` is on. Blank items are dropped. */
function parseList(raw, commas = true) {
    return raw
        .split(commas ? /[\n,]/ : /\n/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
function parseJson(input, raw) {
    try {
        return JSON.parse(raw);
    }
    catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`is not valid JSON (${why})`, input);
    }
}
function parseChoice(input, raw, choices) {
    if (choices.includes(raw))
        return raw;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`expected one of ${choices.map((c) => `'${c}'`).join(', ')}, got '${raw}'`, input);
}
/** Refuses an item that is several items written on one line, naming the input and how to list them. */
function refuseSpacedItems(input, items, rule, commas) {
    for (const item of items) {
        const pieces = item.split(/\s+/);
        if (pieces.length < 2 || !pieces.every(rule.isItem))
            continue;
        const how = commas ? 'one per line or separated by commas' : 'one per line';
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`'${item}' holds ${pieces.length} ${rule.what} separated by spaces: give them ${how}${rule.escape ? ` (${rule.escape})` : ''}`, input);
    }
}
/** Globs of file names: a piece with a dot or a star, or a folder's trailing '/', is a pattern of its own. */
const SPACED_GLOBS = {
    what: 'patterns',
    isItem: (piece) => /[.*]/.test(piece) || piece.endsWith('/'),
    escape: "a space inside a name is matched by '?'",
};
/** NAME=VALUE pairs whose values never hold a space (variable names, image references, paths). */
function spacedPairs(what) {
    return { what, isItem: (piece) => /^[^=\s]+=\S+$/.test(piece) };
}
/** `name=value` lines, as docker build-args or container=image pairs. */
function parsePairs(input, raw, spaced) {
    const lines = parseList(raw, false);
    if (spaced)
        refuseSpacedItems(input, lines, spaced, false);
    return lines.map((line) => {
        const at = line.indexOf('=');
        if (at <= 0)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j(`expected NAME=VALUE on each line, got '${line}'`, input);
        return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    });
}


/***/ }),

/***/ 4593:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Cj: () => (/* binding */ urlPasswordForms),
/* harmony export */   JJ: () => (/* binding */ shownValue),
/* harmony export */   RG: () => (/* binding */ HIDDEN),
/* harmony export */   bD: () => (/* binding */ hasUrlPassword),
/* harmony export */   dK: () => (/* binding */ mask),
/* harmony export */   eh: () => (/* binding */ isSecretName)
/* harmony export */ });
/* unused harmony exports carriesSecret, hideSecrets */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1632);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4728);


// The one place that decides what is a secret in a value the suite handles (a database URL, an
// environment variable, a build argument) and how it is hidden: registered with the runner's
// mask for the log, replaced by *** in what the suite writes itself (diffs, summaries, reports).
const HIDDEN = '***';
// A piece this short is left alone: masking it would hide ordinary words all over the log.
const SHORTEST_PIECE = 4;
/** Names whose values are secrets by convention: DB_PASSWORD, SECRET_KEY, NPM_TOKEN, SENTRY_DSN, ... Too many hidden beats one shown. */
const SECRET_NAME = /PASSW(OR)?D|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|PRIVATE|KEY|SALT|DSN/i;
function isSecretName(name) {
    return SECRET_NAME.test(name);
}
/**
 * The password of a URL as written and URL-decoded: where a URL parser finds it (the user part
 * before the first `/`, `?` or `#`, up to its last `@`, as urllib and dj-database-url read it),
 * and where the person meant it (up to the last `@` of the whole URL) when `/`, `?` or `#` in it
 * were not encoded. Such a URL splits in odd places in a parser, whose errors may print a piece
 * of it, so the pieces are included too.
 */
function urlPasswordForms(value) {
    const rest = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(.*)$/s.exec(value.trim())?.[1];
    if (rest === undefined)
        return [];
    const parsed = /^([^/?#]*)@/.exec(rest)?.[1];
    const meant = rest.includes('@') ? rest.slice(0, rest.lastIndexOf('@')) : undefined;
    const forms = [];
    for (const userinfo of [parsed, meant]) {
        const colon = userinfo?.indexOf(':') ?? -1;
        if (!userinfo || colon === -1 || colon === userinfo.length - 1)
            continue;
        const password = userinfo.slice(colon + 1);
        forms.push(password, (0,_names_js__WEBPACK_IMPORTED_MODULE_1__/* .decodedOrAsWritten */ .pP)(password));
        if (/[/?#@]/.test(password))
            forms.push(...password.split(/[/?#@:]/).filter((piece) => piece.length >= SHORTEST_PIECE));
    }
    return [...new Set(forms)];
}
/** Whether a value is a URL that holds a password (postgres://app:PASSWORD@host/db). */
function hasUrlPassword(value) {
    return urlPasswordForms(value).length > 0;
}
/** Whether the value of a variable, argument or setting named `name` is a secret, or holds one. */
function carriesSecret(name, value) {
    return isSecretName(name) || hasUrlPassword(value);
}
/** The value as the suite may show it: *** for a secret by name, a URL with its password as ***, else the value. */
function shownValue(name, value) {
    if (isSecretName(name))
        return HIDDEN;
    return hideSecrets(value, urlPasswordForms(value));
}
/** Cuts every secret (longest first, so a piece never leaves the rest of a longer one) out of a text. */
function hideSecrets(text, secrets) {
    const longestFirst = [...new Set(secrets)].filter(Boolean).sort((a, b) => b.length - a.length);
    return longestFirst.reduce((result, secret) => result.split(secret).join(HIDDEN), text);
}
/**
 * Registers each value with the runner's mask, and the password inside a URL-shaped value in
 * every form it could be printed, so a log line never shows either. Call before anything that
 * might print it. Returns what was registered, for texts the runner does not mask (files).
 */
function mask(...values) {
    const registered = [];
    for (const value of values) {
        if (!value)
            continue;
        for (const form of [...urlPasswordForms(value), value]) {
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(form);
            registered.push(form);
        }
    }
    return registered;
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 1632:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Yz: () => (/* binding */ core_debug),
  V4: () => (/* binding */ getInput),
  Gu: () => (/* binding */ getState),
  Os: () => (/* binding */ group),
  pq: () => (/* binding */ info),
  _o: () => (/* binding */ isDebug),
  lm: () => (/* binding */ notice),
  LZ: () => (/* binding */ saveState),
  C1: () => (/* binding */ setFailed),
  uH: () => (/* binding */ setOutput),
  Pq: () => (/* binding */ core_setSecret),
  z: () => (/* reexport */ summary),
  $e: () => (/* binding */ warning)
});

// UNUSED EXPORTS: ExitCode, addPath, endGroup, error, exportVariable, getBooleanInput, getIDToken, getMultilineInput, markdownSummary, platform, setCommandEcho, startGroup, toPlatformPath, toPosixPath, toWin32Path

;// CONCATENATED MODULE: external "os"
const external_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function utils_toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function command_issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_namespaceObject.EOL);
}
function command_issue(name, message = '') {
    command_issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
;// CONCATENATED MODULE: external "crypto"
const external_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");
;// CONCATENATED MODULE: external "fs"
const external_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function file_command_issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_namespaceObject.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_namespaceObject.appendFileSync(filePath, `${utils_toCommandValue(message)}${external_os_namespaceObject.EOL}`, {
        encoding: 'utf8'
    });
}
function file_command_prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_namespaceObject.randomUUID()}`;
    const convertedValue = utils_toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_namespaceObject.EOL}${convertedValue}${external_os_namespaceObject.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
;// CONCATENATED MODULE: external "path"
const external_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");
// EXTERNAL MODULE: external "http"
var external_http_ = __nccwpck_require__(8611);
// EXTERNAL MODULE: external "https"
var external_https_ = __nccwpck_require__(5692);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map
// EXTERNAL MODULE: ./node_modules/tunnel/index.js
var node_modules_tunnel = __nccwpck_require__(770);
;// CONCATENATED MODULE: external "node:module"
var x = (y) => {
	var x = {}; __nccwpck_require__.d(x, y); return x
} 
var y = (x) => (() => (x))
const external_node_module_namespaceObject = x({  });
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/index.js
/* eslint-disable @typescript-eslint/no-explicit-any */
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};





var HttpCodes;
(function (HttpCodes) {
    HttpCodes[HttpCodes["OK"] = 200] = "OK";
    HttpCodes[HttpCodes["MultipleChoices"] = 300] = "MultipleChoices";
    HttpCodes[HttpCodes["MovedPermanently"] = 301] = "MovedPermanently";
    HttpCodes[HttpCodes["ResourceMoved"] = 302] = "ResourceMoved";
    HttpCodes[HttpCodes["SeeOther"] = 303] = "SeeOther";
    HttpCodes[HttpCodes["NotModified"] = 304] = "NotModified";
    HttpCodes[HttpCodes["UseProxy"] = 305] = "UseProxy";
    HttpCodes[HttpCodes["SwitchProxy"] = 306] = "SwitchProxy";
    HttpCodes[HttpCodes["TemporaryRedirect"] = 307] = "TemporaryRedirect";
    HttpCodes[HttpCodes["PermanentRedirect"] = 308] = "PermanentRedirect";
    HttpCodes[HttpCodes["BadRequest"] = 400] = "BadRequest";
    HttpCodes[HttpCodes["Unauthorized"] = 401] = "Unauthorized";
    HttpCodes[HttpCodes["PaymentRequired"] = 402] = "PaymentRequired";
    HttpCodes[HttpCodes["Forbidden"] = 403] = "Forbidden";
    HttpCodes[HttpCodes["NotFound"] = 404] = "NotFound";
    HttpCodes[HttpCodes["MethodNotAllowed"] = 405] = "MethodNotAllowed";
    HttpCodes[HttpCodes["NotAcceptable"] = 406] = "NotAcceptable";
    HttpCodes[HttpCodes["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
    HttpCodes[HttpCodes["RequestTimeout"] = 408] = "RequestTimeout";
    HttpCodes[HttpCodes["Conflict"] = 409] = "Conflict";
    HttpCodes[HttpCodes["Gone"] = 410] = "Gone";
    HttpCodes[HttpCodes["TooManyRequests"] = 429] = "TooManyRequests";
    HttpCodes[HttpCodes["InternalServerError"] = 500] = "InternalServerError";
    HttpCodes[HttpCodes["NotImplemented"] = 501] = "NotImplemented";
    HttpCodes[HttpCodes["BadGateway"] = 502] = "BadGateway";
    HttpCodes[HttpCodes["ServiceUnavailable"] = 503] = "ServiceUnavailable";
    HttpCodes[HttpCodes["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers;
(function (Headers) {
    Headers["Accept"] = "accept";
    Headers["ContentType"] = "content-type";
})(Headers || (Headers = {}));
var MediaTypes;
(function (MediaTypes) {
    MediaTypes["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
/**
 * Returns the proxy URL, depending upon the supplied url and proxy environment variables.
 * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
 */
function lib_getProxyUrl(serverUrl) {
    const proxyUrl = pm.getProxyUrl(new URL(serverUrl));
    return proxyUrl ? proxyUrl.href : '';
}
const HttpRedirectCodes = [
    HttpCodes.MovedPermanently,
    HttpCodes.ResourceMoved,
    HttpCodes.SeeOther,
    HttpCodes.TemporaryRedirect,
    HttpCodes.PermanentRedirect
];
const HttpResponseRetryCodes = [
    HttpCodes.BadGateway,
    HttpCodes.ServiceUnavailable,
    HttpCodes.GatewayTimeout
];
const RetryableHttpVerbs = (/* unused pure expression or super */ null && (['OPTIONS', 'GET', 'DELETE', 'HEAD']));
const ExponentialBackoffCeiling = 10;
const ExponentialBackoffTimeSlice = 5;
class HttpClientError extends Error {
    constructor(message, statusCode) {
        super(message);
        this.name = 'HttpClientError';
        this.statusCode = statusCode;
        Object.setPrototypeOf(this, HttpClientError.prototype);
    }
}
class HttpClientResponse {
    constructor(message) {
        this.message = message;
    }
    readBody() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                let output = Buffer.alloc(0);
                this.message.on('data', (chunk) => {
                    output = Buffer.concat([output, chunk]);
                });
                this.message.on('end', () => {
                    resolve(output.toString());
                });
            }));
        });
    }
    readBodyBuffer() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                const chunks = [];
                this.message.on('data', (chunk) => {
                    chunks.push(chunk);
                });
                this.message.on('end', () => {
                    resolve(Buffer.concat(chunks));
                });
            }));
        });
    }
}
function isHttps(requestUrl) {
    const parsedUrl = new URL(requestUrl);
    return parsedUrl.protocol === 'https:';
}
class lib_HttpClient {
    constructor(userAgent, handlers, requestOptions) {
        this._ignoreSslError = false;
        this._allowRedirects = true;
        this._allowRedirectDowngrade = false;
        this._maxRedirects = 50;
        this._allowRetries = false;
        this._maxRetries = 1;
        this._keepAlive = false;
        this._disposed = false;
        this.userAgent = this._getUserAgentWithOrchestrationId(userAgent);
        this.handlers = handlers || [];
        this.requestOptions = requestOptions;
        if (requestOptions) {
            if (requestOptions.ignoreSslError != null) {
                this._ignoreSslError = requestOptions.ignoreSslError;
            }
            this._socketTimeout = requestOptions.socketTimeout;
            if (requestOptions.allowRedirects != null) {
                this._allowRedirects = requestOptions.allowRedirects;
            }
            if (requestOptions.allowRedirectDowngrade != null) {
                this._allowRedirectDowngrade = requestOptions.allowRedirectDowngrade;
            }
            if (requestOptions.maxRedirects != null) {
                this._maxRedirects = Math.max(requestOptions.maxRedirects, 0);
            }
            if (requestOptions.keepAlive != null) {
                this._keepAlive = requestOptions.keepAlive;
            }
            if (requestOptions.allowRetries != null) {
                this._allowRetries = requestOptions.allowRetries;
            }
            if (requestOptions.maxRetries != null) {
                this._maxRetries = requestOptions.maxRetries;
            }
        }
    }
    options(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('OPTIONS', requestUrl, null, additionalHeaders || {});
        });
    }
    get(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('GET', requestUrl, null, additionalHeaders || {});
        });
    }
    del(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('DELETE', requestUrl, null, additionalHeaders || {});
        });
    }
    post(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('POST', requestUrl, data, additionalHeaders || {});
        });
    }
    patch(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PATCH', requestUrl, data, additionalHeaders || {});
        });
    }
    put(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PUT', requestUrl, data, additionalHeaders || {});
        });
    }
    head(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('HEAD', requestUrl, null, additionalHeaders || {});
        });
    }
    sendStream(verb, requestUrl, stream, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request(verb, requestUrl, stream, additionalHeaders);
        });
    }
    /**
     * Gets a typed object from an endpoint
     * Be aware that not found returns a null.  Other errors (4xx, 5xx) reject the promise
     */
    getJson(requestUrl_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, additionalHeaders = {}) {
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            const res = yield this.get(requestUrl, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    postJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.post(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    putJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.put(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    patchJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.patch(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    /**
     * Makes a raw http request.
     * All other methods such as get, post, patch, and request ultimately call this.
     * Prefer get, del, post and patch
     */
    request(verb, requestUrl, data, headers) {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._disposed) {
                throw new Error('Client has already been disposed.');
            }
            const parsedUrl = new URL(requestUrl);
            let info = this._prepareRequest(verb, parsedUrl, headers);
            // Only perform retries on reads since writes may not be idempotent.
            const maxTries = this._allowRetries && RetryableHttpVerbs.includes(verb)
                ? this._maxRetries + 1
                : 1;
            let numTries = 0;
            let response;
            do {
                response = yield this.requestRaw(info, data);
                // Check if it's an authentication challenge
                if (response &&
                    response.message &&
                    response.message.statusCode === HttpCodes.Unauthorized) {
                    let authenticationHandler;
                    for (const handler of this.handlers) {
                        if (handler.canHandleAuthentication(response)) {
                            authenticationHandler = handler;
                            break;
                        }
                    }
                    if (authenticationHandler) {
                        return authenticationHandler.handleAuthentication(this, info, data);
                    }
                    else {
                        // We have received an unauthorized response but have no handlers to handle it.
                        // Let the response return to the caller.
                        return response;
                    }
                }
                let redirectsRemaining = this._maxRedirects;
                while (response.message.statusCode &&
                    HttpRedirectCodes.includes(response.message.statusCode) &&
                    this._allowRedirects &&
                    redirectsRemaining > 0) {
                    const redirectUrl = response.message.headers['location'];
                    if (!redirectUrl) {
                        // if there's no location to redirect to, we won't
                        break;
                    }
                    const parsedRedirectUrl = new URL(redirectUrl);
                    if (parsedUrl.protocol === 'https:' &&
                        parsedUrl.protocol !== parsedRedirectUrl.protocol &&
                        !this._allowRedirectDowngrade) {
                        throw new Error('Redirect from HTTPS to HTTP protocol. This downgrade is not allowed for security reasons. If you want to allow this behavior, set the allowRedirectDowngrade option to true.');
                    }
                    // we need to finish reading the response before reassigning response
                    // which will leak the open socket.
                    yield response.readBody();
                    // strip authorization header if redirected to a different hostname
                    if (parsedRedirectUrl.hostname !== parsedUrl.hostname) {
                        for (const header in headers) {
                            // header names are case insensitive
                            if (header.toLowerCase() === 'authorization') {
                                delete headers[header];
                            }
                        }
                    }
                    // let's make the request with the new redirectUrl
                    info = this._prepareRequest(verb, parsedRedirectUrl, headers);
                    response = yield this.requestRaw(info, data);
                    redirectsRemaining--;
                }
                if (!response.message.statusCode ||
                    !HttpResponseRetryCodes.includes(response.message.statusCode)) {
                    // If not a retry code, return immediately instead of retrying
                    return response;
                }
                numTries += 1;
                if (numTries < maxTries) {
                    yield response.readBody();
                    yield this._performExponentialBackoff(numTries);
                }
            } while (numTries < maxTries);
            return response;
        });
    }
    /**
     * Needs to be called if keepAlive is set to true in request options.
     */
    dispose() {
        if (this._agent) {
            this._agent.destroy();
        }
        this._disposed = true;
    }
    /**
     * Raw request.
     * @param info
     * @param data
     */
    requestRaw(info, data) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => {
                function callbackForResult(err, res) {
                    if (err) {
                        reject(err);
                    }
                    else if (!res) {
                        // If `err` is not passed, then `res` must be passed.
                        reject(new Error('Unknown error'));
                    }
                    else {
                        resolve(res);
                    }
                }
                this.requestRawWithCallback(info, data, callbackForResult);
            });
        });
    }
    /**
     * Raw request with callback.
     * @param info
     * @param data
     * @param onResult
     */
    requestRawWithCallback(info, data, onResult) {
        if (typeof data === 'string') {
            if (!info.options.headers) {
                info.options.headers = {};
            }
            info.options.headers['Content-Length'] = Buffer.byteLength(data, 'utf8');
        }
        let callbackCalled = false;
        function handleResult(err, res) {
            if (!callbackCalled) {
                callbackCalled = true;
                onResult(err, res);
            }
        }
        const req = info.httpModule.request(info.options, (msg) => {
            const res = new HttpClientResponse(msg);
            handleResult(undefined, res);
        });
        let socket;
        req.on('socket', sock => {
            socket = sock;
        });
        // If we ever get disconnected, we want the socket to timeout eventually
        req.setTimeout(this._socketTimeout || 3 * 60000, () => {
            if (socket) {
                socket.end();
            }
            handleResult(new Error(`Request timeout: ${info.options.path}`));
        });
        req.on('error', function (err) {
            // err has statusCode property
            // res should have headers
            handleResult(err);
        });
        if (data && typeof data === 'string') {
            req.write(data, 'utf8');
        }
        if (data && typeof data !== 'string') {
            data.on('close', function () {
                req.end();
            });
            data.pipe(req);
        }
        else {
            req.end();
        }
    }
    /**
     * Gets an http agent. This function is useful when you need an http agent that handles
     * routing through a proxy server - depending upon the url and proxy environment variables.
     * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
     */
    getAgent(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        return this._getAgent(parsedUrl);
    }
    getAgentDispatcher(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        const proxyUrl = pm.getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (!useProxy) {
            return;
        }
        return this._getProxyAgentDispatcher(parsedUrl, proxyUrl);
    }
    _prepareRequest(method, requestUrl, headers) {
        const info = {};
        info.parsedUrl = requestUrl;
        const usingSsl = info.parsedUrl.protocol === 'https:';
        info.httpModule = usingSsl ? https : http;
        const defaultPort = usingSsl ? 443 : 80;
        info.options = {};
        info.options.host = info.parsedUrl.hostname;
        info.options.port = info.parsedUrl.port
            ? parseInt(info.parsedUrl.port)
            : defaultPort;
        info.options.path =
            (info.parsedUrl.pathname || '') + (info.parsedUrl.search || '');
        info.options.method = method;
        info.options.headers = this._mergeHeaders(headers);
        if (this.userAgent != null) {
            info.options.headers['user-agent'] = this.userAgent;
        }
        info.options.agent = this._getAgent(info.parsedUrl);
        // gives handlers an opportunity to participate
        if (this.handlers) {
            for (const handler of this.handlers) {
                handler.prepareRequest(info.options);
            }
        }
        return info;
    }
    _mergeHeaders(headers) {
        if (this.requestOptions && this.requestOptions.headers) {
            return Object.assign({}, lowercaseKeys(this.requestOptions.headers), lowercaseKeys(headers || {}));
        }
        return lowercaseKeys(headers || {});
    }
    /**
     * Gets an existing header value or returns a default.
     * Handles converting number header values to strings since HTTP headers must be strings.
     * Note: This returns string | string[] since some headers can have multiple values.
     * For headers that must always be a single string (like Content-Type), use the
     * specialized _getExistingOrDefaultContentTypeHeader method instead.
     */
    _getExistingOrDefaultHeader(additionalHeaders, header, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[header];
            if (headerValue) {
                clientHeader =
                    typeof headerValue === 'number' ? headerValue.toString() : headerValue;
            }
        }
        const additionalValue = additionalHeaders[header];
        if (additionalValue !== undefined) {
            return typeof additionalValue === 'number'
                ? additionalValue.toString()
                : additionalValue;
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    /**
     * Specialized version of _getExistingOrDefaultHeader for Content-Type header.
     * Always returns a single string (not an array) since Content-Type should be a single value.
     * Converts arrays to comma-separated strings and numbers to strings to ensure type safety.
     * This was split from _getExistingOrDefaultHeader to provide stricter typing for callers
     * that assign the result to places expecting a string (e.g., additionalHeaders[Headers.ContentType]).
     */
    _getExistingOrDefaultContentTypeHeader(additionalHeaders, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[Headers.ContentType];
            if (headerValue) {
                if (typeof headerValue === 'number') {
                    clientHeader = String(headerValue);
                }
                else if (Array.isArray(headerValue)) {
                    clientHeader = headerValue.join(', ');
                }
                else {
                    clientHeader = headerValue;
                }
            }
        }
        const additionalValue = additionalHeaders[Headers.ContentType];
        // Return the first non-undefined value, converting numbers or arrays to strings if necessary
        if (additionalValue !== undefined) {
            if (typeof additionalValue === 'number') {
                return String(additionalValue);
            }
            else if (Array.isArray(additionalValue)) {
                return additionalValue.join(', ');
            }
            else {
                return additionalValue;
            }
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    _getAgent(parsedUrl) {
        let agent;
        const proxyUrl = pm.getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (this._keepAlive && useProxy) {
            agent = this._proxyAgent;
        }
        if (!useProxy) {
            agent = this._agent;
        }
        // if agent is already assigned use that agent.
        if (agent) {
            return agent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        let maxSockets = 100;
        if (this.requestOptions) {
            maxSockets = this.requestOptions.maxSockets || http.globalAgent.maxSockets;
        }
        // This is `useProxy` again, but we need to check `proxyURl` directly for TypeScripts's flow analysis.
        if (proxyUrl && proxyUrl.hostname) {
            const agentOptions = {
                maxSockets,
                keepAlive: this._keepAlive,
                proxy: Object.assign(Object.assign({}, ((proxyUrl.username || proxyUrl.password) && {
                    proxyAuth: `${proxyUrl.username}:${proxyUrl.password}`
                })), { host: proxyUrl.hostname, port: proxyUrl.port })
            };
            let tunnelAgent;
            const overHttps = proxyUrl.protocol === 'https:';
            if (usingSsl) {
                tunnelAgent = overHttps ? tunnel.httpsOverHttps : tunnel.httpsOverHttp;
            }
            else {
                tunnelAgent = overHttps ? tunnel.httpOverHttps : tunnel.httpOverHttp;
            }
            agent = tunnelAgent(agentOptions);
            this._proxyAgent = agent;
        }
        // if tunneling agent isn't assigned create a new agent
        if (!agent) {
            const options = { keepAlive: this._keepAlive, maxSockets };
            agent = usingSsl ? new https.Agent(options) : new http.Agent(options);
            this._agent = agent;
        }
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            agent.options = Object.assign(agent.options || {}, {
                rejectUnauthorized: false
            });
        }
        return agent;
    }
    _getProxyAgentDispatcher(parsedUrl, proxyUrl) {
        let proxyAgent;
        if (this._keepAlive) {
            proxyAgent = this._proxyAgentDispatcher;
        }
        // if agent is already assigned use that agent.
        if (proxyAgent) {
            return proxyAgent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        proxyAgent = new ProxyAgent(Object.assign({ uri: proxyUrl.href, pipelining: !this._keepAlive ? 0 : 1 }, ((proxyUrl.username || proxyUrl.password) && {
            token: `Basic ${Buffer.from(`${proxyUrl.username}:${proxyUrl.password}`).toString('base64')}`
        })));
        this._proxyAgentDispatcher = proxyAgent;
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            proxyAgent.options = Object.assign(proxyAgent.options.requestTls || {}, {
                rejectUnauthorized: false
            });
        }
        return proxyAgent;
    }
    _getUserAgentWithOrchestrationId(userAgent) {
        const baseUserAgent = userAgent || 'actions/http-client';
        const orchId = process.env['ACTIONS_ORCHESTRATION_ID'];
        if (orchId) {
            // Sanitize the orchestration ID to ensure it contains only valid characters
            // Valid characters: 0-9, a-z, _, -, .
            const sanitizedId = orchId.replace(/[^a-z0-9_.-]/gi, '_');
            return `${baseUserAgent} actions_orchestration_id/${sanitizedId}`;
        }
        return baseUserAgent;
    }
    _performExponentialBackoff(retryNumber) {
        return __awaiter(this, void 0, void 0, function* () {
            retryNumber = Math.min(ExponentialBackoffCeiling, retryNumber);
            const ms = ExponentialBackoffTimeSlice * Math.pow(2, retryNumber);
            return new Promise(resolve => setTimeout(() => resolve(), ms));
        });
    }
    _processResponse(res, options) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                const statusCode = res.message.statusCode || 0;
                const response = {
                    statusCode,
                    result: null,
                    headers: {}
                };
                // not found leads to null obj returned
                if (statusCode === HttpCodes.NotFound) {
                    resolve(response);
                }
                // get the result from the body
                function dateTimeDeserializer(key, value) {
                    if (typeof value === 'string') {
                        const a = new Date(value);
                        if (!isNaN(a.valueOf())) {
                            return a;
                        }
                    }
                    return value;
                }
                let obj;
                let contents;
                try {
                    contents = yield res.readBody();
                    if (contents && contents.length > 0) {
                        if (options && options.deserializeDates) {
                            obj = JSON.parse(contents, dateTimeDeserializer);
                        }
                        else {
                            obj = JSON.parse(contents);
                        }
                        response.result = obj;
                    }
                    response.headers = res.message.headers;
                }
                catch (err) {
                    // Invalid resource (contents not json);  leaving result obj null
                }
                // note that 3xx redirects are handled by the http layer.
                if (statusCode > 299) {
                    let msg;
                    // if exception/error in body, attempt to get better error
                    if (obj && obj.message) {
                        msg = obj.message;
                    }
                    else if (contents && contents.length > 0) {
                        // it may be the case that the exception is in the body message as string
                        msg = contents;
                    }
                    else {
                        msg = `Failed request: (${statusCode})`;
                    }
                    const err = new HttpClientError(msg, statusCode);
                    err.result = response.result;
                    reject(err);
                }
                else {
                    resolve(response);
                }
            }));
        });
    }
}
const lowercaseKeys = (obj) => Object.keys(obj).reduce((c, k) => ((c[k.toLowerCase()] = obj[k]), c), {});
//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/auth.js
var auth_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
class BasicCredentialHandler {
    constructor(username, password) {
        this.username = username;
        this.password = password;
    }
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return auth_awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class auth_BearerCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Bearer ${this.token}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return auth_awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class PersonalAccessTokenCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`PAT:${this.token}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return auth_awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
//# sourceMappingURL=auth.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/oidc-utils.js
var oidc_utils_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



class oidc_utils_OidcClient {
    static createHttpClient(allowRetry = true, maxRetry = 10) {
        const requestOptions = {
            allowRetries: allowRetry,
            maxRetries: maxRetry
        };
        return new HttpClient('actions/oidc-client', [new BearerCredentialHandler(oidc_utils_OidcClient.getRequestToken())], requestOptions);
    }
    static getRequestToken() {
        const token = process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
        if (!token) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
        }
        return token;
    }
    static getIDTokenUrl() {
        const runtimeUrl = process.env['ACTIONS_ID_TOKEN_REQUEST_URL'];
        if (!runtimeUrl) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
        }
        return runtimeUrl;
    }
    static getCall(id_token_url) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            var _a;
            const httpclient = oidc_utils_OidcClient.createHttpClient();
            const res = yield httpclient
                .getJson(id_token_url)
                .catch(error => {
                throw new Error(`Failed to get ID Token. \n 
        Error Code : ${error.statusCode}\n 
        Error Message: ${error.message}`);
            });
            const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
            if (!id_token) {
                throw new Error('Response json body do not have ID Token field');
            }
            return id_token;
        });
    }
    static getIDToken(audience) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            try {
                // New ID Token is requested from action service
                let id_token_url = oidc_utils_OidcClient.getIDTokenUrl();
                if (audience) {
                    const encodedAudience = encodeURIComponent(audience);
                    id_token_url = `${id_token_url}&audience=${encodedAudience}`;
                }
                debug(`ID token url is ${id_token_url}`);
                const id_token = yield oidc_utils_OidcClient.getCall(id_token_url);
                setSecret(id_token);
                return id_token;
            }
            catch (error) {
                throw new Error(`Error message: ${error.message}`);
            }
        });
    }
}
//# sourceMappingURL=oidc-utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var summary_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_namespaceObject.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return summary_awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_namespaceObject.constants.R_OK | external_fs_namespaceObject.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return summary_awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return summary_awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_namespaceObject.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/path-utils.js

/**
 * toPosixPath converts the given path to the posix form. On Windows, \\ will be
 * replaced with /.
 *
 * @param pth. Path to transform.
 * @return string Posix path.
 */
function toPosixPath(pth) {
    return pth.replace(/[\\]/g, '/');
}
/**
 * toWin32Path converts the given path to the win32 form. On Linux, / will be
 * replaced with \\.
 *
 * @param pth. Path to transform.
 * @return string Win32 path.
 */
function toWin32Path(pth) {
    return pth.replace(/[/]/g, '\\');
}
/**
 * toPlatformPath converts the given path to a platform-specific path. It does
 * this by replacing instances of / and \ with the platform-specific path
 * separator.
 *
 * @param pth The path to platformize.
 * @return string The platform-specific path.
 */
function toPlatformPath(pth) {
    return pth.replace(/[/\\]/g, path.sep);
}
//# sourceMappingURL=path-utils.js.map
;// CONCATENATED MODULE: external "string_decoder"
const external_string_decoder_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");
// EXTERNAL MODULE: external "events"
var external_events_ = __nccwpck_require__(4434);
;// CONCATENATED MODULE: external "child_process"
const external_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");
// EXTERNAL MODULE: external "assert"
var external_assert_ = __nccwpck_require__(2613);
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io-util.js
var io_util_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open: io_util_open, readdir, rename, rm, rmdir, stat, symlink, unlink } = external_fs_namespaceObject.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        const result = yield fs.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = external_fs_namespaceObject.constants.O_RDONLY;
function exists(fsPath) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return io_util_awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = external_path_namespaceObject.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = external_path_namespaceObject.dirname(filePath);
                        const upperName = external_path_namespaceObject.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = external_path_namespaceObject.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io.js
var io_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield ioUtil.exists(dest)) ? yield ioUtil.stat(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path.join(dest, path.basename(source))
            : dest;
        if (!(yield ioUtil.exists(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield ioUtil.stat(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield io_copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (ioUtil.IS_WINDOWS) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield ioUtil.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        ok(fsPath, 'a path argument must be provided');
        yield ioUtil.mkdir(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (IS_WINDOWS) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (IS_WINDOWS && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(external_path_namespaceObject.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (isRooted(tool)) {
            const filePath = yield tryGetExecutablePath(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(external_path_namespaceObject.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(external_path_namespaceObject.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield tryGetExecutablePath(external_path_namespaceObject.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield ioUtil.readdir(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield ioUtil.lstat(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield io_copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield ioUtil.chmod(destDir, (yield ioUtil.stat(sourceDir)).mode);
    });
}
// Buffered file copy
function io_copyFile(srcFile, destFile, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        if ((yield ioUtil.lstat(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield ioUtil.lstat(destFile);
                yield ioUtil.unlink(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield ioUtil.chmod(destFile, '0666');
                    yield ioUtil.unlink(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield ioUtil.readlink(srcFile);
            yield ioUtil.symlink(symlinkFull, destFile, ioUtil.IS_WINDOWS ? 'junction' : null);
        }
        else if (!(yield ioUtil.exists(destFile)) || force) {
            yield ioUtil.copyFile(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map
;// CONCATENATED MODULE: external "timers"
const external_timers_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/toolrunner.js
var toolrunner_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};







/* eslint-disable @typescript-eslint/unbound-method */
const toolrunner_IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends external_events_.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (toolrunner_IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(external_os_namespaceObject.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + external_os_namespaceObject.EOL.length);
                n = s.indexOf(external_os_namespaceObject.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return toolrunner_awaiter(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!isRooted(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (toolrunner_IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = external_path_namespaceObject.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield which(this.toolPath, true);
            return new Promise((resolve, reject) => toolrunner_awaiter(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + external_os_namespaceObject.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield exists(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = external_child_process_namespaceObject.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends external_events_.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = (0,external_timers_namespaceObject.setTimeout)(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}
//# sourceMappingURL=toolrunner.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/exec.js
var exec_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec_exec(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        const commandArgs = tr.argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new tr.ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new StringDecoder('utf8');
        const stderrDecoder = new StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec_exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}
//# sourceMappingURL=exec.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/platform.js
var platform_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const getWindowsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout: version } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Version"', undefined, {
        silent: true
    });
    const { stdout: name } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Caption"', undefined, {
        silent: true
    });
    return {
        name: name.trim(),
        version: version.trim()
    };
});
const getMacOsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    var _a, _b, _c, _d;
    const { stdout } = yield exec.getExecOutput('sw_vers', undefined, {
        silent: true
    });
    const version = (_b = (_a = stdout.match(/ProductVersion:\s*(.+)/)) === null || _a === void 0 ? void 0 : _a[1]) !== null && _b !== void 0 ? _b : '';
    const name = (_d = (_c = stdout.match(/ProductName:\s*(.+)/)) === null || _c === void 0 ? void 0 : _c[1]) !== null && _d !== void 0 ? _d : '';
    return {
        name,
        version
    };
});
const getLinuxInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout } = yield exec.getExecOutput('lsb_release', ['-i', '-r', '-s'], {
        silent: true
    });
    const [name, version] = stdout.trim().split('\n');
    return {
        name,
        version
    };
});
const platform = external_os_namespaceObject.platform();
const arch = external_os_namespaceObject.arch();
const isWindows = platform === 'win32';
const isMacOS = platform === 'darwin';
const isLinux = platform === 'linux';
function getDetails() {
    return platform_awaiter(this, void 0, void 0, function* () {
        return Object.assign(Object.assign({}, (yield (isWindows
            ? getWindowsInfo()
            : isMacOS
                ? getMacOsInfo()
                : getLinuxInfo()))), { platform,
            arch,
            isWindows,
            isMacOS,
            isLinux });
    });
}
//# sourceMappingURL=platform.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/core.js
var core_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};






/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
//-----------------------------------------------------------------------
// Variables
//-----------------------------------------------------------------------
/**
 * Sets env variable for this action and future actions in the job
 * @param name the name of the variable to set
 * @param val the value of the variable. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exportVariable(name, val) {
    const convertedVal = toCommandValue(val);
    process.env[name] = convertedVal;
    const filePath = process.env['GITHUB_ENV'] || '';
    if (filePath) {
        return issueFileCommand('ENV', prepareKeyValueMessage(name, val));
    }
    issueCommand('set-env', { name }, convertedVal);
}
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function core_setSecret(secret) {
    command_issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        issueFileCommand('PATH', inputPath);
    }
    else {
        issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${path.delimiter}${process.env['PATH']}`;
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}
/**
 * Gets the values of an multiline input.  Each value is also trimmed.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string[]
 *
 */
function getMultilineInput(name, options) {
    const inputs = getInput(name, options)
        .split('\n')
        .filter(x => x !== '');
    if (options && options.trimWhitespace === false) {
        return inputs;
    }
    return inputs.map(input => input.trim());
}
/**
 * Gets the input value of the boolean type in the YAML 1.2 "core schema" specification.
 * Support boolean input list: `true | True | TRUE | false | False | FALSE` .
 * The return value is also in boolean type.
 * ref: https://yaml.org/spec/1.2/spec.html#id2804923
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   boolean
 */
function getBooleanInput(name, options) {
    const trueValue = ['true', 'True', 'TRUE'];
    const falseValue = ['false', 'False', 'FALSE'];
    const val = getInput(name, options);
    if (trueValue.includes(val))
        return true;
    if (falseValue.includes(val))
        return false;
    throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
        `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return file_command_issueFileCommand('OUTPUT', file_command_prepareKeyValueMessage(name, value));
    }
    process.stdout.write(external_os_namespaceObject.EOL);
    command_issueCommand('set-output', { name }, utils_toCommandValue(value));
}
/**
 * Enables or disables the echoing of commands into stdout for the rest of the step.
 * Echoing is disabled by default if ACTIONS_STEP_DEBUG is not set.
 *
 */
function setCommandEcho(enabled) {
    issue('echo', enabled ? 'on' : 'off');
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function core_debug(message) {
    command_issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    command_issueCommand('error', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function warning(message, properties = {}) {
    command_issueCommand('warning', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    command_issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + external_os_namespaceObject.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    command_issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    command_issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return core_awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}
//-----------------------------------------------------------------------
// Wrapper action state
//-----------------------------------------------------------------------
/**
 * Saves state for current action, the state can only be retrieved by this action's post job execution.
 *
 * @param     name     name of the state to store
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function saveState(name, value) {
    const filePath = process.env['GITHUB_STATE'] || '';
    if (filePath) {
        return file_command_issueFileCommand('STATE', file_command_prepareKeyValueMessage(name, value));
    }
    command_issueCommand('save-state', { name }, utils_toCommandValue(value));
}
/**
 * Gets the value of an state set by this action's main execution.
 *
 * @param     name     name of the state to get
 * @returns   string
 */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function getIDToken(aud) {
    return core_awaiter(this, void 0, void 0, function* () {
        return yield OidcClient.getIDToken(aud);
    });
}
/**
 * Summary exports
 */

/**
 * @deprecated use core.summary
 */

/**
 * Path exports
 */

/**
 * Platform utilities exports
 */

//# sourceMappingURL=core.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(1369);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 

//# sourceMappingURL=index.js.map