// `akto-rt analyze INPUT...`: one recorded run into the inventory, then the summary.

import { existsSync, realpathSync, rmSync, statSync, truncateSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { InputFormat } from '../model/call-record.js';
import { loadConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { onExit } from '../exit-cleanup.js';
import { runAnalysis } from '../pipeline/run-analysis.js';
import { loadPostmanEnvironment } from '../sources/postman-env.js';
import { parseWorkers } from '../pipeline/worker-count.js';
import { ANALYZE_FORMATS, analyzeNotices, analyzeRenderers, progressLine, unredactedNotice, type AnalyzeFormat } from '../render/analyze.js';
import { dbOption, formatOption, withDb, type CommandContext } from './context.js';
import { inventoryWithoutRuns, removableFirstInventory } from '../store/db.js';
import { DEFAULT_LOCK_WAIT_MS, waitText } from '../store/runs.js';

interface Opts {
  db?: string;
  inputFormat: InputFormat | 'auto';
  config?: string;
  label?: string;
  strict?: boolean;
  force?: boolean;
  keepStatic?: boolean;
  unredactedSamples?: boolean;
  quiet?: boolean;
  workers?: string;
  wait?: string;
  postmanEnv?: string;
  format: AnalyzeFormat;
}

/** `--wait`: whole or decimal seconds, or a number with `s`, `m` or `h`; in milliseconds. */
export function parseWait(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(raw.trim());
  const ms = m ? Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 's' | 'm' | 'h'] : NaN;
  if (!Number.isFinite(ms) || ms > 7 * 24 * 3_600_000) throw new UsageError(`--wait takes seconds or a time like 30s, 10m or 1h (at most 7 days), got '${raw}'`);
  return Math.round(ms);
}

export function registerAnalyze(program: Command, ctx: CommandContext): void {
  dbOption(program.command('analyze'))
    .description('stream captures (HAR, Postman, Burp XML, Akto JSON lines; gzip ok; - for stdin) into the inventory as one run')
    .argument('<input...>', 'capture files, or - for stdin')
    .addOption(new Option('--input-format <format>', 'skip detection and read as this format').choices(['auto', 'har', 'postman', 'burp', 'akto']).default('auto'))
    .option('--config <file>', 'config file (default ./akto-rt.config.json when present)')
    .option('--label <name>', 'a name for this run (e.g. a build id)')
    .option('--strict', 'apply the input schema in full: any invalid entry fails the run (exit 2, nothing written)')
    .option('--force', 'ingest inputs even when the same content was analyzed before')
    .option('--keep-static', 'keep static assets and CORS preflights as endpoints')
    .option('--postman-env <file>', 'resolve Postman collections\' {{variables}} with this environment export (*.postman_environment.json)')
    .option('--workers <n>', 'analysis threads (default: one per core, up to 4, for HAR, Burp and Akto JSON-lines files over 32 MB; compressed ones only on 3+ cores; else 1 = no worker threads)')
    .option('--wait <time>', 'how long to wait for another run writing the same inventory: seconds, or 30s, 10m, 1h (default 10m; 0 fails at once)')
    .option('--unredacted-samples', 'store endpoint samples WITHOUT redaction, for local debugging only (findings and user keys stay redacted)')
    .option('-q, --quiet', 'no progress bar')
    .addOption(formatOption(ANALYZE_FORMATS))
    .action(async (inputs: string[], opts: Opts) => {
      if (inputs.filter((i) => i === '-').length > 1) throw new UsageError('stdin (-) can be given only once');
      const workers = parseWorkers(opts.workers);
      const lockWaitMs = opts.wait === undefined ? DEFAULT_LOCK_WAIT_MS : parseWait(opts.wait);
      const cfg = loadConfig(opts.config, ctx.io.cwd);
      const postmanEnv = opts.postmanEnv === undefined ? undefined : loadPostmanEnvironment(opts.postmanEnv);
      if (opts.keepStatic) cfg.keepStatic = true;
      if (opts.unredactedSamples) {
        cfg.unredactedSamples = true;
        ctx.err(`akto-rt: warning: --unredacted-samples: endpoint samples in ${ctx.dbPath(opts)} will hold secrets and personal data in the clear; do not share this inventory\n`);
      }
      const showProgress = !opts.quiet && !!ctx.io.stderr.isTTY;
      const width = ctx.io.stderr.columns ?? 80;
      // A first run that fails leaves no inventory behind (the next command says there is none yet),
      // unless another run committed to it meanwhile. A first run is one that found no file, or an
      // inventory another first run created and has not committed to (two first runs that both
      // fail leave nothing either).
      const dbFile = ctx.dbPath(opts);
      // An empty file given as the inventory (`--db "$(mktemp)"`) is a new one too; it is left empty.
      const wasEmpty = sizeOf(dbFile) === 0;
      const fresh = !existsSync(dbFile) || wasEmpty || inventoryWithoutRuns(dbFile);
      const removeFresh = (ownLock: boolean): void => {
        if (!fresh || !removableFirstInventory(dbFile, ownLock)) return;
        // Through a symlink, the file it points to is the inventory (SQLite keeps its WAL beside that
        // one); the user's link stays.
        const real = realPathOf(dbFile);
        try {
          for (const f of [`${real}-wal`, `${real}-shm`]) rmSync(f, { force: true });
          if (wasEmpty) truncateSync(real, 0);
          else rmSync(real, { force: true });
        } catch {
          // not ours to remove (another user's directory): the failure itself is what to report
        }
      };
      const forgetFresh = (e: unknown): never => {
        removeFresh(false);
        throw e;
      };
      // A forced exit (a second Ctrl-C) mid-run leaves no first inventory behind either.
      const unregister = onExit(() => removeFresh(true));
      const summary = await withDb(ctx, opts, false, (db) =>
        runAnalysis({
          inputs,
          db,
          cfg,
          label: opts.label ?? null,
          strict: !!opts.strict,
          force: !!opts.force,
          inputFormat: opts.inputFormat,
          now: ctx.io.now,
          stdin: ctx.io.stdin,
          signal: ctx.io.signal,
          workers,
          lockWaitMs,
          onLockWait: () =>
            ctx.err(`akto-rt: ${dbFile} is being written by another akto-rt run; waiting up to ${waitText(lockWaitMs)} for it to finish (--wait to change, Ctrl-C to stop)\n`),
          postmanEnv,
          spoolDir: ctx.io.env.TMPDIR || undefined,
          onProgress: showProgress ? (p) => ctx.err(`\r${progressLine(p, width)}\x1b[K`) : undefined,
        }).finally(() => {
          if (showProgress) ctx.err('\r\x1b[K');
        }),
      )
        .catch(forgetFresh)
        .finally(unregister);
      ctx.err(analyzeNotices(summary));
      ctx.err(unredactedNotice(summary.unredactedSamples, dbFile));
      ctx.out(analyzeRenderers[opts.format](summary, ctx.render()));
    });
}

/** A file's size; null when there is none (or it cannot be read). */
function sizeOf(path: string): number | null {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
