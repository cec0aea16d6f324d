// How long an execution ran, in the reader's language ("350 ms", "1.2 s" / "1,2 s", "2 min 5 s").
export function durationMs(startedAt: string, stoppedAt?: string): number | null {
  if (!stoppedAt) return null;
  const ms = Date.parse(stoppedAt) - Date.parse(startedAt);
  return Number.isNaN(ms) ? null : Math.max(0, ms);
}

export function formatDuration(ms: number | null, locale: string): string {
  if (ms === null) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toLocaleString(locale, { maximumFractionDigits: 1 })} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** Still going: retry and delete wait, cancel applies. */
export function isRunning(status: string): boolean {
  return status === 'running' || status === 'new';
}
