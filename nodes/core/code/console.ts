// The console output of one Code node run (all its script runs together), bounded like one run
// in the sandbox: at most 1000 lines and 64 KB, then a single "truncated" line.

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  /** ISO time of the console call. */
  at: string;
}

const MAX_LINES = 1000;
const MAX_CHARS = 64 * 1024;

export class ConsoleOutput {
  readonly lines: LogLine[] = [];
  private chars = 0;
  private full = false;

  add(batch: LogLine[]): void {
    for (const line of batch) {
      if (this.full) return;
      const room = MAX_CHARS - this.chars;
      if (this.lines.length >= MAX_LINES - 1 || line.message.length > room) {
        this.full = true;
        this.lines.push({ level: 'warn', message: 'console output truncated: the Code node keeps at most 1000 lines / 64 KB per node run', at: line.at });
        return;
      }
      this.chars += line.message.length;
      this.lines.push(line);
    }
  }
}
