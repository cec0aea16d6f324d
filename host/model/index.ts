export * from './workflow.ts';
export * from './execution.ts';
export * from './errors.ts';
export * from './nodes-by-name.ts';
