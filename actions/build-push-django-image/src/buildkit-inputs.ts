import { checkVariableName, ConfigurationError, mask, spacedPairs, type InputReader } from '@tandem/kit';
import { foreignReference, parseTagReference, type BuildSecret, type Registry, type TagReference } from '@tandem/image';

// The inputs docker/build-push-action users bring along: tags and labels as docker/metadata-action
// writes them, BuildKit secrets and SSH forwarding, the RUN steps' network.

/** Plain tags, or full references to this repository (in this registry, when the registry input names it). */
export function readTags(reader: InputReader, repository: string, registry?: Registry): { tags: string[]; tagReferences: TagReference[] } {
  const tags: string[] = [];
  const tagReferences: TagReference[] = [];
  for (const text of reader.list('tags', { spaced: { what: 'tags', isItem: (piece) => !('problem' in parseTagReference(piece)) } })) {
    const reference = parseTagReference(text);
    if ('problem' in reference) throw new ConfigurationError(`'${text}': ${reference.problem}`, 'tags');
    const foreign = foreignReference(reference, { repository, registry: registry?.host });
    if (foreign) throw new ConfigurationError(foreign, 'tags');
    tags.push(reference.tag);
    if (reference.registry) tagReferences.push(reference);
  }
  return { tags, tagReferences };
}

/** The tags' references checked against the registry this run pushes to, once the ECR login named it. */
export function refuseForeignTags(references: TagReference[], repository: string, registry: Registry): void {
  for (const reference of references) {
    const foreign = foreignReference(reference, { repository, registry: registry.host });
    if (foreign) throw new ConfigurationError(foreign, 'tags');
  }
}

// As buildx reads a secret's or an SSH key's id, and its paths: no comma, quote or space to split on.
const ID = /^[A-Za-z0-9_.-]+$/;
const PATH = /^[^,"'\s]+$/;

function readSecrets(reader: InputReader): BuildSecret[] {
  const read = (input: string, from: BuildSecret['from']) =>
    // Pairs written on one line are refused with their text, which only a secret's value may not show.
    reader.pairs(input, from === 'value' ? undefined : spacedPairs(from === 'file' ? 'id=path pairs' : 'id=VARIABLE pairs')).map(([id, source]): BuildSecret => {
      if (!ID.test(id)) throw new ConfigurationError(`'${id}' is not a secret id: use letters, digits, _ . -`, input);
      if (!source) throw new ConfigurationError(`'${id}' has no ${from === 'value' ? 'value' : from === 'file' ? 'file' : 'variable name'}`, input);
      if (from === 'file' && !PATH.test(source)) throw new ConfigurationError(`'${id}': the path may not hold commas, quotes or spaces`, input);
      if (from === 'env') checkVariableName(source, input);
      // Registered with the runner's mask at once: a RUN step that prints it, or an error, shows ***.
      if (from === 'value') mask(source);
      return { id, from, source };
    });
  const secrets = [...read('secrets', 'value'), ...read('secret-files', 'file'), ...read('secret-envs', 'env')];
  const ids = secrets.map((secret) => secret.id);
  const twice = ids.find((id, index) => ids.indexOf(id) !== index);
  if (twice) throw new ConfigurationError(`secret id '${twice}' is given twice (secrets, secret-files and secret-envs share one set of ids)`, 'secrets');
  return secrets;
}

/** `default` (the runner's SSH agent) or `id=path[,path]` (keys or agent sockets), one per line. */
function readSsh(reader: InputReader): string[] {
  const entries = reader.list('ssh', { commas: false });
  for (const entry of entries) {
    const [id, paths] = entry.includes('=') ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] : [entry, undefined];
    if (!ID.test(id) || (paths !== undefined && !paths.split(',').every((path) => PATH.test(path)))) {
      throw new ConfigurationError(`'${entry}' is not default or id=path[,path] (an SSH agent socket or key per path)`, 'ssh');
    }
  }
  return entries;
}

export function readBuildKitInputs(reader: InputReader): { labels: Array<[string, string]>; secrets: BuildSecret[]; ssh: string[]; network: string } {
  const network = reader.choice('network', ['default', 'none', 'host'] as const, 'default');
  return { labels: reader.pairs('labels'), secrets: readSecrets(reader), ssh: readSsh(reader), network: network === 'default' ? '' : network };
}
