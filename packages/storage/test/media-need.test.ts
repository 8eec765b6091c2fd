import { bucketVariableOf, mediaNeed, type Environment, type FileEvidence, type MediaMode } from '@tandem/storage';

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

const S3 = (bucket: string | null) => ({ BACKEND: 'storages.backends.s3.S3Storage', bucket });
const plain = (values: Record<string, string>): Environment => new Map(Object.entries(values).map(([name, value]) => [name, { kind: 'plain', value }]));
const NOTE = "the bucket Django's storage uses; media-bucket-env names AWS_STORAGE_BUCKET_NAME, which the task definition does not set (set media-bucket-env: DJANGO_AWS_STORAGE_BUCKET_NAME to say so)";
test.each<[string, Environment, Parameters<typeof bucketVariableOf>[2], ReturnType<typeof bucketVariableOf>]>([
  ['media-bucket-env is set: it stands', plain({ AWS_STORAGE_BUCKET_NAME: 'shop-media', DJANGO_AWS_STORAGE_BUCKET_NAME: 'other' }), S3('other'), { variable: 'AWS_STORAGE_BUCKET_NAME' }],
  ["cookiecutter-django's name holds the bucket Django uses", plain({ DJANGO_AWS_STORAGE_BUCKET_NAME: 'bazaar-media', DJANGO_ADMIN_URL: 'x/' }), S3('bazaar-media'), { variable: 'DJANGO_AWS_STORAGE_BUCKET_NAME', note: NOTE }],
  ['no image read: nothing to follow', plain({ DJANGO_AWS_STORAGE_BUCKET_NAME: 'bazaar-media' }), undefined, { variable: 'AWS_STORAGE_BUCKET_NAME' }],
  ['the bucket is written in the settings, in no variable', plain({ OTHER: 'x' }), S3('bazaar-media'), { variable: 'AWS_STORAGE_BUCKET_NAME' }],
  ['two variables hold it: no guess', plain({ A_BUCKET: 'bazaar-media', B_BUCKET: 'bazaar-media' }), S3('bazaar-media'), { variable: 'AWS_STORAGE_BUCKET_NAME' }],
  ['files on the task disk: no bucket to follow', plain({ DJANGO_AWS_STORAGE_BUCKET_NAME: 'bazaar-media' }), { BACKEND: 'django.core.files.storage.FileSystemStorage', bucket: 'bazaar-media' }, { variable: 'AWS_STORAGE_BUCKET_NAME' }],
  ['a secret reference is never compared', new Map([['DJANGO_AWS_STORAGE_BUCKET_NAME', { kind: 'secret', from: 'arn:aws:ssm:us-east-1:123456789012:parameter/bucket' }]]) as Environment, S3('placeholder'), { variable: 'AWS_STORAGE_BUCKET_NAME' }],
])('bucketVariableOf: %s', (_name, environment, storage, expected) => {
  expect(bucketVariableOf(environment, 'AWS_STORAGE_BUCKET_NAME', storage)).toEqual(expected);
});
