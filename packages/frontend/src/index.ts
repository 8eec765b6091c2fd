export * from './headers.js';
export * from './scan.js';
export * from './plan.js';
export * from './releases.js';
export * from './bucket.js';
export * from './state.js';
export * from './apply.js';
export * from './publish.js';
