import { carriesSecret, hideSecrets, mask, shownValue, urlPasswordForms } from '@tandem/kit';

// The one masking decision every action uses: which values carry a secret, and how each is shown.

test.each([
  ['postgres://shop:p%40ss@db.example.com/shop', ['p%40ss', 'p@ss']],
  // An unencoded @ in the password: the user part ends at the LAST @ before the host.
  ['postgres://app:p@ssw0rd@db.example.com:5432/shop', ['p@ssw0rd', 'ssw0rd']],
  ['postgres://shop:Pw-7dq/Kx9@zR:vL2@db.example.com:5432/shop', ['Pw-7dq/Kx9@zR:vL2', 'Pw-7dq']],
  ['redis://:s3cret-token@cache.example.com:6379/0', ['s3cret-token']],
  ['postgres://shop:@db.example.com/shop', []],
  ['postgres://shop@db.example.com/shop', []],
  ['https://pypi.org/simple', []],
  ['not a url', []],
])('the password of %s in every form it could be printed', (url, forms) => {
  expect(urlPasswordForms(url)).toEqual(forms);
});

// Each value, and how the suite shows it: undefined where it carries no secret and is shown as written.
test.each([
  ['DATABASE_URL', 'postgres://app:NewPassw0rd-2@db.example.com/shop', 'postgres://app:***@db.example.com/shop'],
  ['DATABASE_URL', 'postgres://app:p@ssw0rd@db.example.com/shop', 'postgres://app:***@db.example.com/shop'],
  ['CELERY_BROKER', 'redis://:tok3n-value@cache:6379/0', 'redis://:***@cache:6379/0'],
  ['DB_PASSWORD', 'NewPassw0rd-2', '***'],
  ['DB_PASSWORD', 'x', '***'],
  ['SECRET_KEY', 'django-insecure', '***'],
  ['NPM_TOKEN', 'npm_1', '***'],
  ['AWS_SECRET_ACCESS_KEY', 'wJalr', '***'],
  ['SENTRY_DSN', 'https://k@o1.ingest.sentry.io/1', '***'],
  ['BASE_IMAGE', 'tandem-test/django-base:sid', undefined],
  ['DJANGO_SETTINGS_MODULE', 'shop.settings', undefined],
  ['MEDIA_BUCKET', 'shop-media', undefined],
  ['DATABASE_URL', 'postgres://app@db.example.com/shop', undefined],
])('%s=%s is shown as %s', (name, value, shown) => {
  expect(carriesSecret(name, value)).toBe(shown !== undefined);
  expect(shownValue(name, value)).toBe(shown ?? value);
});

test('hideSecrets cuts the longest first, so no piece of a longer secret is left', () => {
  expect(hideSecrets('a p@ssw0rd b ssw0rd', ['ssw0rd', 'p@ssw0rd'])).toBe('a *** b ***');
});

test('mask registers the whole value and the password of a URL, in the runner\'s form', () => {
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    mask('postgres://app:p@ssw0rd@db.example.com/shop', undefined, '');
  } finally {
    process.stdout.write = write;
  }
  const commands = written.join('').split('\n').filter(Boolean);
  expect(commands).toEqual(['::add-mask::p@ssw0rd', '::add-mask::ssw0rd', '::add-mask::postgres://app:p@ssw0rd@db.example.com/shop']);
});
