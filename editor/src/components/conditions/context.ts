// The node whose conditions are being edited, provided by the node settings panel, so a condition
// field deep in the parameter form can find that node's sample data.
import type { ComputedRef, InjectionKey } from 'vue';

export const conditionNodeKey: InjectionKey<ComputedRef<string | undefined>> = Symbol('condition-node');
