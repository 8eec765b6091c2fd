import { filesOf, promotedManifest, readPromotion, releaseKeys, siteUrl, type Plan, type Promotion, type PublishResult, type Site } from '@tandem/frontend';
import type { Inputs } from './inputs.js';
import type { Deps } from './run.js';

/** Reads the source environment's bucket with a client of its region: every refusal of a promotion happens here, before any write. */
export async function readSource(inputs: Inputs & { promoteFrom: NonNullable<Inputs['promoteFrom']> }, deps: Deps): Promise<Promotion> {
  const source = inputs.promoteFrom;
  const s3 = deps.s3({ ...inputs, aws: { ...inputs.aws, region: source.region } });
  const promotion = await readPromotion(s3, source, inputs.releaseId, inputs.concurrency);
  const files = Object.keys(promotion.manifest.files).length;
  const live = promotion.copies.filter((copy) => copy.ifMatch !== undefined).length;
  deps.log.info(
    `Release ${promotion.release} served in ${siteUrl(source)} (${source.region}); its ${files} file(s) are all there: ` +
      `${promotion.copies.length - live} distinct content(s) in its release store, ${live} live`,
  );
  return promotion;
}

const EMPTY_PLAN: Plan = { preserve: [], uploads: [], updates: [], unchanged: [], deletes: [], retained: [], foreign: [], storeDeletes: [], missing: [] };

/**
 * The result of a promotion that publishes nothing (publish: assets, or a dry run): nothing was
 * uploaded or changed in place; every file of R waits in the release store for restore-release.
 */
export function stagedPromotion(promotion: Promotion, site: Site): PublishResult {
  const stored = new Set(promotion.copies.map((copy) => copy.sha256));
  const files = filesOf(promotedManifest(promotion, site), site, stored);
  return {
    release: promotion.release,
    plan: EMPTY_PLAN,
    manifestKey: releaseKeys.manifest(site.releases, promotion.release),
    changedKeys: [],
    heads: 0,
    staged: files.map((file) => ({ file, reason: 'new' as const })),
    firstPublication: false,
  };
}
