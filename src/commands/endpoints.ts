// `akto-rt endpoints`: the inventory, filtered by host, method, auth type or sensitivity.

import type { Command } from 'commander';
import { loadEndpointListing } from '../views/endpoint-filter.js';
import { ENDPOINT_FORMATS, endpointRenderers, type EndpointFormat } from '../render/endpoints.js';
import { dbOption, formatOption, withDb, type CommandContext } from './context.js';

interface Opts {
  db?: string;
  host?: string;
  method?: string;
  auth?: string;
  sensitive?: boolean;
  format: EndpointFormat;
}

export function registerEndpoints(program: Command, ctx: CommandContext): void {
  dbOption(program.command('endpoints'))
    .description('list the discovered endpoints (host, method, path template, calls, status codes, auth, sensitive data)')
    .option('--host <host>', 'only this host')
    .option('--method <method>', 'only this HTTP method')
    .option('--auth <type>', "only endpoints with this auth type or family ('bearer' includes 'bearer-jwt'; 'none' for unauthenticated)")
    .option('--sensitive', 'only endpoints where sensitive data was seen')
    .addOption(formatOption(ENDPOINT_FORMATS))
    .action((opts: Opts) => {
      const list = withDb(ctx, opts, true, (db) => loadEndpointListing(db, opts));
      ctx.out(endpointRenderers[opts.format](list, ctx.render()));
    });
}
