import { buffer } from 'node:stream/consumers';
import { ListObjectsV2Command, type ListObjectsV2CommandInput, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { DeserializeMiddleware } from '@smithy/types';
import { encodeXML } from 'entities';
import { Parser } from 'htmlparser2';

/** An object of a listing, as the site's and the release record's listings use it. */
export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  /** As S3 writes it (ISO 8601); a Date only where asked for. */
  lastModified: string;
}

export interface ListingPage {
  objects: ListedObject[];
  truncated: boolean;
  next?: string;
}

/**
 * A ListObjectsV2 answer read with htmlparser2's XML tokenizer: the objects' key, size, ETag and
 * time of writing, and where the next page starts. Entities are decoded as XML's.
 */
export function readListingPage(xml: string): ListingPage {
  const objects: ListedObject[] = [];
  const path: string[] = [];
  let text = '';
  let object: ListedObject | undefined;
  let truncated = false;
  let next: string | undefined;
  const parser = new Parser(
    {
      onopentagname(name) {
        path.push(name);
        text = '';
        if (name === 'Contents' && path.length === 2) object = { key: '', size: 0, etag: '', lastModified: '' };
      },
      ontext(data) {
        text += data;
      },
      onclosetag(name) {
        if (object && path.length === 3) {
          if (name === 'Key') object.key = text;
          else if (name === 'Size') object.size = Number(text);
          else if (name === 'ETag') object.etag = text;
          else if (name === 'LastModified') object.lastModified = text;
        } else if (path.length === 2) {
          if (name === 'Contents' && object) objects.push(object);
          if (name === 'Contents') object = undefined;
          else if (name === 'IsTruncated') truncated = text === 'true';
          else if (name === 'NextContinuationToken') next = text;
        }
        path.pop();
        text = '';
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  return { objects, truncated, next: truncated ? next : undefined };
}

/**
 * One page: the SDK sends the request (signing, retries, errors), and the answer's objects are
 * read here, the SDK given the page without them. Its own XML reader builds each value a
 * character at a time and a Date for every key: a 1,000-key page from a local server took
 * 17.6 ms to ask for and read that way, 7.6 ms this way (2.7 of them reading), on two cores,
 * and every page's reading comes before the next page is asked for.
 */
async function listPage(s3: S3Client, input: ListObjectsV2CommandInput): Promise<ListingPage> {
  let read: ListingPage | undefined;
  const readHere: DeserializeMiddleware<ListObjectsV2CommandInput, ListObjectsV2CommandOutput> = (next) => async (args) => {
    const result = await next(args);
    const response = result.response as { statusCode?: number; body?: unknown };
    if (response.statusCode !== 200 || !response.body) return result;
    const bytes = response.body instanceof Uint8Array ? response.body : await buffer(response.body as AsyncIterable<Uint8Array>);
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    // Not a listing (an error S3 sent with a 200 status): the SDK reads and throws it.
    if (!text.includes('<ListBucketResult')) {
      response.body = bytes;
      return result;
    }
    read = readListingPage(text);
    const token = read.next === undefined ? '' : `<NextContinuationToken>${encodeXML(read.next)}</NextContinuationToken>`;
    response.body = Buffer.from(`<ListBucketResult><IsTruncated>${read.truncated}</IsTruncated>${token}</ListBucketResult>`);
    return result;
  };
  const command = new ListObjectsV2Command(input);
  command.middlewareStack.add(readHere, { step: 'deserialize', priority: 'low', name: 'tandemReadListing' });
  const output = await s3.send(command);
  if (read) return read;
  // Not read here (no body to read): the SDK's reading.
  const objects = (output.Contents ?? []).map((item) => ({ key: item.Key ?? '', size: item.Size ?? 0, etag: item.ETag ?? '', lastModified: item.LastModified?.toISOString() ?? '' }));
  return { objects, truncated: output.IsTruncated === true, next: output.IsTruncated ? output.NextContinuationToken : undefined };
}

/** Every page of a ListObjectsV2 listing, following NextContinuationToken to the last. */
export async function* listPages(s3: S3Client, input: ListObjectsV2CommandInput, pageSize: number): AsyncGenerator<ListedObject[]> {
  let token: string | undefined;
  do {
    const page = await listPage(s3, { ...input, MaxKeys: pageSize, ContinuationToken: token });
    yield page.objects;
    token = page.next;
  } while (token);
}
