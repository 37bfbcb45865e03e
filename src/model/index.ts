export * from './audit.js';
export * from './dimension.js';
export * from './divergence.js';
export * from './fact.js';
export * from './judgement.js';
export * from './snapshot.js';
