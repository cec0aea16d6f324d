// The host evaluates conditions for the builder's "test against sample data" (never the browser:
// the answer must be the one a run gives).
import { request } from './client.ts';

export type ConditionTestResult = { index: number; pass: boolean } | { index: number; error: string };

export const testCondition = (rule: unknown, items: unknown[], timezone?: string) =>
  request<{ results: ConditionTestResult[] }>('POST', '/conditions/test', { rule, items, ...(timezone ? { timezone } : {}) });
