// The run journal on a real file: what a killed process leaves is read back, a torn last line is
// skipped, and compaction keeps exactly the runs still in flight.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRunJournal, readJournal } from '../../../host/runtime/run-journal.ts';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gigaflow-journal-'));
  path = join(dir, 'executions.journal');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The journal writes its lines at the end of the event-loop turn: let the turn end. */
const turnEnds = () => new Promise((resolve) => setImmediate(resolve));
const run = (id: string) => ({ id, workflowId: 'wf1', versionId: 'v1', mode: 'webhook' as const, startedAt: '2026-11-26T10:00:00.000Z' });

describe('run journal', () => {
  it('a new process reads the runs the previous one left in flight, each with its last node', async () => {
    const first = openRunJournal(path);
    expect(first.previous).toEqual([]);
    first.journal.started(run('a'));
    first.journal.nodeStarted('a', 'Webhook');
    first.journal.nodeStarted('a', 'Slow "Code"\nnode'); // any node name survives the line format
    first.journal.started(run('b'));
    first.journal.nodeStarted('b', 'Webhook');
    first.journal.ended('b');
    first.journal.started({ ...run('c'), versionId: undefined, workflowId: '' });
    await turnEnds();
    // No close(): a kill -9 never runs it; the bytes are already in the file.

    const second = openRunJournal(path);
    expect(second.previous).toEqual([{ ...run('a'), node: 'Slow "Code"\nnode' }, { id: 'c', workflowId: '', mode: 'webhook', startedAt: run('c').startedAt }]);
    // They stay in flight (and in the file) until recovery ends them.
    expect(second.journal.inFlight().map((r) => r.id)).toEqual(['a', 'c']);
    expect(readJournal(readFileSync(path, 'utf8')).map((r) => r.id)).toEqual(['a', 'c']);
    second.journal.ended('a');
    second.journal.ended('c');
    second.journal.close(); // writes what is pending
    expect(openRunJournal(path).previous).toEqual([]);
  });

  it('skips a last line torn by a kill in the middle of a write', () => {
    const { journal } = openRunJournal(path);
    journal.started(run('a'));
    journal.nodeStarted('a', 'Set');
    journal.started(run('b'));
    journal.close();
    appendFileSync(path, '["n","b","Hal'); // the process died mid-write: no closing bracket, no newline
    expect(openRunJournal(path).previous).toEqual([
      { ...run('a'), node: 'Set' },
      { ...run('b') }, // its start was whole; only the torn node line is lost
    ]);
  });

  it('skips unreadable lines anywhere and keeps a resumed run once, with its newest start', () => {
    writeFileSync(
      path,
      ['not json', '["s","w","wf1","v1","webhook","2026-11-26T09:00:00.000Z"]', '["n","w","Wait"]', '["e","w"]', '{"s":1}', '["s","w","wf1","v1","webhook","2026-11-26T09:00:00.000Z"]', '["n","w","Set"]', ''].join('\n'),
    );
    expect(openRunJournal(path).previous).toEqual([{ id: 'w', workflowId: 'wf1', versionId: 'v1', mode: 'webhook', startedAt: '2026-11-26T09:00:00.000Z', node: 'Set' }]);
  });

  it('compacts past its size limit into a file holding only the runs in flight, with their node', async () => {
    const { journal } = openRunJournal(path, { compactBytes: 4096 });
    journal.started(run('keep-1'));
    journal.nodeStarted('keep-1', 'Code');
    for (let i = 0; i < 500; i++) {
      journal.started(run(`done-${i}`));
      journal.nodeStarted(`done-${i}`, 'Webhook');
      journal.ended(`done-${i}`);
      if (i % 10 === 9) await turnEnds(); // many turns, each its own write
    }
    journal.started(run('keep-2'));
    await turnEnds();
    // ~70 bytes a line × 1,500 lines would be ~100 KB without compaction.
    expect(statSync(path).size).toBeLessThan(4096 + 200);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('done-1"');
    expect(readJournal(text)).toEqual([{ ...run('keep-1'), node: 'Code' }, run('keep-2')]);
    // And the compacted file is what a restart reads.
    expect(openRunJournal(path).previous).toEqual([{ ...run('keep-1'), node: 'Code' }, run('keep-2')]);
  });

  it('writes the lines of one event-loop turn together, at the end of the turn', async () => {
    const { journal } = openRunJournal(path);
    journal.started(run('a'));
    await Promise.resolve();
    journal.nodeStarted('a', 'Webhook');
    expect(readFileSync(path, 'utf8')).toBe(''); // still this turn: nothing written yet
    await turnEnds();
    expect(readFileSync(path, 'utf8').trim().split('\n')).toEqual([JSON.stringify(['s', 'a', 'wf1', 'v1', 'webhook', run('a').startedAt]), '["n","a","Webhook"]']);
  });

  it('ignores node and end lines of runs it does not know', () => {
    const { journal } = openRunJournal(path);
    journal.nodeStarted('ghost', 'Set');
    journal.ended('ghost');
    journal.close();
    expect(readFileSync(path, 'utf8')).toBe('');
  });
});
