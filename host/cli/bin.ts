#!/usr/bin/env node
// `gigaflow` command line. Each command lives in commands/<name>.ts and owns its --help text.
import { commands } from './commands/index.ts';

const [name, ...args] = process.argv.slice(2);

function usage(): string {
  const lines = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`);
  return `Usage: gigaflow <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "gigaflow <command> --help" for a command's options.`;
}

if (!name || name === '--help' || name === '-h' || name === 'help') {
  console.log(usage());
  process.exit(0);
}
const command = commands[name];
if (!command) {
  console.error(`Unknown command "${name}".\n\n${usage()}`);
  process.exit(2);
}
if (args.includes('--help') || args.includes('-h')) {
  console.log(command.help);
  process.exit(0);
}
try {
  const code = await command.run(args);
  if (name !== 'start') process.exit(code ?? 0);
} catch (err) {
  const e = err as Error & { node?: string; field?: string };
  console.error(`gigaflow ${name}: ${e.message}`);
  process.exit(e.name === 'ValidationError' || e.name === 'NotFoundError' || e.name === 'UsageError' ? 2 : 1);
}
