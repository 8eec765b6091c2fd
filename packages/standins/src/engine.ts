import { request } from 'node:http';

// The tests' questions to the Docker Engine (is an image there, what is its config, which
// containers does an image have) and their clean-ups (remove an image or a container), asked of
// the Engine's API over its socket rather than through the docker CLI. One such request costs the
// machine about 2 ms; the same question through the CLI costs about 54 ms (the CLI's start and its
// version check, and the daemon's work for both), and the jest worker's fork to start it more: a
// full run asked about 150 of them. node:http speaks to a unix socket itself, and these few
// calls are all the tests need, so no Engine client library is added for them. What the tests
// do as a user does (build, run, exec, push, pull, login) still goes through the CLI.

/**
 * Where the Engine listens, as DOCKER_HOST names it (a unix socket, or tcp:// without TLS), else
 * its default socket.
 */
export function engineAddress(env: NodeJS.ProcessEnv = process.env): { socketPath: string } | { host: string; port: number } {
  const host = env.DOCKER_HOST;
  if (!host) return { socketPath: '/var/run/docker.sock' };
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  const tcp = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(host);
  if (tcp && !env.DOCKER_TLS_VERIFY) return { host: tcp[1], port: Number(tcp[2]) };
  throw new Error(`DOCKER_HOST=${host}: the stand-ins reach the Docker Engine over a unix socket (unix:///path) or plain tcp://host:port, without TLS`);
}

interface Answer {
  status: number;
  body: string;
}

function ask(method: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = request({ ...engineAddress(), method, path }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end();
  });
}

function refused(what: string, answer: Answer): Error {
  return new Error(`the Docker Engine refused to ${what}: ${answer.status} ${answer.body.trim()}`);
}

/** True when an Engine answers on the socket. */
export async function engineAnswers(): Promise<boolean> {
  try {
    return (await ask('GET', '/_ping')).status === 200;
  } catch {
    return false;
  }
}

/** What `docker image inspect` prints for one image (the fields the tests read). */
export interface ImageDetails {
  Id: string;
  RepoTags: string[];
  Config: { User?: string; Cmd?: string[]; Healthcheck?: { Test: string[] } };
}

/** The image the engine holds under a name (name:tag, name@digest or id), or undefined when it holds none. */
export async function inspectImage(name: string): Promise<ImageDetails | undefined> {
  const answer = await ask('GET', `/images/${name}/json`);
  if (answer.status === 404) return undefined;
  if (answer.status !== 200) throw refused(`inspect image ${name}`, answer);
  return JSON.parse(answer.body) as ImageDetails;
}

/** Removes a name from the engine (the image itself once no name is left); false when there was none. */
export async function removeImage(name: string, options: { force?: boolean } = {}): Promise<boolean> {
  const answer = await ask('DELETE', `/images/${name}${options.force ? '?force=1' : ''}`);
  if (answer.status === 404) return false;
  if (answer.status !== 200) throw refused(`remove image ${name}`, answer);
  return true;
}

/** Gives an image another name, as `docker tag source repository:tag`. */
export async function tagImage(source: string, target: string): Promise<void> {
  const colon = target.lastIndexOf(':');
  const [repository, tag] = colon > target.lastIndexOf('/') ? [target.slice(0, colon), target.slice(colon + 1)] : [target, 'latest'];
  const answer = await ask('POST', `/images/${source}/tag?${new URLSearchParams({ repo: repository, tag })}`);
  if (answer.status !== 201) throw refused(`tag ${source} as ${target}`, answer);
}

/** A container as `docker ps --all --no-trunc` lists it (the fields the tests read). */
export interface ContainerSummary {
  Id: string;
  Command: string;
}

/** Every container, running or stopped, optionally only those of an image (`--filter ancestor=`). */
export async function listContainers(options: { ancestor?: string } = {}): Promise<ContainerSummary[]> {
  const query = new URLSearchParams({ all: '1' });
  if (options.ancestor) query.set('filters', JSON.stringify({ ancestor: [options.ancestor] }));
  const answer = await ask('GET', `/containers/json?${query}`);
  if (answer.status !== 200) throw refused('list containers', answer);
  return JSON.parse(answer.body) as ContainerSummary[];
}

/** Stops and removes a container, as `docker rm --force`; false when there was none. */
export async function removeContainer(idOrName: string): Promise<boolean> {
  const answer = await ask('DELETE', `/containers/${idOrName}?force=1`);
  if (answer.status === 404) return false;
  if (answer.status !== 204) throw refused(`remove container ${idOrName}`, answer);
  return true;
}
