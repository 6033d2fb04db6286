// `akto-rt diff BASE HEAD`: what changed between two inventories; a CI gate with --fail-on.

import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { DIFF_FORMATS, diffRenderers, type DiffFormat } from '../render/diff.js';
import { CHANGE_KINDS, checkKinds, diffInventories, shouldFail } from '../views/diff.js';
import { loadInventoryFile } from '../views/inventory-load.js';
import { formatOption, type CommandContext } from './context.js';

interface Opts {
  failOn?: string;
  ignore: string[];
  config?: string;
  format: DiffFormat;
}

export function registerDiff(program: Command, ctx: CommandContext): void {
  program
    .command('diff')
    .description('compare two inventories (inventory files or `export --inventory` JSON); exit 1 when a --fail-on kind is found')
    .argument('<base>', 'the baseline: inventory file or exported JSON')
    .argument('<head>', 'the new state: inventory file or exported JSON')
    .option('--fail-on <kinds>', `comma-separated change kinds that fail the gate, or 'any' (${CHANGE_KINDS.join(', ')})`)
    .option('--ignore <pattern>', "ignore changes: 'host:GLOB', 'path:GLOB', 'method:M', 'kind:KIND' (repeatable)", (v: string, prev: string[]) => [...prev, v], [])
    .option('--config <file>', 'config file (diff.ignore patterns apply too)')
    .option('--db <path>', 'ignored here (BASE and HEAD name the inventories)')
    .addOption(formatOption(DIFF_FORMATS))
    .action((base: string, head: string, opts: Opts) => {
      const cfg = loadConfig(opts.config, ctx.io.cwd);
      const failOn = opts.failOn ? checkKinds(opts.failOn.split(','), CHANGE_KINDS) : [];
      const view = diffInventories(loadInventoryFile(base), loadInventoryFile(head), { ignore: [...cfg.diff.ignore, ...opts.ignore], failOn });
      ctx.out(diffRenderers[opts.format](view, ctx.render()));
      if (shouldFail(view, failOn)) ctx.exitCode = 1;
    });
}
