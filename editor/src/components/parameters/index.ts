export { default as NodeParameters } from './NodeParameters.vue';
export { validateParameters, type ParameterIssue } from '../../lib/parameter-validation.ts';
