// `akto-rt show METHOD PATH`: one endpoint in full; PATH may be a template or a concrete path.

import type { Command } from 'commander';
import { loadEndpointDetail } from '../views/endpoint-detail.js';
import { literalWordNote } from '../views/resolve-endpoint.js';
import { SHOW_FORMATS, showRenderers, type ShowFormat } from '../render/show.js';
import { dbOption, formatOption, withDb, type CommandContext } from './context.js';

interface Opts {
  db?: string;
  host?: string;
  format: ShowFormat;
}

export function registerShow(program: Command, ctx: CommandContext): void {
  dbOption(program.command('show'))
    .description('one endpoint in full: template, parameters by location, auth, JWT, sensitive data, redacted sample')
    .argument('<method>', 'HTTP method, e.g. GET')
    .argument('<path>', "a template as printed by 'endpoints' (/users/{id}) or a concrete path (/users/42)")
    .option('--host <host>', 'the host, when several hosts share the path')
    .addOption(formatOption(SHOW_FORMATS))
    .action((method: string, path: string, opts: Opts) => {
      const detail = withDb(ctx, opts, true, (db) => loadEndpointDetail(db, method, path, opts.host));
      const note = literalWordNote(method, path, detail.path);
      if (note !== null) ctx.err(`akto-rt: note: ${note}\n`);
      ctx.out(showRenderers[opts.format](detail, ctx.render()));
    });
}
