import { readListingPage } from '../src/listing.js';

// A ListObjectsV2 answer as S3 writes it (keys XML-escaped, the token before the objects), and
// as moto does (the token after them, and pretty-printed).
const contents = (key: string, size = 1, etag = '&quot;9a0364b9e99bb480dd25e1f0284c8555&quot;') =>
  `<Contents><Key>${key}</Key><LastModified>2026-12-01T10:00:00.000Z</LastModified><ETag>${etag}</ETag><ChecksumAlgorithm>CRC32</ChecksumAlgorithm><Size>${size}</Size><Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID></Owner><StorageClass>STANDARD</StorageClass></Contents>`;
const answer = (body: string, truncated: boolean, token?: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>shop-site</Name><Prefix></Prefix>${token ? `<NextContinuationToken>${token}</NextContinuationToken>` : ''}<KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>${truncated}</IsTruncated>${body}</ListBucketResult>`;

test.each([
  ['the last page', answer(contents('index.html', 120) + contents('assets/app.js', 3000), false), { truncated: false, next: undefined, keys: ['index.html', 'assets/app.js'], sizes: [120, 3000] }],
  ['a page with a token', answer(contents('a.html'), true, '1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM='), { truncated: true, next: '1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=', keys: ['a.html'], sizes: [1] }],
  ['a token that is not the last page is not one', answer(contents('a.html'), false, 'stale'), { truncated: false, next: undefined, keys: ['a.html'], sizes: [1] }],
  ['keys with XML entities and spaces', answer(contents('a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos;.html') + contents(' lead and trail ') + contents('caf&#xE9;/&#233;t&#233;.html'), false), { truncated: false, next: undefined, keys: ['a&b <c> "d" \'e\'.html', ' lead and trail ', 'café/été.html'], sizes: [1, 1, 1] }],
  ['keys past ASCII as they are', answer(contents('ｆｕｌｌ/😀.svg') + contents('ü.html'), false), { truncated: false, next: undefined, keys: ['ｆｕｌｌ/😀.svg', 'ü.html'], sizes: [1, 1] }],
  ['an empty listing', answer('', false), { truncated: false, next: undefined, keys: [], sizes: [] }],
  ['pretty-printed, the token after the objects', `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult>\n  <IsTruncated>true</IsTruncated>\n  <Contents>\n    <Key>a.html</Key>\n    <ETag>"x"</ETag>\n    <Size>7</Size>\n  </Contents>\n  <NextContinuationToken>tok</NextContinuationToken>\n</ListBucketResult>`, { truncated: true, next: 'tok', keys: ['a.html'], sizes: [7] }],
])('%s', (_what, xml, expected) => {
  const page = readListingPage(xml);
  expect({ truncated: page.truncated, next: page.next, keys: page.objects.map((object) => object.key), sizes: page.objects.map((object) => object.size) }).toEqual(expected);
});

test("an object's ETag comes quoted, as S3 gives it, and its time of writing as written", () => {
  const [object] = readListingPage(answer(contents('a.html', 5), false)).objects;
  expect(object).toEqual({ key: 'a.html', size: 5, etag: '"9a0364b9e99bb480dd25e1f0284c8555"', lastModified: '2026-12-01T10:00:00.000Z' });
});

test('the Owner and other nested elements do not leak into the object', () => {
  const [object] = readListingPage(answer('<Contents><Owner><ID>abc</ID><DisplayName>me</DisplayName></Owner><Key>k</Key><Size>3</Size><ETag>"e"</ETag></Contents>', false)).objects;
  expect(object).toEqual({ key: 'k', size: 3, etag: '"e"', lastModified: '' });
});
