// `akto-rt stats [METHOD PATH] --range R`: call counts over time and calls per user.

import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { STATS_FORMATS, statsRenderers, type StatsFormat } from '../render/stats.js';
import { loadStats } from '../views/stats.js';
import { literalWordNote } from '../views/resolve-endpoint.js';
import { parseRange, parseUntil } from '../views/time-parse.js';
import { dbOption, formatOption, withDb, type CommandContext } from './context.js';

interface Opts {
  db?: string;
  range: string;
  until?: string;
  host?: string;
  format: StatsFormat;
}

export function registerStats(program: Command, ctx: CommandContext): void {
  dbOption(program.command('stats'))
    .description('API call stats: calls per time bucket (line chart) and calls per user (histogram); all traffic without METHOD PATH')
    .argument('[method]', 'HTTP method')
    .argument('[path]', 'endpoint template (/users/{id}) or concrete path (/users/42)')
    .requiredOption('--range <range>', 'window length, required: 15m, 30m, 1h, 3h, 6h, 12h, 1d or 7d')
    .option('--until <time>', "window end: ISO 8601 or relative ('2h ago'); default: the latest traffic of the endpoint")
    .option('--host <host>', 'the host, when several hosts share the path; without METHOD PATH: all traffic of this host')
    .addOption(formatOption(STATS_FORMATS))
    .action((method: string | undefined, path: string | undefined, opts: Opts) => {
      if (method && !path) throw new UsageError('stats takes METHOD and PATH together (e.g. stats GET /users), or neither for all traffic');
      const range = parseRange(opts.range);
      const until = opts.until === undefined ? undefined : parseUntil(opts.until, ctx.io.now());
      const view = withDb(ctx, opts, true, (db) => loadStats(db, { method, path, host: opts.host, range, until, now: ctx.io.now() }));
      const note = method && path && view.endpoint ? literalWordNote(method, path, view.endpoint.path) : null;
      if (note !== null) ctx.err(`akto-rt: note: ${note}\n`);
      ctx.out(statsRenderers[opts.format](view, ctx.render()));
    });
}
