import { awsClientConfig, requestHandlerConfig } from '../src/aws.js';
import { IDLE_TIMEOUT_MS, readAwsSettings } from '../src/aws-settings.js';
import { ConfigurationError } from '../src/errors.js';
import { InputReader, tableInputs } from '../src/inputs.js';
import { readProxyEnv } from '../src/proxy.js';

test.each<[string, NodeJS.ProcessEnv, Record<string, string> | undefined]>([
  ['no proxy set: the SDK keeps its own agents', {}, undefined],
  ['NO_PROXY alone sets no proxy', { NO_PROXY: '.internal' }, undefined],
  ['an empty HTTPS_PROXY is no proxy', { HTTPS_PROXY: '' }, undefined],
  ['HTTPS_PROXY with NO_PROXY', { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '169.254.169.254,.internal', PATH: '/usr/bin' }, { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '169.254.169.254,.internal' }],
  ['both spellings are handed on: Node reads the lower-case one first', { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2', no_proxy: 'x' }, { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2', no_proxy: 'x' }],
  ['an https:// proxy with credentials', { HTTP_PROXY: 'https://ci:pw@proxy.corp:443' }, { HTTP_PROXY: 'https://ci:pw@proxy.corp:443' }],
])('%s', (_name, env, expected) => {
  expect(readProxyEnv(env)).toEqual(expected);
});

test.each<[string, NodeJS.ProcessEnv, string]>([
  ['a host and port without a scheme', { HTTPS_PROXY: 'proxy.corp:3128' }, "the HTTPS_PROXY environment variable is 'proxy.corp:3128', which is not a URL: set it to the proxy's address, such as http://proxy.example.com:3128"],
  ['a bare host name', { https_proxy: 'proxy' }, "the https_proxy environment variable is 'proxy', which is not a URL: set it to the proxy's address, such as http://proxy.example.com:3128"],
  ['a SOCKS proxy, its password hidden', { HTTP_PROXY: 'socks5://ci:hunter2@proxy.corp:1080' }, "the HTTP_PROXY environment variable is 'socks5://ci:***@proxy.corp:1080': Node's proxy support takes an http:// or https:// proxy, not socks5"],
])('a proxy variable that cannot be used is refused, naming it: %s', (_name, env, message) => {
  const refused = (() => {
    try {
      readProxyEnv(env);
    } catch (error) {
      return error;
    }
    return undefined;
  })();
  expect(refused).toBeInstanceOf(ConfigurationError);
  expect((refused as Error).message).toBe(message);
});

const timeouts = { connectionTimeout: IDLE_TIMEOUT_MS, socketTimeout: IDLE_TIMEOUT_MS };
test.each<[string, Record<string, string> | undefined, number | undefined, unknown]>([
  ['neither: direct, the default timeouts', undefined, undefined, { ...timeouts, httpAgent: {}, httpsAgent: {} }],
  ['a socket limit', undefined, 65, { ...timeouts, httpAgent: { maxSockets: 65 }, httpsAgent: { maxSockets: 65 } }],
  ['a proxy', { HTTPS_PROXY: 'http://p:1' }, undefined, { ...timeouts, httpAgent: { proxyEnv: { HTTPS_PROXY: 'http://p:1' } }, httpsAgent: { proxyEnv: { HTTPS_PROXY: 'http://p:1' } } }],
  ['both', { HTTPS_PROXY: 'http://p:1' }, 65, { ...timeouts, httpAgent: { maxSockets: 65, proxyEnv: { HTTPS_PROXY: 'http://p:1' } }, httpsAgent: { maxSockets: 65, proxyEnv: { HTTPS_PROXY: 'http://p:1' } } }],
])('the SDK handler gets: %s', (_name, proxyEnv, sockets, expected) => {
  expect(requestHandlerConfig({ region: 'us-east-1', maxAttempts: 3, proxyEnv }, sockets)).toEqual(expected);
});

test('every client gets the timeouts and, behind a proxy, agents that use it', () => {
  expect(awsClientConfig({ region: 'us-east-1', maxAttempts: 3 }, 'test').requestHandler).toEqual({ ...timeouts, httpAgent: {}, httpsAgent: {} });
  const proxyEnv = { HTTPS_PROXY: 'http://proxy.corp:3128' };
  expect(awsClientConfig({ region: 'us-east-1', maxAttempts: 3, proxyEnv, idleTimeoutMs: 5000 }, 'test').requestHandler).toEqual({
    connectionTimeout: 5000,
    socketTimeout: 5000,
    httpAgent: { proxyEnv },
    httpsAgent: { proxyEnv },
  });
});

const settings = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) => readAwsSettings(new InputReader(tableInputs({ 'aws-region': 'eu-west-1', ...inputs })), env);

test.each<[string, Record<string, string>, number]>([
  ['unset: the AWS CLI\'s 60 s', {}, 60_000],
  ['seconds', { 'idle-timeout': '5s' }, 5_000],
  ['minutes', { 'idle-timeout': '2m' }, 120_000],
  ['the longest', { 'idle-timeout': '15m' }, 900_000],
])('idle-timeout %s', (_name, inputs, ms) => {
  expect(settings(inputs).idleTimeoutMs).toBe(ms);
});

test.each<[string, string]>([
  ['0s', "'0s' is out of range: give 1s to 15m"],
  ['500ms', "'500ms' is out of range: give 1s to 15m"],
  ['1h', "'1h' is out of range: give 1s to 15m"],
  ['60', "'60' has no unit"],
])('idle-timeout %s is refused, naming the input', (value, message) => {
  expect(() => settings({ 'idle-timeout': value })).toThrow(ConfigurationError);
  expect(() => settings({ 'idle-timeout': value })).toThrow(`Input 'idle-timeout': ${message}`);
});

test('the proxy is read with the other settings', () => {
  expect(settings({}, { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '.internal' }).proxyEnv).toEqual({ HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '.internal' });
  expect(settings({}, {}).proxyEnv).toBeUndefined();
});
