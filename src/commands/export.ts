// `akto-rt export --inventory FILE | --openapi FILE`: deterministic inventory JSON, or OpenAPI 3.1
// (JSON or YAML by extension; one spec per host unless --host picks one). FILE '-' is stdout.

import { randomBytes } from 'node:crypto';
import { chmodSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Command } from 'commander';
import { InputError, UsageError } from '../errors.js';
import { loadConfig } from '../config.js';
import { loadHostSchemes, loadInventory } from '../views/inventory.js';
import { serializeInventory } from '../views/inventory-json.js';
import { buildOpenApi } from '../views/openapi.js';
import { resolveHost } from '../views/resolve-endpoint.js';
import { undescribedSchemes, undescribedWarning } from '../views/endpoint-filter.js';
import { dbOption, withDb, type CommandContext } from './context.js';

interface Opts {
  db?: string;
  inventory?: string;
  openapi?: string;
  host?: string;
  config?: string;
}

/** `api.yaml` + host -> `api.<host>.yaml` (':' in host:port becomes '_'). */
export function perHostFile(file: string, host: string): string {
  const ext = extname(file);
  const safe = host.replace(/[:/\\]/g, '_');
  return ext ? `${file.slice(0, -ext.length)}.${safe}${ext}` : `${file}.${safe}`;
}

/** A one-line reason for a failed write, naming what to fix rather than the errno. */
export function writeFailure(file: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `cannot write: directory ${dirname(file)} does not exist; create it first`;
  if (code === 'ENOTDIR') return `cannot write: ${dirname(file)} is not a directory`;
  if (code === 'EISDIR') return 'cannot write: is a directory; pass a file name';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot write: permission denied';
  if (code === 'EROFS') return 'cannot write: read-only file system';
  if (code === 'ENOSPC') return 'cannot write: no space left on device';
  return `cannot write: ${(e as Error).message}`;
}

/**
 * Writes `file` whole or not at all: the text goes to a temporary file beside it, renamed over it
 * once written. A failed write (a full disk) leaves the previous file as it was; a baseline that CI
 * refreshes with `export` must not end up cut short. Through a symlink, its target is replaced; an
 * existing file keeps its permissions.
 */
export function writeReplacing(file: string, text: string): void {
  let target = file;
  let mode: number | null = null;
  try {
    // Through its symlinks: `/dev/stdout` is the pipe or terminal it stands for (whose real path,
    // `/proc/PID/fd/pipe:[N]`, is no file to stat or write beside).
    const st = statSync(file);
    // A device or pipe (`/dev/stdout`, `>(gzip > x.gz)`) is written to; a directory fails below as one.
    if (!st.isFile() && !st.isDirectory()) return writeFileSync(file, text);
    target = realpathSync(file);
    mode = st.mode & 0o7777;
  } catch {
    // a new file
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx', ...(mode === null ? {} : { mode }) });
    if (mode !== null) chmodSync(temp, mode); // the umask narrowed it
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

/** A path that is a pipe or a device (`/dev/stdout`, `>(gzip > x.gz)`): one stream, no files beside it. */
function isStream(file: string): boolean {
  try {
    const st = statSync(file);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

export function registerExport(program: Command, ctx: CommandContext): void {
  dbOption(program.command('export'))
    .description('write the inventory as deterministic JSON (--inventory) or as OpenAPI 3.1 (--openapi)')
    .option('--inventory <file>', "sorted, deterministic inventory JSON ('-' for stdout); diffable in git")
    .option('--openapi <file>', "OpenAPI 3.1, JSON or YAML by extension ('-' for JSON on stdout)")
    .option('--host <host>', 'only this host (with --openapi: one spec for it)')
    .option('--config <file>', 'config file whose auth.custom schemes become OpenAPI security schemes (default ./akto-rt.config.json when present)')
    .action(async (opts: Opts) => {
      if (!opts.inventory === !opts.openapi) throw new UsageError('export takes exactly one of --inventory FILE or --openapi FILE');
      // A config given by --config is checked whatever the output; the default one only read when used.
      const cfg = opts.config !== undefined || opts.openapi ? loadConfig(opts.config, ctx.io.cwd) : null;
      // --host as stored (lower case, default port dropped); a host the inventory lacks is a usage error.
      const { doc, host, schemes } = withDb(ctx, opts, true, (db) => {
        const h = resolveHost(db, opts.host);
        return { doc: loadInventory(db, { host: h }), host: h, schemes: opts.openapi ? loadHostSchemes(db, h) : undefined };
      });
      const write = (file: string, text: string): void => {
        if (file === '-') ctx.out(text);
        else {
          try {
            writeReplacing(file, text);
          } catch (e) {
            throw new InputError(file, writeFailure(file, e));
          }
          if (!isStream(file)) ctx.err(`wrote ${file}\n`);
        }
      };
      if (opts.inventory) return write(opts.inventory, serializeInventory(doc));
      const file = opts.openapi!;
      const customAuth = cfg!.auth.custom;
      const undescribed = undescribedSchemes(doc, customAuth.flatMap((c) => (c.name ? [c.name] : [])));
      if (undescribed.length > 0) ctx.err(`warning: ${undescribedWarning(undescribed)}; their endpoints are exported without that security: pass --config with their auth.custom entries\n`);
      const specs = buildOpenApi(doc, { host, schemes, customAuth });
      const hosts = Object.keys(specs).sort();
      if (hosts.length === 0) throw new UsageError(`${ctx.dbPath(opts)}: the inventory has no endpoints to export; run \`akto-rt analyze FILE\` first`);
      if (file === '-' && hosts.length > 1) throw new UsageError(`the inventory has ${hosts.length} hosts; pass --host HOST to write one spec to stdout`);
      if (hosts.length > 1 && isStream(file)) throw new UsageError(`the inventory has ${hosts.length} hosts; pass --host HOST to write one spec to ${file}`);
      // The YAML library is loaded only here: at start-up it would cost every other command ~9 MB and ~30 ms.
      const { renderOpenApi } = await import('../render/openapi.js');
      for (const h of hosts) write(hosts.length === 1 ? file : perHostFile(file, h), renderOpenApi(specs[h]!, file === '-' ? 'out.json' : file));
    });
}
