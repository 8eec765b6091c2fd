import { ConfigurationError } from './errors.js';

// A self-hosted runner behind a company proxy names it in HTTPS_PROXY (and NO_PROXY for what goes
// direct), as curl, the AWS CLI and the runner itself read them. The SDK's clients make their own
// HTTP agents, which Node does not point at the proxy unless told: this hands those variables to
// the agents (Node 24's `proxyEnv`, its own proxy support: CONNECT tunnels for https endpoints,
// NO_PROXY matching as curl does it), and nothing changes when none is set.

/** The variables Node's agents read, in both spellings; the lower-case one wins, as in curl. */
const PROXY_URLS = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const;
const BYPASS = ['no_proxy', 'NO_PROXY'] as const;

/** A proxy URL as it may be shown: its password replaced. */
function shown(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** Why a proxy variable's value cannot be used, or undefined. */
function proxyProblem(name: string, value: string): string | undefined {
  let url: URL | undefined;
  try {
    // 'proxy.corp:3128' parses, with 'proxy.corp:' for a scheme: a URL here has '://'.
    if (value.includes('://')) url = new URL(value);
  } catch {
    // Not a URL: said below.
  }
  if (!url) return `the ${name} environment variable is '${shown(value)}', which is not a URL: set it to the proxy's address, such as http://proxy.example.com:3128`;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `the ${name} environment variable is '${shown(value)}': Node's proxy support takes an http:// or https:// proxy, not ${url.protocol.slice(0, -1)}`;
  }
  return undefined;
}

/**
 * The proxy variables of `env` for the SDK's agents, or undefined when no proxy is set. A value
 * that is not an http(s) URL is refused here, before any AWS call, naming the variable.
 */
export function readProxyEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> | undefined {
  const set = PROXY_URLS.filter((name) => env[name]);
  if (set.length === 0) return undefined;
  for (const name of set) {
    const problem = proxyProblem(name, env[name] as string);
    if (problem) throw new ConfigurationError(problem);
  }
  const proxyEnv: Record<string, string> = {};
  for (const name of [...set, ...BYPASS]) if (env[name]) proxyEnv[name] = env[name] as string;
  return proxyEnv;
}

/** Options for an http.Agent or https.Agent: Node 24's `proxyEnv` (not yet in @types/node 20). */
export interface AgentOptions {
  maxSockets?: number;
  proxyEnv?: Record<string, string>;
}
