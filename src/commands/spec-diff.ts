// `akto-rt spec-diff SPEC`: observed traffic against an OpenAPI/Swagger spec: shadow endpoints
// (seen, undocumented), zombies (documented, never seen) and undocumented parameters.

import type { Command } from 'commander';
import { SPEC_DIFF_FORMATS, specDiffRenderers, type SpecDiffFormat } from '../render/spec-diff.js';
import { checkKinds } from '../views/diff.js';
import { loadInventory } from '../views/inventory.js';
import { loadSpec } from '../views/spec-load.js';
import { SPEC_DIFF_KINDS, specDiff, specDiffShouldFail } from '../views/spec-diff.js';
import { dbOption, formatOption, withDb, type CommandContext } from './context.js';

interface Opts {
  db?: string;
  host?: string;
  failOn?: string;
  format: SpecDiffFormat;
}

export function registerSpecDiff(program: Command, ctx: CommandContext): void {
  dbOption(program.command('spec-diff'))
    .description('compare the inventory with an OpenAPI 3.x / Swagger 2.0 spec: shadow, zombie and undocumented parameters')
    .argument('<spec>', 'OpenAPI or Swagger file (JSON or YAML)')
    .option('--host <host>', "compare this host's traffic with the spec")
    .option('--fail-on <kinds>', `comma-separated kinds that fail the gate, or 'any' (${SPEC_DIFF_KINDS.join(', ')})`)
    .addOption(formatOption(SPEC_DIFF_FORMATS))
    .action(async (specFile: string, opts: Opts) => {
      const failOn = opts.failOn ? checkKinds(opts.failOn.split(','), SPEC_DIFF_KINDS) : [];
      const spec = await loadSpec(specFile);
      const doc = withDb(ctx, opts, true, (db) => loadInventory(db));
      const view = specDiff(doc, spec, { host: opts.host, failOn });
      ctx.out(specDiffRenderers[opts.format](view, ctx.render()));
      if (specDiffShouldFail(view, failOn)) ctx.exitCode = 1;
    });
}
