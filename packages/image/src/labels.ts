import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

// The image's labels: the OCI annotations docker/metadata-action writes (revision, source,
// created), then the user's `labels`, which win key by key.

export interface LabelSource {
  /** The commit SHA the image is built from. */
  revision: string;
  /** The repository's URL, e.g. https://github.com/acme/shop. */
  source: string;
  /** RFC 3339; left out when the commit's time is unknown. */
  created?: string;
}

export function imageLabels(source: LabelSource, given: Array<[string, string]>): Array<[string, string]> {
  const defaults: Array<[string, string]> = [
    ['org.opencontainers.image.revision', source.revision],
    ['org.opencontainers.image.source', source.source],
  ];
  if (source.created) defaults.push(['org.opencontainers.image.created', source.created]);
  const labels = new Map([...defaults, ...given]);
  return [...labels.entries()].filter(([, value]) => value !== '');
}

function rfc3339(value: string | number): string | undefined {
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/**
 * When the commit was made, for `org.opencontainers.image.created`. The commit's time rather than
 * the build's, so that building one commit twice gives the same image (a rerun finds its tag
 * already holding it): SOURCE_DATE_EPOCH when set (the reproducible-builds convention), the push
 * event's head commit, else the checkout's HEAD.
 */
export async function commitTime(env: NodeJS.ProcessEnv, payload: { head_commit?: { timestamp?: string } }, checkout: string): Promise<string | undefined> {
  if (env.SOURCE_DATE_EPOCH && /^\d+$/.test(env.SOURCE_DATE_EPOCH)) return rfc3339(Number(env.SOURCE_DATE_EPOCH) * 1000);
  const pushed = payload.head_commit?.timestamp ? rfc3339(payload.head_commit.timestamp) : undefined;
  if (pushed) return pushed;
  try {
    const { stdout } = await promisify(execFile)('git', ['-C', checkout, 'log', '-1', '--format=%cI', 'HEAD'], { timeout: 10_000 });
    return rfc3339(stdout.trim());
  } catch {
    return undefined;
  }
}
