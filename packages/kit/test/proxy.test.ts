import { awsClientConfig } from '../src/aws.js';
import { ConfigurationError } from '../src/errors.js';
import { agentConfig, readProxyEnv } from '../src/proxy.js';

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

test.each<[string, Record<string, string> | undefined, number | undefined, unknown]>([
  ['neither: the SDK default', undefined, undefined, undefined],
  ['sockets only', undefined, 65, { httpAgent: { maxSockets: 65 }, httpsAgent: { maxSockets: 65 } }],
  ['proxy only', { HTTPS_PROXY: 'http://p:1' }, undefined, { httpAgent: { proxyEnv: { HTTPS_PROXY: 'http://p:1' } }, httpsAgent: { proxyEnv: { HTTPS_PROXY: 'http://p:1' } } }],
  ['both', { HTTPS_PROXY: 'http://p:1' }, 65, { httpAgent: { maxSockets: 65, proxyEnv: { HTTPS_PROXY: 'http://p:1' } }, httpsAgent: { maxSockets: 65, proxyEnv: { HTTPS_PROXY: 'http://p:1' } } }],
])('the agents get: %s', (_name, proxyEnv, sockets, expected) => {
  expect(agentConfig(proxyEnv, sockets)).toEqual(expected);
});

test('a client is given agents only behind a proxy', () => {
  expect(awsClientConfig({ region: 'us-east-1', maxAttempts: 3 }, 'test')).not.toHaveProperty('requestHandler');
  const proxyEnv = { HTTPS_PROXY: 'http://proxy.corp:3128' };
  expect(awsClientConfig({ region: 'us-east-1', maxAttempts: 3, proxyEnv }, 'test').requestHandler).toEqual({ httpAgent: { proxyEnv }, httpsAgent: { proxyEnv } });
});
