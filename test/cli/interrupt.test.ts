// Interrupting analyze (Ctrl-C, or a kill) mid-input leaves the inventory as it was.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, SAMPLES, tempDir } from '../helpers.js';

const BIN = new URL('../../bin/akto-rt.js', import.meta.url).pathname;
const SAMPLE = `${SAMPLES}har/fiddler2_nopages_87-entries.har`;

function state(db: string): { runs: number; calls: number; integrity: string } {
  const d = new Database(db);
  try {
    return {
      runs: (d.prepare('SELECT count(*) n FROM runs').get() as { n: number }).n,
      calls: (d.prepare('SELECT coalesce(sum(calls), 0) n FROM endpoints').get() as { n: number }).n,
      integrity: d.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    d.close();
  }
}

/** Starts analyze on stdin, feeds half of a HAR, then signals the process while it waits for more. */
async function interruptMidInput(db: string, signal: NodeJS.Signals): Promise<{ code: number | null; sig: NodeJS.Signals | null; stderr: string }> {
  const har = readFileSync(SAMPLE);
  const child = spawn(process.execPath, [BIN, 'analyze', '-', '--db', db], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.on('error', () => undefined); // a child that died early shows in its exit status, not as EPIPE here
  child.stdin.write(har.subarray(0, Math.floor(har.length / 2)));
  await new Promise((r) => setTimeout(r, 700));
  child.kill(signal);
  return new Promise((resolve) => child.on('close', (code, sig) => resolve({ code, sig, stderr })));
}

describe('interrupting analyze', () => {
  const dir = tempDir();

  it('Ctrl-C (SIGINT) rolls the run back, says so, and exits 130 (128 + the signal, as shells report it)', async () => {
    const db = `${dir}/int.db`;
    await cli(['analyze', `${SAMPLES}har/chrome_one-post-json-cookie.har`, '--db', db]);
    const before = state(db);
    const r = await interruptMidInput(db, 'SIGINT');
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted; nothing from this run was applied/);
    expect(state(db)).toEqual(before);
  });

  it('a hard kill (SIGKILL) leaves a consistent inventory without the partial run', async () => {
    const db = `${dir}/kill.db`;
    await cli(['analyze', `${SAMPLES}har/chrome_one-post-json-cookie.har`, '--db', db]);
    const before = state(db);
    const r = await interruptMidInput(db, 'SIGKILL');
    expect(r.sig).toBe('SIGKILL');
    expect(state(db)).toEqual(before);
    // and the inventory is still writable afterwards
    const again = await cli(['analyze', SAMPLE, '--db', db]);
    expect(again.code).toBe(0);
    expect(state(db).runs).toBe(before.runs + 1);
  });
});

describe('interrupting a Postman collection read from stdin (spooled to TMPDIR)', () => {
  const dir = tempDir();
  const COLLECTION = readdirSync(`${SAMPLES}postman`).find((f) => f.startsWith('adyen_checkout'))!;

  /** Feeds half the collection on stdin, then sends `signals` (all at once); the spool and a first inventory must be gone. */
  async function interrupt(name: string, signals: NodeJS.Signals[]): Promise<{ code: number | null; spool: string[]; db: boolean }> {
    const spool = `${dir}/${name}-spool`;
    mkdirSync(spool);
    const db = `${dir}/${name}.db`;
    const doc = readFileSync(`${SAMPLES}postman/${COLLECTION}`);
    const child = spawn(process.execPath, [BIN, 'analyze', '-', '--db', db], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: spool } });
    child.stdin.on('error', () => undefined); // the child may be gone before the pipe has drained (EPIPE)
    child.stdin.write(doc.subarray(0, Math.floor(doc.length / 2)));
    // The spool exists while the collection comes in (polled: a loaded machine starts node slowly).
    for (let waited = 0; readdirSync(spool).length === 0 && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(spool)).toHaveLength(1);
    for (const sig of signals) child.kill(sig);
    // As a shell reports it: a process ended by a signal (a second Ctrl-C) is 128 + the signal.
    const code = await new Promise<number | null>((resolve) => child.on('close', (c, sig) => resolve(c ?? (sig === null ? null : 128 + constants.signals[sig]))));
    return { code, spool: readdirSync(spool), db: existsSync(db) };
  }

  it('a Ctrl-C, a second one that forces the exit, a hang-up or a SIGTERM leaves neither the spool nor a first inventory', async () => {
    expect(await interrupt('once', ['SIGINT'])).toEqual({ code: 130, spool: [], db: false });
    expect(await interrupt('twice', ['SIGINT', 'SIGINT'])).toEqual({ code: 130, spool: [], db: false });
    expect(await interrupt('hup', ['SIGHUP'])).toEqual({ code: 129, spool: [], db: false });
    expect(await interrupt('term', ['SIGTERM'])).toEqual({ code: 143, spool: [], db: false });
  });

  it('a spool a SIGKILL left behind is removed by the next run that spools; a live run\'s is not', async () => {
    const killed = await interrupt('kill', ['SIGKILL']);
    expect(killed.spool).toHaveLength(1); // nothing can catch a SIGKILL
    const spool = `${dir}/kill-spool`;
    const live = `akto-rt-postman-${process.ppid}-abc123`; // a running process's
    mkdirSync(`${spool}/${live}`);
    const doc = readFileSync(`${SAMPLES}postman/${COLLECTION}`);
    const r = await cli(['analyze', '-', '--db', `${dir}/after-kill.db`, '-q'], { stdin: doc, env: { TMPDIR: spool } });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(spool)).toEqual([live]);
  });
});

describe('a Ctrl-C during synchronous work (the end-of-run merge phase)', () => {
  const SIGNALS = new URL('../../dist/src/pipeline/signals.js', import.meta.url).href;
  /** A child that reads a file, signals itself, works synchronously, then waits as given and says whether its handler ran. */
  const seen = (wait: string): string =>
    spawnSync(process.execPath, ['--input-type=module', '-e', `
      import { readFile } from 'node:fs/promises';
      import { setImmediate } from 'node:timers/promises';
      import { letSignalsIn } from '${SIGNALS}';
      let got = false;
      process.on('SIGINT', () => { got = true; });
      await readFile(new URL('${SIGNALS}'));
      process.kill(process.pid, 'SIGINT');
      const t = Date.now(); while (Date.now() - t < 200) {}
      ${wait};
      console.log(got);
    `], { encoding: 'utf8' }).stdout.trim();

  it('reaches its handler once letSignalsIn resolves (setImmediate alone does not let it in)', () => {
    expect(seen('await setImmediate()')).toBe('false'); // why letSignalsIn exists
    expect(seen('await letSignalsIn()')).toBe('true');
  });
});


describe('interrupting a run that waits for a FIFO no one writes to', () => {
  const dir = tempDir();

  it('stops on a second Ctrl-C (process.exit would wait for the blocked open) and leaves no first inventory', async () => {
    const fifo = `${dir}/capture.fifo`;
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const db = `${dir}/fifo.db`;
    const child = spawn(process.execPath, [BIN, 'analyze', fifo, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    const ended = await Promise.race([
      new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal }))),
      new Promise<null>((r) => setTimeout(() => r(null), 10_000)),
    ]);
    if (ended === null) child.kill('SIGKILL');
    expect(ended, stderr).not.toBeNull();
    expect(ended!.code ?? 128 + constants.signals[ended!.signal!]).toBe(130);
    expect(existsSync(db)).toBe(false);
  });
});
