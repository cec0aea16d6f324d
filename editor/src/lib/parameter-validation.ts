// Required-field check the shell runs before saving: only fields the user can see count, as in n8n.
import type { INodeProperties, INodePropertyCollection } from 'n8n-workflow';
import { t } from '../i18n/index.ts';
import { displayedProperties, isEmptyValue, joinPath, withDefaults, type ParameterValues } from './display-options.ts';

export interface ParameterIssue {
  path: string;
  message: string;
}

function asObject(value: unknown): ParameterValues {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as ParameterValues) : {};
}

function checkLevel(
  properties: INodeProperties[],
  values: ParameterValues,
  typeVersion: number,
  root: ParameterValues,
  prefix: string,
  applyDefaults: boolean,
  issues: ParameterIssue[],
): void {
  const resolved = applyDefaults ? withDefaults(properties, values, typeVersion, prefix ? root : undefined) : values;
  const levelRoot = prefix ? root : resolved;
  for (const prop of displayedProperties(properties, resolved, typeVersion, levelRoot)) {
    // A collection's options exist only once added; absent ones are not "empty".
    if (!applyDefaults && !(prop.name in values)) continue;
    const value = resolved[prop.name];
    const path = joinPath(prefix, prop.name);
    if (prop.required && isEmptyValue(value)) issues.push({ path, message: t('parameters.required', { name: prop.displayName }) });
    if (prop.type === 'collection' && prop.options) {
      checkLevel(prop.options as INodeProperties[], asObject(value), typeVersion, levelRoot, path, false, issues);
    }
    if (prop.type === 'fixedCollection' && prop.options) {
      const groups = asObject(value);
      for (const group of prop.options as INodePropertyCollection[]) {
        const entry = groups[group.name];
        if (entry === undefined) continue;
        const entries = prop.typeOptions?.multipleValues ? (Array.isArray(entry) ? entry : []) : [entry];
        entries.forEach((e, i) => {
          const entryPath = prop.typeOptions?.multipleValues ? `${path}.${group.name}[${i}]` : `${path}.${group.name}`;
          checkLevel(group.values, asObject(e), typeVersion, levelRoot, entryPath, true, issues);
        });
      }
    }
  }
}

/** Required fields that are displayed and empty, with paths matching the inputs' `data-test="param-<path>"`. */
export function validateParameters(properties: INodeProperties[], parameters: ParameterValues | undefined, typeVersion: number): ParameterIssue[] {
  const issues: ParameterIssue[] = [];
  checkLevel(properties, parameters ?? {}, typeVersion, {}, '', true, issues);
  return issues;
}
