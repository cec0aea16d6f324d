import { UsageError, parse, withHost } from './shared.ts';
import type { Command } from './shared.ts';

export const apikeyCommand: Command = {
  summary: 'Create, list or revoke API keys for the REST API',
  help: `Usage:
  gigaflow apikey create --name NAME   prints the new key once; only its hash is stored
  gigaflow apikey list                 lists keys (name, prefix, dates), never the keys
  gigaflow apikey revoke <id|name>     revokes a key

Send the key in the X-Api-Key header on every /api/v1 request.`,
  async run(args) {
    const [action, ...rest] = args;
    if (action === 'create') {
      const { values } = parse(rest, { name: { type: 'string' } }, false);
      if (!values.name) throw new UsageError('apikey create needs --name NAME');
      const { key } = await withHost((host) => host.storage.apiKeys.create(values.name!));
      console.log(key);
      console.error('Store this key now: it cannot be shown again.');
      return;
    }
    if (action === 'list') {
      parse(rest, {}, false);
      const keys = await withHost((host) => host.storage.apiKeys.list());
      for (const k of keys) console.log(`${k.id}\t${k.name}\t${k.prefix}…\tcreated ${k.createdAt}\tlast used ${k.lastUsedAt ?? 'never'}`);
      return;
    }
    if (action === 'revoke') {
      const { positionals } = parse(rest, {});
      if (positionals.length !== 1) throw new UsageError('apikey revoke takes one <id|name>');
      const ok = await withHost((host) => host.storage.apiKeys.revoke(positionals[0]));
      if (!ok) {
        console.error(`No API key with id or name "${positionals[0]}"`);
        return 1;
      }
      console.error('Revoked.');
      return;
    }
    throw new UsageError('apikey needs an action: create, list or revoke');
  },
};
