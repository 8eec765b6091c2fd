export * from './reference.js';
export * from './tags.js';
export * from './build.js';
export * from './django.js';
export * from './registry.js';
export * from './ecr.js';
export * from './docker.js';
export * from './dockerfile.js';
