// `akto-rt changes`: what the latest run, or the runs since a run id or a duration, brought.

import type { Command } from 'commander';
import { loadChangesView } from '../views/changes-view.js';
import { CHANGES_FORMATS, changesRenderers, type ChangesFormat } from '../render/changes.js';
import { dbOption, formatOption, withDb, type CommandContext } from './context.js';
import { resolveHost } from '../views/resolve-endpoint.js';

interface Opts {
  db?: string;
  since?: string;
  host?: string;
  format: ChangesFormat;
}

export function registerChanges(program: Command, ctx: CommandContext): void {
  dbOption(program.command('changes'))
    .description('what the latest run brought: new endpoints, parameters, status codes, auth changes, sensitive data; endpoints it did not see')
    .option('--since <run|duration>', 'run id (that run and later ones) or a duration back from now (30m, 12h, 7d, 2w)')
    .option('--host <host>', 'only this host')
    .addOption(formatOption(CHANGES_FORMATS))
    .action((opts: Opts) => {
      const view = withDb(ctx, opts, true, (db) => loadChangesView(db, opts.since, ctx.io.now(), resolveHost(db, opts.host)));
      ctx.out(changesRenderers[opts.format](view, ctx.render()));
    });
}
