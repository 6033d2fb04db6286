// Shared by the end-to-end templating tests: HAR files from a few calls, and runs of analyze into a
// fresh inventory whose endpoint list is what the tests compare.

import { writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { harOf, type SimpleCall } from '../har-builder.js';
import { cli, tempDir } from '../helpers.js';

export const call = (method: string, url: string, response?: unknown, status = 200): SimpleCall => ({ method, url, status, ...(response === undefined ? {} : { response }) });

/**
 * `har(calls)` writes a capture; `analyzeRuns([a, b], [c])` analyzes each list as one run, in order,
 * into a fresh inventory and returns its endpoints as sorted `method path calls` lines, prefixed
 * with the host when `withHost`; `endpoints(db)` lists an inventory the same way.
 */
export function templatingKit(withHost = false): {
  har: (calls: SimpleCall[]) => string;
  analyzeRuns: (...runs: string[][]) => Promise<string[]>;
  endpoints: (db: string) => Promise<string[]>;
} {
  const dir = tempDir();
  let files = 0;
  let dbs = 0;
  const endpoints = async (db: string): Promise<string[]> => {
    const r = await cli(['endpoints', '--db', db, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const eps = JSON.parse(r.stdout).endpoints as { host: string; method: string; path: string; calls: number }[];
    return eps.map((e) => `${withHost ? `${e.host} ` : ''}${e.method} ${e.path} ${e.calls}`).sort();
  };
  return {
    endpoints,
    har(calls) {
      const file = `${dir}/t${++files}.har`;
      writeFileSync(file, harOf(calls));
      return file;
    },
    async analyzeRuns(...runs) {
      const db = `${dir}/t${++dbs}.db`;
      for (const inputs of runs) {
        const r = await cli(['analyze', ...inputs, '--db', db]);
        expect(r.code, r.stderr).toBe(0);
      }
      return endpoints(db);
    },
  };
}
