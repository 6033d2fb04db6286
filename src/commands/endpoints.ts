// `akto-rt endpoints`: the inventory, filtered by host, method, auth type or sensitivity.

import type { Command } from 'commander';
import { loadEndpointListing, undescribedWarning } from '../views/endpoint-filter.js';
import { ENDPOINT_FORMATS, endpointRenderers, type EndpointFormat } from '../render/endpoints.js';
import { dbOption, formatOption, withDb, type CommandContext } from './context.js';
import { loadConfig } from '../config.js';

interface Opts {
  db?: string;
  host?: string;
  method?: string;
  auth?: string;
  sensitive?: boolean;
  config?: string;
  format: EndpointFormat;
}

export function registerEndpoints(program: Command, ctx: CommandContext): void {
  dbOption(program.command('endpoints'))
    .description('list the discovered endpoints (host, method, path template, calls, status codes, auth, sensitive data)')
    .option('--host <host>', 'only this host')
    .option('--method <method>', 'only this HTTP method')
    .option('--auth <type>', "only endpoints with this auth type or family ('bearer' includes 'bearer-jwt'; 'none' for unauthenticated)")
    .option('--sensitive', 'only endpoints where sensitive data was seen')
    .option('--config <file>', "config whose auth.custom names '--auth custom' takes (default ./akto-rt.config.json when present)")
    .addOption(formatOption(ENDPOINT_FORMATS))
    .action((opts: Opts) => {
      // A config given by --config is checked whatever the flags; the default one only read when used.
      const custom = opts.auth?.toLowerCase() === 'custom';
      const cfg = opts.config !== undefined || custom ? loadConfig(opts.config, ctx.io.cwd) : null;
      const customNames = custom && cfg ? cfg.auth.custom.flatMap((c) => (c.name ? [c.name] : [])) : [];
      const list = withDb(ctx, opts, true, (db) => loadEndpointListing(db, { ...opts, customNames }));
      if (list.undescribed) ctx.err(`warning: ${undescribedWarning(list.undescribed)}; --auth custom lists only the config's schemes: use --auth ${list.undescribed[0]}, or pass the config that defines them\n`);
      ctx.out(endpointRenderers[opts.format](list, ctx.render()));
    });
}
