// `akto-rt diff BASE HEAD`: what changed between two inventories; a CI gate with --fail-on.
// Either side (not both) may be '-': an exported inventory JSON read from stdin.

import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { InputError, UsageError } from '../errors.js';
import type { InventoryDoc } from '../model/inventory.js';
import { DIFF_FORMATS, diffRenderers, type DiffFormat } from '../render/diff.js';
import { CHANGE_KINDS, checkKinds, diffInventories, parseIgnore, shouldFail } from '../views/diff.js';
import { loadInventoryFile, parseInventoryBytes } from '../views/inventory-load.js';
import { formatOption, type CommandContext } from './context.js';
import { readStdin } from './stdin.js';

interface Opts {
  failOn?: string[];
  ignore?: string[];
  config?: string;
  format: DiffFormat;
}

export function registerDiff(program: Command, ctx: CommandContext): void {
  program
    .command('diff')
    .description('compare two inventories (inventory files or `export --inventory` JSON); exit 1 when a --fail-on kind is found')
    .argument('<base>', "the baseline: inventory file or exported JSON ('-' for JSON on stdin)")
    .argument('<head>', "the new state: inventory file or exported JSON ('-' for JSON on stdin)")
    .option('--fail-on <kinds>', `comma-separated change kinds that fail the gate, or 'any' (${CHANGE_KINDS.join(', ')}); repeatable`, (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .option('--ignore <pattern>', "ignore changes: 'host:GLOB', 'path:GLOB', 'method:M', 'kind:KIND', or a bare path GLOB; repeatable", (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .option('--config <file>', 'config file (diff.ignore patterns apply too)')
    .option('--db <path>', 'ignored here (BASE and HEAD name the inventories)')
    .addOption(formatOption(DIFF_FORMATS))
    .action(async (base: string, head: string, opts: Opts) => {
      if (base === '-' && head === '-') throw new UsageError('diff reads at most one side from stdin: BASE and HEAD cannot both be -');
      const cfg = loadConfig(opts.config, ctx.io.cwd);
      // Validate every input before reading the inventories: a bad gate or pattern is a usage error (exit 2).
      const failOn = opts.failOn !== undefined ? checkKinds(opts.failOn, CHANGE_KINDS) : [];
      parseIgnore(opts.ignore ?? [], '--ignore');
      const load = async (side: string): Promise<InventoryDoc> => {
        if (side !== '-') return loadInventoryFile(side);
        const bytes = await readStdin(ctx.io.stdin, 'the inventory JSON');
        if (bytes.length === 0) throw new InputError('stdin', 'empty; pipe a JSON file written by `akto-rt export --inventory`');
        return parseInventoryBytes(bytes, 'stdin');
      };
      const baseDoc = await load(base);
      const headDoc = await load(head);
      const view = diffInventories(baseDoc, headDoc, { ignore: [...cfg.diff.ignore, ...(opts.ignore ?? [])], failOn });
      ctx.out(diffRenderers[opts.format](view, ctx.render()));
      if (shouldFail(view, failOn)) ctx.exitCode = 1;
    });
}
