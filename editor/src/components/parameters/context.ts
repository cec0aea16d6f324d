// Node-wide state every nested field needs (root values for '/' conditions, version, option loader),
// provided once by NodeParameters instead of threading props through each level.
import { inject, type ComputedRef, type InjectionKey } from 'vue';
import type { ParameterValues } from '../../lib/display-options.ts';

export interface OptionItem {
  name: string;
  value: string | number | boolean;
  description?: string;
}

export type LoadOptions = (methodName: string, currentParameters: ParameterValues) => Promise<OptionItem[]>;

export interface ParameterContext {
  root: ComputedRef<ParameterValues>;
  typeVersion: ComputedRef<number>;
  loadOptions: ComputedRef<LoadOptions | undefined>;
}

export const parameterContextKey: InjectionKey<ParameterContext> = Symbol('node-parameters');

export function useParameterContext(): ParameterContext {
  const ctx = inject(parameterContextKey);
  if (!ctx) throw new Error('Parameter inputs must be rendered inside <NodeParameters>');
  return ctx;
}
