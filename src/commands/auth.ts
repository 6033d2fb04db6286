// `akto-rt auth`: auth policies per endpoint; endpoints reachable without auth that should not be stand out.

import type { Command } from 'commander';
import { loadAuthView } from '../views/auth-view.js';
import { AUTH_FORMATS, authRenderers, type AuthFormat } from '../render/auth.js';
import { dbOption, formatOption, withDb, type CommandContext } from './context.js';
import { resolveHost } from '../views/resolve-endpoint.js';

interface Opts {
  db?: string;
  host?: string;
  format: AuthFormat;
}

export function registerAuth(program: Command, ctx: CommandContext): void {
  dbOption(program.command('auth'))
    .description('auth schemes per endpoint; endpoints answering 2xx without credentials where others need them come first')
    .option('--host <host>', 'only this host')
    .addOption(formatOption(AUTH_FORMATS))
    .action((opts: Opts) => {
      const view = withDb(ctx, opts, true, (db) => loadAuthView(db, { host: resolveHost(db, opts.host) }));
      ctx.out(authRenderers[opts.format](view, ctx.render()));
    });
}
