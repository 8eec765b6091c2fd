import { mediaNeed, type Environment, type FileEvidence, type MediaMode } from '@tandem/storage';

const env = (names: string[]): Environment => new Map(names.map((name) => [name, { kind: 'plain', value: 'x' }]));
const none: FileEvidence = { fileFields: [], storageSettings: [] };
const uploads: FileEvidence = { fileFields: ['catalog.Product.photo'], storageSettings: [] };
const s3: FileEvidence = { fileFields: [], storageSettings: ['STORAGES default storages.backends.s3.S3Storage'] };
const mediaRoot: FileEvidence = { fileFields: [], storageSettings: ['MEDIA_ROOT /app/media'] };

// mode, task definition variables, what the image's Django says, needed, result, words of the message
const cases: Array<[string, MediaMode, string[], FileEvidence | undefined, boolean, string, string]> = [
  ['no file fields, no storage settings: no media', 'auto', ['DATABASE_URL'], none, false, 'pass', 'no model has a FileField or ImageField'],
  ['a file field', 'auto', [], uploads, true, 'pass', 'file fields catalog.Product.photo'],
  ['S3 as default storage', 'auto', [], s3, true, 'pass', 'storage settings STORAGES default storages.backends.s3.S3Storage'],
  ['MEDIA_ROOT set in the settings', 'auto', [], mediaRoot, true, 'pass', 'MEDIA_ROOT /app/media'],
  ['a media bucket in the task definition', 'auto', ['AWS_STORAGE_BUCKET_NAME'], none, true, 'pass', 'AWS_STORAGE_BUCKET_NAME in the task definition'],
  ['MEDIA_ROOT in the task definition', 'auto', ['MEDIA_ROOT'], none, true, 'pass', 'MEDIA_ROOT in the task definition'],
  ['no image: cannot be ruled out', 'auto', ['DATABASE_URL'], undefined, true, 'pass', 'cannot be ruled out'],
  ['told required, no uploads', 'required', [], none, true, 'pass', 'media: required'],
  ['told none, no uploads', 'none', [], none, false, 'pass', 'media: none'],
  ['told none, no image', 'none', [], undefined, false, 'pass', 'media: none'],
  ['told none, but file fields', 'none', [], uploads, false, 'warn', 'but the models have catalog.Product.photo'],
];

test.each(cases)('%s', (_, mode, names, evidence, needed, result, words) => {
  const decided = mediaNeed(mode, env(names), 'AWS_STORAGE_BUCKET_NAME', evidence);
  expect(decided.needed).toBe(needed);
  expect(decided.check).toMatchObject({ id: 'media-needed', result });
  expect(decided.check.message).toContain(words);
  if (result !== 'pass') expect(decided.check.fix).toContain('media: auto');
});

test('many file fields are listed by count past four', () => {
  const fields = ['a.A.f1', 'a.A.f2', 'a.B.f3', 'b.C.f4', 'b.C.f5', 'b.D.f6'];
  expect(mediaNeed('auto', env([]), 'B', { fileFields: fields, storageSettings: [] }).check.message).toContain('a.A.f1, a.A.f2, a.B.f3, b.C.f4 and 2 more');
});
