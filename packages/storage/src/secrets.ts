import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { describeThrown } from '@tandem/kit';
import { secretSource, type Environment } from './environment.js';

export interface SecretClients {
  secretsManager: () => SecretsManagerClient;
  ssm: () => SSMClient;
}

/** Fetches one referenced value as ECS would inject it. */
export async function fetchSecret(valueFrom: string, clients: SecretClients): Promise<string> {
  const source = secretSource(valueFrom);
  if (source.service === 'ssm') {
    const answer = await clients.ssm().send(new GetParameterCommand({ Name: source.name, WithDecryption: true }));
    return answer.Parameter?.Value ?? '';
  }
  const answer = await clients.secretsManager().send(new GetSecretValueCommand({ SecretId: source.secretId, VersionStage: source.versionStage, VersionId: source.versionId }));
  const text = answer.SecretString ?? (answer.SecretBinary ? Buffer.from(answer.SecretBinary).toString('utf8') : '');
  if (!source.jsonKey) return text;
  const value = (JSON.parse(text) as Record<string, unknown>)[source.jsonKey];
  if (value === undefined) throw new Error(`the secret has no key ${source.jsonKey}`);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Resolves the named secret references in place. Every value, and the password inside a
 * database URL, is handed to `mask` the moment it arrives, before anything can print it.
 * Returns the names that could not be resolved, with why.
 */
export async function resolveSecrets(
  environment: Environment,
  names: readonly string[],
  clients: SecretClients,
  mask: (value: string) => void,
): Promise<Array<{ name: string; reason: string }>> {
  const failures: Array<{ name: string; reason: string }> = [];
  for (const name of names) {
    const setting = environment.get(name);
    if (!setting || setting.kind !== 'secret' || setting.value !== undefined) continue;
    try {
      const value = await fetchSecret(setting.from, clients);
      mask(value);
      maskUrlPassword(value, mask);
      setting.value = value;
    } catch (error) {
      failures.push({ name, reason: `${(error as Error).name}: ${describeThrown(error).message}` });
    }
  }
  return failures;
}

/** Masks the password of a URL-shaped value in every form it could be printed (see urlPasswordForms). */
export function maskUrlPassword(value: string, mask: (value: string) => void): void {
  for (const form of urlPasswordForms(value)) mask(form);
}

// A piece this short is left alone: masking it would hide ordinary words all over the log.
const SHORTEST_PIECE = 4;

/**
 * The password of a URL as written and URL-decoded: where a URL parser finds it (the user part
 * before the first `/`, `?` or `#`), and where the person meant it (up to the last `@`) when `/`,
 * `?`, `#` or `@` in it were not encoded. Such a URL splits in odd places in a parser (Django's,
 * urllib's), whose errors may print a piece of it, so the pieces are included too.
 */
export function urlPasswordForms(value: string): string[] {
  const rest = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(.*)$/s.exec(value.trim())?.[1];
  if (rest === undefined) return [];
  const parsed = /^([^/?#]*)@/.exec(rest)?.[1];
  const meant = rest.includes('@') ? rest.slice(0, rest.lastIndexOf('@')) : undefined;
  const forms: string[] = [];
  for (const userinfo of [parsed, meant]) {
    const colon = userinfo?.indexOf(':') ?? -1;
    if (!userinfo || colon === -1 || colon === userinfo.length - 1) continue;
    const password = userinfo.slice(colon + 1);
    forms.push(password, decoded(password));
    if (/[/?#@]/.test(password)) forms.push(...password.split(/[/?#@:]/).filter((piece) => piece.length >= SHORTEST_PIECE));
  }
  return [...new Set(forms)];
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Not valid percent-encoding: printed, if ever, as written.
    return text;
  }
}
