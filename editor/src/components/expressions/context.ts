// Which node the expression fields belong to: the settings panel provides it, the expression
// editor reads it to find the node's input items and upstream nodes. Without it (a form shown
// on its own) the editor still works, with no data to complete or preview against.
import { computed, inject, type ComputedRef, type InjectionKey } from 'vue';

export const expressionNodeKey: InjectionKey<ComputedRef<string | undefined>> = Symbol('expression-node');

export function useExpressionNode(): ComputedRef<string | undefined> {
  return inject(expressionNodeKey, computed(() => undefined));
}
