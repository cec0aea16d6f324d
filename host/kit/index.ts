// The node authoring kit: what a node author imports. The test harness is host/kit/testing.ts (not here).
export { defineNode } from './define.ts';
export type { NodeSpec, OperationHandler, OperationTable } from './define.ts';
export { params } from './params.ts';
export type { ParamReader } from './params.ts';
export { apiClient } from './http.ts';
export type { ApiClient, ApiClientOptions, ApiRequest } from './http.ts';
export { mapConcurrent, mapConcurrentSettled } from './concurrency.ts';
export type { Settled } from './concurrency.ts';
export { errorItemJson, forEachItem } from '../engine/per-item.ts';
export { NodeApiError, NodeOperationError } from '../model/index.ts';
