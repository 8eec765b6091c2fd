import { checkRegion, ConfigurationError, type InputReader } from '@tandem/kit';
import { parsePromoteSource, type PromoteSource } from '@tandem/image';
import { parseClusterService } from '@tandem/ecs';
import type { Inputs } from './inputs.js';

// promote-from, promote-from-region and promote-from-service: another environment's image,
// copied by digest instead of a build.

export interface Promotion {
  source: PromoteSource;
  /** The source environment's web service (`cluster/service`, in the source region), when the release must have served there. */
  service?: { cluster: string; service: string };
}

export function readPromotion(reader: InputReader, stepRegion: string): Promotion | undefined {
  const text = reader.string('promote-from').trim();
  const region = reader.string('promote-from-region').trim();
  const serviceText = reader.string('promote-from-service').trim();
  if (!text) {
    if (region) throw new ConfigurationError('promote-from-region is set without promote-from: name the image to promote, or remove it', 'promote-from-region');
    if (serviceText) throw new ConfigurationError('promote-from-service is set without promote-from: name the image to promote, or remove it', 'promote-from-service');
    return undefined;
  }
  if (region) checkRegion(region, 'promote-from-region');
  const source = parsePromoteSource(text, { given: region, step: stepRegion });
  if ('problem' in source) throw new ConfigurationError(`'${text}' ${source.problem}`, 'promote-from');
  if (!serviceText) return { source };
  const service = parseClusterService(serviceText);
  if (!service) throw new ConfigurationError(`'${serviceText}' is not cluster/service (the source environment's web service, e.g. staging/shop-web)`, 'promote-from-service');
  // Only a tag names the release: a digest alone cannot be matched with tandem-deploy:release.
  if (!source.tag) throw new ConfigurationError(`'${text}' names no tag: promote-from-service checks that the release the tag names served; name the image by its release tag`, 'promote-from');
  return { source, service };
}

/** The inputs that only a build reads, each with how to tell it was set. */
const BUILD_ONLY: Array<[string, (inputs: Inputs) => boolean]> = [
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
export function refuseBuildInputs(inputs: Inputs): void {
  const set = BUILD_ONLY.filter(([, changed]) => changed(inputs)).map(([name]) => name);
  if (set.length === 0) return;
  throw new ConfigurationError(
    `${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} for building an image, and promote-from copies the source environment's image as it is (nothing is built): remove ${set.length === 1 ? 'it' : 'them'}, or promote-from`,
    set[0],
  );
}
