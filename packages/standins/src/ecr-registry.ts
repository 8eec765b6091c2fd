import { BatchCheckLayerAvailabilityCommand, CompleteLayerUploadCommand, InitiateLayerUploadCommand, PutImageCommand, UploadLayerPartCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { MANIFEST_TYPES } from '@tandem/kit';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from './docker.js';

// ECR is one service with two faces: the registry docker pushes to, and the API that lists what
// was pushed (DescribeImages). Here the registry is a local one and the API is moto's, so what a
// test pushes to the registry is recorded in moto's repository as ECR would show it.

const ACCEPT = MANIFEST_TYPES.join(', ');

function authorization(registry: Registry): string {
  return `Basic ${Buffer.from(`${registry.user}:${registry.password}`).toString('base64')}`;
}

/**
 * Puts a blob into moto's ECR repository through ECR's layer API, as `docker push` to ECR does
 * (moto-ecr-layers.py): BatchCheckLayerAvailability first, and nothing more when it is there.
 */
export async function uploadEcrBlob(ecr: ECRClient, repository: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const held = await ecr.send(new BatchCheckLayerAvailabilityCommand({ repositoryName: repository, layerDigests: [digest] }));
  if (held.layers?.some((layer) => layer.layerAvailability === 'AVAILABLE')) return digest;
  const { uploadId } = await ecr.send(new InitiateLayerUploadCommand({ repositoryName: repository }));
  await ecr.send(new UploadLayerPartCommand({ repositoryName: repository, uploadId, partFirstByte: 0, partLastByte: data.length - 1, layerPartBlob: data }));
  await ecr.send(new CompleteLayerUploadCommand({ repositoryName: repository, uploadId, layerDigests: [digest] }));
  return digest;
}

/**
 * Records a tag the local registry holds in moto's ECR repository, with the registry's manifest
 * and digest, and a single image's config blob (what tells its platform; the layers, which
 * nothing here reads through ECR's API, stay in the registry).
 */
export async function recordInEcr(ecr: ECRClient, registry: Registry, repository: string, tag: string): Promise<string> {
  const response = await fetch(`http://${registry.address}/v2/${repository}/manifests/${tag}`, { headers: { authorization: authorization(registry), accept: ACCEPT } });
  if (!response.ok) throw new Error(`registry ${registry.address} has no ${repository}:${tag} (${response.status})`);
  const digest = response.headers.get('docker-content-digest') ?? '';
  const manifest = await response.text();
  const config = (JSON.parse(manifest) as { config?: { digest?: string } }).config?.digest;
  if (config) {
    const blob = await fetch(`http://${registry.address}/v2/${repository}/blobs/${config}`, { headers: { authorization: authorization(registry) } });
    if (!blob.ok) throw new Error(`registry ${registry.address} has no config ${config} of ${repository}:${tag} (${blob.status})`);
    await uploadEcrBlob(ecr, repository, Buffer.from(await blob.arrayBuffer()));
  }
  await ecr.send(new PutImageCommand({ repositoryName: repository, imageTag: tag, imageManifest: manifest, imageDigest: digest, imageManifestMediaType: response.headers.get('content-type') ?? undefined }));
  return digest;
}

export interface Platform {
  os: string;
  architecture: string;
}

export interface PushedIndex {
  digest: string;
  /** Each platform's image manifest digest, in the order given. */
  manifests: string[];
}

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function putBlob(registry: Registry, repository: string, data: Buffer): Promise<{ digest: string; size: number }> {
  const digest = sha256(data);
  const started = await fetch(`http://${registry.address}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: { authorization: authorization(registry) } });
  const location = new URL(started.headers.get('location') ?? '', `http://${registry.address}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', body: new Uint8Array(data), headers: { authorization: authorization(registry), 'content-type': 'application/octet-stream' } });
  if (put.status !== 201) throw new Error(`registry ${registry.address} did not take a blob of ${repository}: ${put.status}`);
  return { digest, size: data.length };
}

async function putManifest(registry: Registry, repository: string, reference: string, mediaType: string, manifest: object): Promise<{ digest: string; size: number }> {
  const data = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, ...manifest }));
  const put = await fetch(`http://${registry.address}/v2/${repository}/manifests/${reference}`, { method: 'PUT', body: new Uint8Array(data), headers: { authorization: authorization(registry), 'content-type': mediaType } });
  if (put.status !== 201) throw new Error(`registry ${registry.address} did not take ${repository}:${reference}: ${put.status} ${await put.text()}`);
  return { digest: sha256(data), size: data.length };
}

/**
 * A multi-platform image as `docker buildx build --platform` pushes one: an OCI index under
 * `tag` over one image manifest a platform, each with a layer of its own. Written through the
 * registry API, as no builder here can build for another architecture.
 */
export async function pushMultiPlatformIndex(registry: Registry, repository: string, tag: string, platforms: Platform[]): Promise<PushedIndex> {
  const manifests = [];
  for (const platform of platforms) {
    const layer = await putBlob(registry, repository, Buffer.from(`${repository}:${tag} for ${platform.os}/${platform.architecture}\n`));
    const config = await putBlob(registry, repository, Buffer.from(JSON.stringify({ ...platform, rootfs: { type: 'layers', diff_ids: [layer.digest] }, config: {} })));
    const image = await putManifest(registry, repository, `${tag}-${platform.architecture}`, 'application/vnd.oci.image.manifest.v1+json', {
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }],
    });
    manifests.push({ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...image, platform });
  }
  const index = await putManifest(registry, repository, tag, 'application/vnd.oci.image.index.v1+json', { manifests });
  return { digest: index.digest, manifests: manifests.map((manifest) => manifest.digest) };
}

/**
 * Puts under `tag` an OCI index over an image manifest the repository holds and an attestation
 * manifest for it, as a build with attestations (`--provenance`) pushes one: each such build's
 * index differs (its provenance has its own times), while the image manifest may be the same.
 */
export async function pushAttestedIndex(registry: Registry, repository: string, tag: string, image: string, platform: Platform): Promise<string> {
  const held = await fetch(`http://${registry.address}/v2/${repository}/manifests/${image}`, { headers: { authorization: authorization(registry), accept: ACCEPT } });
  if (!held.ok) throw new Error(`registry ${registry.address} has no ${repository}@${image} (${held.status})`);
  const body = Buffer.from(await held.arrayBuffer());
  const statement = await putBlob(registry, repository, Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', subject: [{ digest: { sha256: image.slice(7) } }], predicateType: 'https://slsa.dev/provenance/v0.2', predicate: { metadata: { buildStartedOn: new Date().toISOString() } } })));
  const config = await putBlob(registry, repository, Buffer.from(JSON.stringify({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [statement.digest] } })));
  const attestation = await putManifest(registry, repository, `${tag}-attestation`, 'application/vnd.oci.image.manifest.v1+json', {
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.in-toto+json', ...statement, annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' } }],
  });
  const index = await putManifest(registry, repository, tag, 'application/vnd.oci.image.index.v1+json', {
    manifests: [
      { mediaType: held.headers.get('content-type') ?? 'application/vnd.docker.distribution.manifest.v2+json', digest: image, size: body.length, platform },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        ...attestation,
        annotations: { 'vnd.docker.reference.digest': image, 'vnd.docker.reference.type': 'attestation-manifest' },
        platform: { architecture: 'unknown', os: 'unknown' },
      },
    ],
  });
  return index.digest;
}

/** Deletes a manifest from the local registry by digest, as ECR's lifecycle expiry or BatchDeleteImage removes it from the registry. */
export async function deleteFromRegistry(registry: Registry, repository: string, digest: string): Promise<void> {
  const response = await fetch(`http://${registry.address}/v2/${repository}/manifests/${digest}`, { method: 'DELETE', headers: { authorization: authorization(registry) } });
  if (response.status !== 202) throw new Error(`registry ${registry.address} did not delete ${repository}@${digest}: ${response.status}`);
}

export interface DockerRecorder {
  /** A folder to put first on PATH: its `docker` records each command line, then runs the real one. */
  dir: string;
  /** Every command line run since the last clear, as argument lists. */
  commands(): Promise<string[][]>;
  clear(): Promise<void>;
}

/** Records the docker commands a step spawns, to count builds (none, for a promotion) without changing what docker does. */
export async function dockerRecorder(): Promise<DockerRecorder> {
  const realDocker = spawnSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).stdout.trim() || 'docker';
  const dir = await mkdtemp(join(tmpdir(), 'docker-recorder-'));
  const log = join(dir, 'commands.jsonl');
  await writeFile(log, '');
  const script = [
    '#!/usr/bin/env node',
    "const { appendFileSync } = require('node:fs');",
    "const { spawnSync } = require('node:child_process');",
    `appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + '\\n');`,
    `const result = spawnSync(${JSON.stringify(realDocker)}, process.argv.slice(2), { stdio: 'inherit' });`,
    'process.exit(result.status ?? 1);',
    '',
  ].join('\n');
  await writeFile(join(dir, 'docker'), script);
  await chmod(join(dir, 'docker'), 0o755);
  return {
    dir,
    async commands() {
      return (await readFile(log, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as string[]);
    },
    async clear() {
      await writeFile(log, '');
    },
  };
}
