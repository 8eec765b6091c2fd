import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ECSClient } from '@aws-sdk/client-ecs';
import { ConfigurationError, mask, type ActionContext, type Log } from '@tandem/kit';
import { servedRevision } from '@tandem/ecs';
import {
  copyByDigest,
  mutabilityNote,
  ecrLogin,
  imageByDigest,
  imageName,
  parseRegistry,
  placeTags,
  RegistryClient,
  resolveSource,
  tagImmutable,
  tail,
  type Docker,
  type Fetch,
  type Registry,
  type RepositoryState,
} from '@tandem/image';
import { refuseForeignTags } from './buildkit-inputs.js';
import type { Inputs } from './inputs.js';
import type { Outcome } from './report.js';

// promote-from: the source environment's image, checked and copied by digest. Every refusal
// (the release never served, the image gone) comes before the first write: the destination
// repository, its tags and the Docker config's logins are touched only after them.

export interface SourceClients {
  ecr: ECRClient;
  ecs: ECSClient;
}

export interface PromoteDeps {
  ecr: ECRClient;
  /** The source region's clients. */
  source: (region: string) => SourceClients;
  docker: Docker;
  fetch: Fetch;
  findOrCreateRepository: () => Promise<Pick<RepositoryState, 'created' | 'mutability' | 'exclusionFilters'>>;
}

/** Logs the job's Docker config in to a registry with an ECR token; the config then holds both environments' logins. */
async function login(docker: Docker, ecr: ECRClient, host: string | undefined, log: Log, signal?: AbortSignal): Promise<{ registry: Registry; client: (fetcher: Fetch) => RegistryClient }> {
  const token = await ecrLogin(ecr, mask);
  const registry = host ? parseRegistry(host) : parseRegistry(token.proxyEndpoint);
  if (!registry) throw new Error(`no registry to log in to: ${host ?? token.proxyEndpoint}`);
  const loggedIn = await docker(['login', '--username', token.username, '--password-stdin', registry.host], { input: token.password, signal });
  if (loggedIn.code !== 0) throw new Error(`docker login to ${registry.host} failed:\n${tail(loggedIn, 10)}`);
  log.info(`Logged in to ${registry.host}`);
  return { registry, client: (fetcher) => new RegistryClient(registry, token, fetcher) };
}

export async function promote(inputs: Inputs, deps: PromoteDeps, context: ActionContext, run: { tags: string[]; dockerConfig: string }): Promise<Outcome> {
  const { log, signal } = context;
  const promotion = inputs.promotion;
  if (!promotion) throw new Error('promote called without promote-from');
  const { source } = promotion;
  const sourceClients = deps.source(source.region);

  if (promotion.service) {
    const served = await servedRevision(sourceClients, promotion.service, source.tag ?? '', 'promote-from-service');
    log.info(`Release ${source.tag} served in ${promotion.service.cluster}/${promotion.service.service} (revision ${served.revision})`);
  }
  const from = await login(deps.docker, sourceClients.ecr, source.registry.host, log, signal);
  const resolved = await resolveSource(sourceClients.ecr, from.client(deps.fetch), source);
  const sourceImage = imageByDigest(source.registry, source.repository, resolved.digest);
  log.info(`Source ${source.text} is ${resolved.digest} (${source.region}${resolved.pushedAt ? `, pushed ${resolved.pushedAt.toISOString()}` : ''}; tags ${resolved.tags.join(', ') || 'none'})`);

  const to = await login(deps.docker, deps.ecr, inputs.registry?.host, log, signal);
  refuseForeignTags(inputs.tagReferences, inputs.repository, to.registry);
  const remote = to.client(deps.fetch);
  const placements = placeTags(resolved.digest, await Promise.all(run.tags.map(async (tag): Promise<[string, Awaited<ReturnType<RegistryClient['image']>>]> => [tag, await remote.image(inputs.repository, tag)])));
  const repository = await deps.findOrCreateRepository();
  const taken = placements.filter((placement) => placement.state === 'other' && tagImmutable(repository, placement.tag));
  if (taken.length > 0) {
    const names = taken.map((placement) => `${placement.tag} (${'digest' in placement ? placement.digest : ''})`).join(', ');
    throw new ConfigurationError(`tag ${names} in ${inputs.repository} is immutable${mutabilityNote(repository)} and holds another image than ${resolved.digest}: nothing was copied. Promote under another tag`, 'tags');
  }

  const missing = placements.filter((placement) => placement.state !== 'there').map((placement) => placement.tag);
  if (missing.length === 0) log.info(`${inputs.repository} already holds ${resolved.digest} under ${run.tags.join(', ')}: nothing to copy`);
  else await copyByDigest(deps.docker, { source: sourceImage, digest: resolved.digest, mediaType: resolved.mediaType, names: missing.map((tag) => imageName(to.registry, inputs.repository, tag)) }, log, signal);

  // The bytes production runs must be the bytes staging ran: the same manifest digest under every tag.
  const copied = await Promise.all(run.tags.map(async (tag) => [tag, (await remote.image(inputs.repository, tag))?.digest] as const));
  const wrong = copied.filter(([, digest]) => digest !== resolved.digest);
  if (wrong.length > 0) {
    throw new Error(`copied ${sourceImage}, but ${wrong.map(([tag, digest]) => `${inputs.repository}:${tag} is ${digest ?? 'missing'}`).join(', ')}, not ${resolved.digest}`);
  }
  const size = (await remote.image(inputs.repository, resolved.digest))?.size;
  return {
    image: imageByDigest(to.registry, inputs.repository, resolved.digest),
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
