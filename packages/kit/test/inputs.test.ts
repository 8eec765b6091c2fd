import { ConfigurationError, InputReader, tableInputs } from '@tandem/kit';

describe('InputReader', () => {
  const reader = (values: Record<string, string>) => new InputReader(tableInputs(values));

  test('empty inputs take the default', () => {
    const inputs = reader({});
    expect(inputs.string('prefix', 'site')).toBe('site');
    expect(inputs.boolean('dry-run', false)).toBe(false);
    expect(inputs.integer('concurrency', 16, { min: 1 })).toBe(16);
    expect(inputs.duration('wait-timeout', '30m')).toBe(1_800_000);
    expect(inputs.list('paths')).toEqual([]);
    expect(inputs.json('changed-keys', [])).toEqual([]);
    expect(inputs.choice('on-failure', ['rollback', 'stop'], 'rollback')).toBe('rollback');
  });

  test('values are trimmed before parsing', () => {
    expect(reader({ 'dry-run': ' true\n' }).boolean('dry-run', false)).toBe(true);
  });

  test('a required input without a value names the input and the hint', () => {
    expect(() => reader({ bucket: '  ' }).required('bucket', 'the S3 bucket to publish to')).toThrow(
      new ConfigurationError('is required: the S3 bucket to publish to', 'bucket'),
    );
  });

  test('matching checks the form', () => {
    expect(reader({ cluster: 'prod' }).matching('cluster', /^[\w-]+$/, 'a cluster name')).toBe('prod');
    expect(() => reader({ cluster: 'a b' }).matching('cluster', /^[\w-]+$/, 'a cluster name')).toThrow("Input 'cluster': 'a b' is not a cluster name");
  });

  test('a duration default of the wrong form is a bug caught here too', () => {
    expect(() => reader({}).duration('wait-timeout', 'soon')).toThrow(ConfigurationError);
  });
});
