// A scheduler clock for tests: time moves only when told to, and each timer runs at its own due
// time, in order — so a Schedule Trigger fires exactly the slots a test steps over.
import type { SchedulerClock } from '../../host/runtime/scheduler.ts';

export class ManualClock implements SchedulerClock {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();

  constructor(iso: string) {
    this.#now = Date.parse(iso);
  }

  now = () => this.#now;

  setTimer = (fn: () => void, ms: number) => {
    this.#timers.set(++this.#seq, { at: this.#now + ms, fn });
    return this.#seq;
  };

  clearTimer = (handle: unknown) => void this.#timers.delete(handle as number);

  /** Moves time forward by `ms`, running every timer that comes due on the way. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const due = [...this.#timers].filter(([, t]) => t.at <= end).sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.#now = Math.max(this.#now, due[1].at);
      due[1].fn();
    }
    this.#now = end;
  }

  /** Time passes without any timer running, as when the event loop is blocked. */
  jump(ms: number): void {
    this.#now += ms;
  }

  pendingTimers = () => this.#timers.size;
}
