import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A CloudFront endpoint for what moto cannot do: invalidations that stay InProgress, the
// in-flight limits, TooManyInvalidationsInProgress, throttling, and the CallerReference rule.
// It speaks the REST-XML of the CloudFront API reference (2020-05-31) for the four calls the
// action makes, so the real SDK client parses its answers and errors:
// - GetDistribution: 404 NoSuchDistribution for an unknown id.
// - ListInvalidations: newest first, MaxItems/Marker paging with IsTruncated and NextMarker.
// - GetInvalidation: 404 NoSuchInvalidation for an unknown id.
// - CreateInvalidation: 201 with a Location header; the same CallerReference with the same paths
//   returns the existing invalidation, with other paths 409 InvalidationBatchAlreadyExists; a
//   batch that would put more than 3,000 file paths or 15 wildcard paths in progress answers
//   400 TooManyInvalidationsInProgress.
// Scripted faults: the next N calls answer 400 Throttling ("Rate exceeded"); the next N creates
// answer TooManyInvalidationsInProgress (another deploy filled the distribution); an invalidation
// completes after a number of GetInvalidation polls, or never.

const NS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';

export interface FakeInvalidation {
  id: string;
  callerReference: string;
  paths: string[];
  status: 'InProgress' | 'Completed';
  createTime: string;
  /** GetInvalidation calls left before it reports Completed; Infinity never completes. */
  pollsLeft: number;
}

export interface FakeCloudFront {
  endpoint: string;
  distributionId: string;
  invalidations: FakeInvalidation[];
  /** Every request, as `METHOD /path` (operation inferred). */
  calls: string[];
  /** Answer the next N requests with 400 Throttling. */
  throttle(count: number): void;
  /** Answer every later call as to credentials whose session expired (ExpiredToken). */
  expire(): void;
  /** Answer the next N CreateInvalidation calls with TooManyInvalidationsInProgress, as when another deploy fills the distribution. */
  rejectCreates(count: number): void;
  /** Polls before each new invalidation completes (Infinity: never). */
  completeAfterPolls: number;
  /** Adds an invalidation already in progress (made by someone else). */
  addInProgress(paths: string[]): FakeInvalidation;
  /** Adds invalidations made (and finished) after every one so far: they come first in the list. */
  addCompleted(count: number): void;
  stop(): Promise<void>;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const isWildcard = (path: string) => path.endsWith('*');

function invalidationXml(item: FakeInvalidation): string {
  const paths = item.paths.map((path) => `<Path>${escape(path)}</Path>`).join('');
  return (
    `<Id>${item.id}</Id><Status>${item.status}</Status><CreateTime>${item.createTime}</CreateTime>` +
    `<InvalidationBatch><Paths><Quantity>${item.paths.length}</Quantity><Items>${paths}</Items></Paths>` +
    `<CallerReference>${escape(item.callerReference)}</CallerReference></InvalidationBatch>`
  );
}

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0"?><ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escape(message)}</Message></Error><RequestId>fake-request</RequestId></ErrorResponse>`;
}

export async function startFakeCloudFront(distributionId = 'E2QWRUHAPOMQZL'): Promise<FakeCloudFront> {
  let throttled = 0;
  let expired = false;
  let rejected = 0;
  let sequence = 0;
  const invalidations: FakeInvalidation[] = [];
  const calls: string[] = [];
  const fake = {} as FakeCloudFront;

  const newInvalidation = (paths: string[], callerReference: string): FakeInvalidation => {
    sequence += 1;
    const item: FakeInvalidation = {
      id: `I${String(sequence).padStart(4, '0')}FAKEINVAL`,
      callerReference,
      paths,
      status: 'InProgress',
      createTime: new Date(Date.UTC(2026, 0, 1, 0, sequence)).toISOString(),
      pollsLeft: fake.completeAfterPolls,
    };
    invalidations.unshift(item);
    return item;
  };

  const answer = (response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'text/xml', 'x-amz-request-id': 'fake-request', ...headers });
    response.end(body.startsWith('<?xml') ? body : `<?xml version="1.0"?>${body}`);
  };

  const handle = (request: IncomingMessage, body: string, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const match = /^\/2020-05-31\/distribution\/([^/]+)(\/invalidation(?:\/([^/]+))?)?$/.exec(url.pathname);
    const operation = !match
      ? 'Unknown'
      : !match[2]
        ? 'GetDistribution'
        : match[3]
          ? 'GetInvalidation'
          : request.method === 'POST'
            ? 'CreateInvalidation'
            : 'ListInvalidations';
    calls.push(operation);
    if (expired) return answer(response, 400, errorXml('ExpiredToken', 'The security token included in the request is expired'));
    if (throttled > 0) {
      throttled -= 1;
      return answer(response, 400, errorXml('Throttling', 'Rate exceeded'));
    }
    if (!match) return answer(response, 404, errorXml('NotFound', `no route for ${url.pathname}`));
    if (match[1] !== distributionId) return answer(response, 404, errorXml('NoSuchDistribution', 'The specified distribution does not exist.'));
    const inProgress = invalidations.filter((item) => item.status === 'InProgress');

    if (operation === 'GetDistribution') {
      return answer(
        response,
        200,
        `<Distribution xmlns="${NS}"><Id>${distributionId}</Id><ARN>arn:aws:cloudfront::123456789012:distribution/${distributionId}</ARN>` +
          `<Status>Deployed</Status><LastModifiedTime>2026-01-01T00:00:00Z</LastModifiedTime><InProgressInvalidationBatches>${inProgress.length}</InProgressInvalidationBatches>` +
          `<DomainName>d111111abcdef8.cloudfront.net</DomainName><DistributionConfig><CallerReference>site</CallerReference><Comment></Comment><Enabled>true</Enabled></DistributionConfig></Distribution>`,
        { etag: 'E2QWRUHEXAMPLE' },
      );
    }
    if (operation === 'GetInvalidation') {
      const item = invalidations.find((candidate) => candidate.id === match[3]);
      if (!item) return answer(response, 404, errorXml('NoSuchInvalidation', 'The specified invalidation does not exist.'));
      if (item.status === 'InProgress') {
        item.pollsLeft -= 1;
        if (item.pollsLeft < 0) item.status = 'Completed';
      }
      return answer(response, 200, `<Invalidation xmlns="${NS}">${invalidationXml(item)}</Invalidation>`);
    }
    if (operation === 'ListInvalidations') {
      const maxItems = Number(url.searchParams.get('MaxItems') ?? 100);
      const marker = url.searchParams.get('Marker') ?? '';
      const start = marker ? invalidations.findIndex((item) => item.id === marker) + 1 : 0;
      const page = invalidations.slice(start, start + maxItems);
      const truncated = start + maxItems < invalidations.length;
      const items = page.map((item) => `<InvalidationSummary><Id>${item.id}</Id><CreateTime>${item.createTime}</CreateTime><Status>${item.status}</Status></InvalidationSummary>`).join('');
      return answer(
        response,
        200,
        `<InvalidationList xmlns="${NS}"><Marker>${marker}</Marker>${truncated ? `<NextMarker>${page[page.length - 1].id}</NextMarker>` : ''}` +
          `<MaxItems>${maxItems}</MaxItems><IsTruncated>${truncated}</IsTruncated><Quantity>${page.length}</Quantity>${page.length ? `<Items>${items}</Items>` : ''}</InvalidationList>`,
      );
    }
    const paths = [...body.matchAll(/<Path>([\s\S]*?)<\/Path>/g)].map((found) => unescape(found[1]));
    const reference = unescape(/<CallerReference>([\s\S]*?)<\/CallerReference>/.exec(body)?.[1] ?? '');
    if (rejected > 0) {
      rejected -= 1;
      return answer(response, 400, errorXml('TooManyInvalidationsInProgress', 'Processing your request will cause you to exceed the maximum number of in-progress invalidations.'));
    }
    const existing = invalidations.find((item) => item.callerReference === reference);
    if (existing) {
      if (existing.paths.join('\n') !== paths.join('\n')) {
        return answer(response, 409, errorXml('InvalidationBatchAlreadyExists', 'The CallerReference you attempted to create the invalidation with is already in use.'));
      }
      return answer(response, 201, `<Invalidation xmlns="${NS}">${invalidationXml(existing)}</Invalidation>`, { location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${distributionId}/invalidation/${existing.id}` });
    }
    const files = inProgress.flatMap((item) => item.paths).filter((path) => !isWildcard(path)).length + paths.filter((path) => !isWildcard(path)).length;
    const wildcards = inProgress.flatMap((item) => item.paths).filter(isWildcard).length + paths.filter(isWildcard).length;
    if (files > 3000 || wildcards > 15) {
      return answer(response, 400, errorXml('TooManyInvalidationsInProgress', 'Processing your request will cause you to exceed the maximum number of in-progress invalidations.'));
    }
    const item = newInvalidation(paths, reference);
    return answer(response, 201, `<Invalidation xmlns="${NS}">${invalidationXml(item)}</Invalidation>`, { location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${distributionId}/invalidation/${item.id}` });
  };

  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => handle(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(fake, {
    endpoint: `http://127.0.0.1:${port}`,
    distributionId,
    invalidations,
    calls,
    completeAfterPolls: 0,
    throttle: (count: number) => (throttled = count),
    expire: () => (expired = true),
    rejectCreates: (count: number) => (rejected = count),
    addInProgress: (paths: string[]) => {
      const item = newInvalidation(paths, `other-${sequence}`);
      item.pollsLeft = Infinity;
      return item;
    },
    addCompleted: (count: number) => {
      for (let i = 0; i < count; i += 1) {
        const item = newInvalidation([`/done/${sequence}.html`], `done-${sequence}`);
        item.status = 'Completed';
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
  return fake;
}
