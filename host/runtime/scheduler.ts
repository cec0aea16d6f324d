// The host scheduler: runs active workflows' Schedule Trigger nodes at their slots.
//
// One timer for the whole process, armed for the earliest next slot of any registered node. When
// it goes off, each node whose slot came due is handled by the missed-slot policy (dueSlot in
// schedule-slots.ts): the newest due slot fires if it is at most `graceMs` old, never a backlog.
//
// Fires once per slot across restarts: per node we persist `until`, the instant up to which every
// slot has been fired or skipped, BEFORE starting the execution (at most once: a crash during the
// run does not repeat the slot). On start, a node with a record resumes from its `until`, so a slot
// already fired is not fired again and slots missed while the host was down get the policy.
//
// The record lives in its own static-data row, `schedule:<workflowId>`, not in the workflow's static
// data: the execution service caches that row and writes it back after runs, which would race with
// (and could undo) our writes. It is runtime state, so it also stays out of exports.
import type { Logger } from '../engine/types.ts';
import type { IDataObject, INode, Workflow } from '../model/index.ts';
import type { StaticDataRepository } from '../storage/storage.ts';
import { compileSchedule, scheduleNodes, scheduleZone, validateSchedules } from './schedule-rules.ts';
import type { ScheduleRule } from './schedule-rules.ts';
import { dueSlot, nextSlot, scheduleItem } from './schedule-slots.ts';
import type { ExecutionService } from './types.ts';

/** Time and timers, injectable so tests move time instead of waiting for it. */
export interface SchedulerClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

// setTimeout takes at most 2^31-1 ms; a longer wait is re-armed when the shorter timer goes off.
const MAX_TIMER_MS = 2_147_483_647;

export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, Math.min(ms, MAX_TIMER_MS)).unref(),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** How old a due slot may be and still fire (after a restart or a stalled event loop). */
export const DEFAULT_GRACE_MS = 5 * 60_000;

export interface SchedulerDeps {
  executions: Pick<ExecutionService, 'run'>;
  storage: { staticData: StaticDataRepository };
  clock?: SchedulerClock;
  logger?: Logger;
  graceMs?: number;
  /**
   * Queue mode (several mains): claims a slot across processes before it fires; false = another
   * process fired it already, so it is skipped. Absent: one process, no claim needed.
   */
  claimSlot?: (workflowId: string, node: string, slotMs: number) => Promise<boolean>;
}

export interface PlannedSlot {
  workflowId: string;
  node: string;
  /** ISO instant of the next slot. */
  at: string;
}

export interface Scheduler {
  /**
   * Starts (or, for an already registered workflow, updates) the schedules of an active workflow.
   * Throws ValidationError for an invalid schedule. Call on activate, on edits of an active
   * workflow and for every active workflow at start-up.
   */
  register(workflow: Workflow): Promise<void>;
  /** Stops the workflow's schedules and forgets their progress: call on deactivate and delete. */
  unregister(workflowId: string): Promise<void>;
  /** The next slot of every registered node, earliest first. */
  planned(): PlannedSlot[];
  /** Resolves when every started write and execution has finished. */
  idle(): Promise<void>;
  /** Shutdown: stops the timer, keeps the progress records, waits for pending writes (not for running executions). */
  stop(): Promise<void>;
}

interface NodeState {
  node: INode;
  rules: ScheduleRule[];
  /** Every slot at or before this instant was fired or skipped. */
  until: number;
  lastFired?: number;
  next?: number;
}

interface WorkflowState {
  workflow: Workflow;
  zone: string;
  nodes: Map<string, NodeState>;
}

interface NodeRecord {
  until?: string;
  lastFired?: string;
}

export const scheduleRecordKey = (workflowId: string) => `schedule:${workflowId}`;

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const clock = deps.clock ?? systemClock;
  const graceMs = deps.graceMs ?? DEFAULT_GRACE_MS;
  const { executions, logger } = deps;
  const staticData = deps.storage.staticData;
  const workflows = new Map<string, WorkflowState>();
  const pending = new Set<Promise<unknown>>();
  const writes = new Map<string, Promise<void>>();
  let timer: unknown;
  let stopped = false;

  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    void p.finally(() => pending.delete(p)).catch(() => {});
    return p;
  };

  /** Writes the workflow's record, after any earlier write for it (the latest state wins). */
  function persist(workflowId: string): Promise<void> {
    const write = async () => {
      const wf = workflows.get(workflowId);
      const record: IDataObject = {};
      for (const [name, s] of wf?.nodes ?? []) {
        record[name] = { until: new Date(s.until).toISOString(), ...(s.lastFired !== undefined ? { lastFired: new Date(s.lastFired).toISOString() } : {}) };
      }
      await staticData.set(scheduleRecordKey(workflowId), wf ? { nodes: record } : {});
    };
    const p = (writes.get(workflowId) ?? Promise.resolve()).then(write, write);
    p.catch((err: Error) => logger?.error('schedule: could not save progress', { workflowId, error: err.message }));
    writes.set(workflowId, p);
    void p.finally(() => writes.get(workflowId) === p && writes.delete(workflowId)).catch(() => {});
    return track(p);
  }

  function arm() {
    if (timer !== undefined) clock.clearTimer(timer);
    timer = undefined;
    if (stopped) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const wf of workflows.values()) for (const s of wf.nodes.values()) if (s.next !== undefined && s.next < earliest) earliest = s.next;
    if (earliest === Number.POSITIVE_INFINITY) return;
    timer = clock.setTimer(tick, Math.max(0, earliest - clock.now()));
  }

  function fire(wf: WorkflowState, s: NodeState, slot: number, saved: Promise<void>) {
    const { workflow } = wf;
    const run = saved.then(
      async () => {
        if (deps.claimSlot && !(await deps.claimSlot(workflow.id, s.node.name, slot))) {
          logger?.info('schedule: slot already fired by another process', { workflowId: workflow.id, node: s.node.name, slot: new Date(slot).toISOString() });
          return;
        }
        const record = await executions.run({ workflow, mode: 'trigger', startNode: s.node.name, triggerItems: [{ json: scheduleItem(slot, wf.zone) }] });
        logger?.debug('schedule fired', { workflowId: workflow.id, node: s.node.name, slot: new Date(slot).toISOString(), executionId: record.id, status: record.status });
      },
      // Without the record a restart could fire this slot again; skipping keeps "at most once".
      (err: Error) => logger?.error('schedule slot not recorded; execution skipped', { workflowId: workflow.id, node: s.node.name, error: err.message }),
    );
    track(run.catch((err: Error) => logger?.error('scheduled execution failed', { workflowId: workflow.id, node: s.node.name, error: err.message })));
  }

  function tick() {
    timer = undefined;
    const now = clock.now();
    for (const wf of workflows.values()) {
      let changed = false;
      const toFire: [NodeState, number][] = [];
      for (const s of wf.nodes.values()) {
        if (s.next === undefined || s.next > now) continue;
        changed = true;
        try {
          const { fire: slot, skipped } = dueSlot(s.rules, wf.zone, s.until, now, graceMs);
          if (skipped)
            logger?.warn('schedule: missed slots skipped', { workflowId: wf.workflow.id, node: s.node.name, since: new Date(s.until).toISOString(), graceMs });
          s.until = now;
          s.next = nextSlot(s.rules, now, wf.zone);
          if (slot !== undefined) {
            if (now - slot > 1000)
              logger?.info('schedule: firing a late slot', { workflowId: wf.workflow.id, node: s.node.name, slot: new Date(slot).toISOString(), lateMs: now - slot });
            s.lastFired = slot;
            toFire.push([s, slot]);
          }
        } catch (err) {
          s.next = undefined; // a rule that cannot be computed must not spin the timer
          logger?.error('schedule: cannot compute slots; node stopped', { workflowId: wf.workflow.id, node: s.node.name, error: (err as Error).message });
        }
      }
      if (!changed) continue;
      const saved = persist(wf.workflow.id);
      for (const [s, slot] of toFire) fire(wf, s, slot, saved);
    }
    arm();
  }

  async function unregister(workflowId: string): Promise<void> {
    if (!workflows.delete(workflowId)) return;
    arm();
    await persist(workflowId);
  }

  return {
    unregister,
    async register(workflow) {
      validateSchedules(workflow);
      const zone = scheduleZone(workflow);
      const nodes = scheduleNodes(workflow);
      const previous = workflows.get(workflow.id);
      const stored = previous || !nodes.length ? undefined : await staticData.get(scheduleRecordKey(workflow.id));
      if (stopped) return;
      const records = (stored?.nodes ?? {}) as Record<string, NodeRecord>;
      const now = clock.now();
      const states = new Map<string, NodeState>();
      for (const node of nodes) {
        const rules = compileSchedule(node);
        const live = previous?.nodes.get(node.name);
        const record = records[node.name];
        const parsed = record?.until ? Date.parse(record.until) : Number.NaN;
        // A live node was edited: go on from now, so a changed rule never fires a catch-up slot.
        // A node with a record was running before a restart: resume from the record (missed-slot
        // policy applies). A new node starts now: activation never fires a slot from the past.
        const until = live ? Math.max(live.until, now) : Number.isFinite(parsed) ? parsed : now;
        const lastFired = live?.lastFired ?? (record?.lastFired ? Date.parse(record.lastFired) : undefined);
        states.set(node.name, { node, rules, until, lastFired, next: nextSlot(rules, until, zone) });
      }
      if (!states.size) {
        if (previous) await unregister(workflow.id);
        return;
      }
      workflows.set(workflow.id, { workflow, zone, nodes: states });
      await persist(workflow.id);
      arm();
    },
    planned() {
      const out: (PlannedSlot & { ms: number })[] = [];
      for (const wf of workflows.values())
        for (const s of wf.nodes.values()) if (s.next !== undefined) out.push({ workflowId: wf.workflow.id, node: s.node.name, at: new Date(s.next).toISOString(), ms: s.next });
      return out.sort((a, b) => a.ms - b.ms).map(({ ms: _ms, ...p }) => p);
    },
    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    async stop() {
      stopped = true;
      arm();
      await Promise.allSettled([...writes.values()]);
    },
  };
}
