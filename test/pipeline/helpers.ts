// Shared by the pipeline tests: generated traffic as HAR text, and analyzed call facts.

import { generateCalls } from '../../bench/generate.js';
import { harEntry } from '../../bench/writers.js';
import { defaultConfig } from '../../src/config.js';
import type { CallLog } from '../../src/model/batch.js';
import type { CallFacts } from '../../src/model/facts.js';
import { analyzeCall, type AnalyzerContext } from '../../src/analyzers/analyze-call.js';
import { TemplateIndex } from '../../src/analyzers/path-template.js';
import { decodeHarEntry } from '../../src/sources/har.js';

/** Entry JSON texts of `n` generated calls; `bad` maps an entry index to a replacement text. */
export function harEntryTexts(n: number, seed: number, bad: Record<number, string> = {}): string[] {
  return [...generateCalls({ entries: n, seed })].map((c, i) => bad[i] ?? JSON.stringify(harEntry(c)));
}

export function harDocument(entries: string[]): string {
  return `{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[${entries.join(',')}]}}`;
}

export function analyzerContext(): AnalyzerContext {
  const cfg = defaultConfig();
  return { cfg, templates: new TemplateIndex(cfg), salt: 'test-salt', fallbackTs: 0, sampled: new Map() };
}

/** Facts of the generated calls that the analyzers keep (static assets and preflights are filtered). */
export function generatedFacts(n: number, seed: number): CallFacts[] {
  const ctx = analyzerContext();
  const out: CallFacts[] = [];
  harEntryTexts(n, seed).forEach((text, i) => {
    const item = decodeHarEntry(text, 'gen.har', i, { strict: false });
    if (item.kind !== 'call') return;
    const a = analyzeCall(item.call, ctx);
    if (a.kind === 'call') out.push(a.facts);
  });
  return out;
}

/** A batch's call log as one [endpoint, minute, user, status class, latency bucket] row per call. */
export function callLogRows(log: CallLog): number[][] {
  const rows: number[][] = [];
  for (let k = 0; k < log.n; k++) rows.push([log.endpoint[k]!, log.minute[k]!, log.user[k]!, log.status[k]!, log.bucket[k]!]);
  return rows;
}
