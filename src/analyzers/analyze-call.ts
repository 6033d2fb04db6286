// The analyzer pipeline for one call: filter, template, GraphQL split, parameters, auth, user
// identity, sensitive data, redacted sample. Pure apart from the caches held in the context.

import type { CallRecord } from '../model/call-record.js';
import type { CallFacts, SensitiveFinding } from '../model/facts.js';
import type { Config } from '../config.js';
import { hostKey } from '../sources/url.js';
import { detectAuth, findCredentials } from './auth.js';
import { graphqlOperation } from './graphql.js';
import { extractValues } from './params.js';
import { isIgnored, type TemplateIndex } from './path-template.js';
import { rawSample } from './raw-sample.js';
import { redactValue } from './mask.js';
import { redactSample } from './redact.js';
import { detectSensitive } from './sensitive.js';
import { nonApiReason } from './static-assets.js';
import { userKeyFor } from './user-key.js';

export interface AnalyzerContext {
  cfg: Config;
  templates: TemplateIndex;
  /** Per-inventory salt for fingerprints. */
  salt: string;
  /** Used as the call time when the format has none (Postman): the analysis start. */
  fallbackTs: number;
  /** Endpoint keys that already have a sample (2xx preferred) in this run. */
  sampled: Map<string, 'any' | 'ok'>;
  /** `analyze --strict`: an entry with a schema warning is a skip (which fails the run). */
  strict?: boolean;
}

export type Analysis = { kind: 'call'; facts: CallFacts } | { kind: 'filtered'; reason: string };

export function endpointKey(host: string, method: string, template: string): string {
  return `${host}\t${method}\t${template}`;
}

function maskedPath(call: CallRecord, template: string, findings: SensitiveFinding[]): string {
  if (!findings.some((f) => f.location === 'request.path')) return call.path;
  const bad = new Set(findings.filter((f) => f.location === 'request.path').map((f) => f.param));
  if (bad.size === 0) return call.path;
  const tSegs = template.split('#')[0]!.split('/');
  return call.path
    .split('/')
    .map((seg, i) => {
      const t = tSegs[i] ?? '';
      const name = t.startsWith('{') ? t.slice(1, -1) : '';
      return name && bad.has(name) ? redactValue('secret', seg) : seg;
    })
    .join('/');
}

export function analyzeCall(call: CallRecord, ctx: AnalyzerContext): Analysis {
  if (!ctx.cfg.keepStatic) {
    const why = nonApiReason(call);
    if (why) return { kind: 'filtered', reason: why };
  }
  const host = hostKey(call.host, call.port);
  if (isIgnored(host, call.path, ctx.cfg)) return { kind: 'filtered', reason: 'ignored by config' };
  const resolved = ctx.templates.resolve(host, call.method, call.path);
  const op = graphqlOperation(call.method, call.path, call.query, call.requestBody);
  const template = op ? `${resolved.template}#${op}` : resolved.template;
  const values = extractValues(call, resolved.pathParams, resolved.template);
  const sensitive = detectSensitive(values, ctx.cfg);
  const creds = findCredentials(call, ctx.cfg);
  const auth = detectAuth(call, ctx.cfg, creds);
  const user = userKeyFor(call, auth, ctx.cfg, ctx.salt, creds);
  const ts = call.ts ?? ctx.fallbackTs;
  const facts: CallFacts = {
    ts,
    host,
    method: call.method,
    template,
    pathParams: resolved.pathParams,
    concretePath: maskedPath(call, resolved.template, sensitive),
    status: call.status,
    durationMs: call.durationMs,
    params: values,
    auth,
    user,
    sensitive,
    clientIp: call.clientIp,
    tags: call.tags,
  };
  const key = endpointKey(host, call.method, template);
  const had = ctx.sampled.get(key);
  const ok = call.status !== null && call.status >= 200 && call.status < 300;
  if (had === undefined || (had === 'any' && ok)) {
    facts.sample = ctx.cfg.unredactedSamples ? rawSample(call) : redactSample(call, sensitive, ctx.salt, ctx.cfg);
    ctx.sampled.set(key, ok ? 'ok' : 'any');
  }
  return { kind: 'call', facts };
}
