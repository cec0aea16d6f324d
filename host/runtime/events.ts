import type { EventBus, HostEvent } from './types.ts';

/** In-process event bus. A listener that throws is dropped from that delivery, never the publisher. */
export function createEventBus(): EventBus {
  const listeners = new Set<(event: HostEvent) => void>();
  return {
    publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // a broken subscriber (e.g. a closed SSE socket) must not break execution
        }
      }
    },
    hasSubscribers: () => listeners.size > 0,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
