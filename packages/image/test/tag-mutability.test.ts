import type { ImageTagMutability } from '@aws-sdk/client-ecr';
import { mutabilityNote, tagImmutable } from '../src/index.js';

const SHA = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567';

// ECR's four tag mutabilities (ECR API Reference, Repository.imageTagMutability) against the tags a
// build pushes: the commit's, a moving one, and a pull request's. A *_WITH_EXCLUSION filter is a
// WILDCARD matched on the whole tag.
test.each<[ImageTagMutability, string[], string, boolean]>([
  ['IMMUTABLE', [], SHA, true],
  ['IMMUTABLE', [], 'latest', true],
  ['MUTABLE', [], SHA, false],
  ['MUTABLE', [], 'latest', false],
  ['IMMUTABLE_WITH_EXCLUSION', ['latest', 'pr-*'], SHA, true],
  ['IMMUTABLE_WITH_EXCLUSION', ['latest', 'pr-*'], 'latest', false],
  ['IMMUTABLE_WITH_EXCLUSION', ['latest', 'pr-*'], 'pr-42', false],
  ['IMMUTABLE_WITH_EXCLUSION', ['latest', 'pr-*'], 'latest-arm64', true],
  ['IMMUTABLE_WITH_EXCLUSION', ['*-dev'], 'shop.v1-dev', false],
  ['IMMUTABLE_WITH_EXCLUSION', ['*-dev'], 'shop.v1-dev2', true],
  ['IMMUTABLE_WITH_EXCLUSION', ['v1.*'], 'v1x2', true],
  ['MUTABLE_WITH_EXCLUSION', ['v*'], 'v1.4.0', true],
  ['MUTABLE_WITH_EXCLUSION', ['v*'], 'latest', false],
  ['MUTABLE_WITH_EXCLUSION', ['v*'], SHA, false],
  ['MUTABLE_WITH_EXCLUSION', ['*'], SHA, true],
])('%s %j: %s immutable %s', (mutability, exclusionFilters, tag, immutable) => {
  expect(tagImmutable({ mutability, exclusionFilters }, tag)).toBe(immutable);
});

test.each<[ImageTagMutability, string[], string]>([
  ['IMMUTABLE', [], ''],
  ['IMMUTABLE_WITH_EXCLUSION', ['latest', 'pr-*'], ' (IMMUTABLE_WITH_EXCLUSION: every tag but latest, pr-* is immutable)'],
  ['MUTABLE_WITH_EXCLUSION', ['v*'], ' (MUTABLE_WITH_EXCLUSION: tags v* are immutable)'],
])('%s %j is noted as %j', (mutability, exclusionFilters, text) => {
  expect(mutabilityNote({ mutability, exclusionFilters })).toBe(text);
});
