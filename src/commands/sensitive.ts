// `akto-rt sensitive`: where sensitive data travels (endpoint, location, parameter, type, count).

import { Option, type Command } from 'commander';
import { loadSensitiveView } from '../views/sensitive-view.js';
import { SENSITIVE_FORMATS, SENSITIVE_GROUPINGS, sensitiveRenderers, type SensitiveFormat, type SensitiveGrouping } from '../render/sensitive.js';
import { dbOption, formatOption, withDb, type CommandContext } from './context.js';
import { resolveHost } from '../views/resolve-endpoint.js';
import { DISABLE_IDS } from '../config.js';

/** The type ids, wrapped for --help (also what `sensitive.disable` in the config takes). */
function typeList(width = 78): string {
  const lines = ['Data types (--type, and sensitive.disable in the config):'];
  let line = ' ';
  for (const id of [...DISABLE_IDS].sort()) {
    if (line.length + id.length + 1 > width) {
      lines.push(line);
      line = ' ';
    }
    line += ` ${id}`;
  }
  lines.push(line, 'plus the names of custom types from the config.');
  return '\n' + lines.join('\n');
}

interface Opts {
  db?: string;
  host?: string;
  type?: string;
  groupBy: SensitiveGrouping;
  format: SensitiveFormat;
}

export function registerSensitive(program: Command, ctx: CommandContext): void {
  dbOption(program.command('sensitive'))
    .description('sensitive data findings: endpoint, location, parameter (JSON path for bodies), data type, calls; never values')
    .option('--host <host>', 'only this host')
    .option('--type <type>', "only this data type (e.g. 'email', 'credit-card', 'jwt')")
    .addOption(new Option('--group-by <what>', 'table/markdown grouping').choices([...SENSITIVE_GROUPINGS]).default('type'))
    .addOption(formatOption(SENSITIVE_FORMATS))
    .addHelpText('after', typeList())
    .action((opts: Opts) => {
      const view = withDb(ctx, opts, true, (db) => loadSensitiveView(db, { host: resolveHost(db, opts.host), type: opts.type }));
      ctx.out(sensitiveRenderers[opts.format]({ view, groupBy: opts.groupBy }, ctx.render()));
    });
}
