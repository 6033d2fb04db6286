// `akto-rt spec-diff SPEC`: observed traffic against an OpenAPI/Swagger spec: shadow endpoints
// (seen, undocumented), zombies (documented, never seen) and undocumented parameters.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../errors.js';
import { SPEC_DIFF_FORMATS, specDiffRenderers, type SpecDiffFormat } from '../render/spec-diff.js';
import { checkKinds } from '../views/diff.js';
import { loadInventory } from '../views/inventory.js';
import { loadSpec, type LoadedSpec } from '../views/spec-load.js';
import { SPEC_DIFF_KINDS, specDiff, specDiffShouldFail } from '../views/spec-diff.js';
import { dbOption, formatOption, withDb, type CommandContext } from './context.js';
import { readStdin } from './stdin.js';

interface Opts {
  db?: string;
  host?: string;
  failOn?: string[];
  format: SpecDiffFormat;
}

/** A spec piped on stdin: the parser reads files, so it reads a private copy (relative $refs cannot resolve). */
async function loadStdinSpec(ctx: CommandContext): Promise<LoadedSpec> {
  const bytes = await readStdin(ctx.io.stdin, 'the spec');
  if (bytes.length === 0) throw new InputError('stdin', 'empty; pipe an OpenAPI/Swagger document (JSON or YAML)');
  const dir = mkdtempSync(join(tmpdir(), 'akto-rt-spec-'));
  try {
    const file = join(dir, 'spec');
    writeFileSync(file, bytes);
    return await loadSpec(file, 'stdin');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function registerSpecDiff(program: Command, ctx: CommandContext): void {
  dbOption(program.command('spec-diff'))
    .description('compare the inventory with an OpenAPI 3.x / Swagger 2.0 spec: shadow, zombie and undocumented parameters')
    .argument('<spec>', "OpenAPI or Swagger file (JSON or YAML; '-' for stdin)")
    .option('--host <host>', "compare this host's traffic with the spec")
    .option('--fail-on <kinds>', `comma-separated kinds that fail the gate, or 'any' (${SPEC_DIFF_KINDS.join(', ')}); repeatable`, (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .addOption(formatOption(SPEC_DIFF_FORMATS))
    .action(async (specFile: string, opts: Opts) => {
      // An empty --fail-on is a usage error (as for diff), never a gate quietly switched off.
      const failOn = opts.failOn !== undefined ? checkKinds(opts.failOn, SPEC_DIFF_KINDS) : [];
      const spec = specFile === '-' ? await loadStdinSpec(ctx) : await loadSpec(specFile);
      const doc = withDb(ctx, opts, true, (db) => loadInventory(db));
      const view = specDiff(doc, spec, { host: opts.host, failOn });
      ctx.out(specDiffRenderers[opts.format](view, ctx.render()));
      if (specDiffShouldFail(view, failOn)) ctx.exitCode = 1;
    });
}
