// The analyzer pipeline for one call: filter, template, GraphQL split, parameters, auth, user
// identity, sensitive data, redacted sample. Pure apart from the caches held in the context.

import { plausibleTime, type CallRecord } from '../model/call-record.js';
import type { CallFacts, ParamValue, SensitiveFinding } from '../model/facts.js';
import { isAuthorizationCodeGrant, isOAuthCodeResponse } from './auth-rules.js';
import type { Config } from '../config.js';
import { hostKey, safeDecode } from '../model/url.js';
import { detectAuth, findCredentials } from './auth.js';
import { graphqlOperation } from './graphql.js';
import { jsonRpcMethod } from './jsonrpc.js';
import { extractValues } from './params.js';
import { isIgnored } from './ignore-match.js';
import type { TemplateIndex } from './path-template.js';
import { rawSample } from './raw-sample.js';
import { fingerprint } from './fingerprint.js';
import { maskPathSegment, opaque, redactValue } from './mask.js';
import { redactSample } from './redact.js';
import { addFinding, detectSensitive, maskingConfig, withCredentials } from './sensitive.js';
import { nameFindings } from './value-names.js';
import { nonApiReason } from './static-assets.js';
import { userKeyFor } from './user-key.js';
import { bodyMediaType } from './media-type.js';

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

/** `cut`: a body had more values than are read (params.ts MAX_VALUES_PER_BODY); counted as truncated. */
export type Analysis = { kind: 'call'; facts: CallFacts; cut: boolean } | { kind: 'filtered'; reason: string };

export function endpointKey(host: string, method: string, template: string): string {
  return `${host}\t${method}\t${template}`;
}

/**
 * A sensitive path value as stored and shown (`show`'s values seen, the sample URL): masked, with a
 * fingerprint so distinct values stay distinct (`j***@e***.com~34078732`, `<token:fp:3f9a1c>`).
 */
function pathValueMask(type: string, value: string, salt: string): string {
  const shaped = redactValue(type, value);
  if (shaped !== value && !shaped.startsWith('<')) return `${shaped}~${fingerprint(value, salt).slice(0, 8)}`;
  const o = opaque(type, value, salt);
  return o.includes(':fp:') ? o : `<${type}:fp:${fingerprint(value, salt).slice(0, 6)}>`;
}

function hasValueNames(values: readonly ParamValue[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v.name === '*' && (v.location === 'request.query' || v.location === 'request.header' || v.location === 'response.header' || v.location === 'request.cookie')) return true;
  }
  return false;
}

/**
 * The path as called, each parameter with a finding masked (see pathValueMask), and any other
 * parameter value masked wherever the sample's masking would mask it (a card number that its
 * parameter's name, `{orderId}`, kept from being a finding is still no value to keep in clear).
 */
function maskedPath(call: CallRecord, template: string, findings: SensitiveFinding[], salt: string): string {
  let bad: Map<string, string> | null = null;
  for (const f of findings) if (f.location === 'request.path' && !(bad ??= new Map()).has(f.param)) bad.set(f.param, f.type);
  if (template.indexOf('{') === -1) return call.path;
  const tSegs = template.split('#')[0]!.split('/');
  let changed = false;
  const segs = call.path.split('/');
  for (let i = 0; i < segs.length; i++) {
    const t = tSegs[i] ?? '';
    if (!t.startsWith('{')) continue;
    const seg = segs[i]!;
    const type = bad?.get(t.slice(1, t.indexOf('}')));
    let out: string;
    if (type !== undefined) out = pathValueMask(type, seg.includes('%') ? safeDecode(seg) : seg, salt);
    else if (seg.length < 6) continue; // shorter than any shape the masking looks for (`a@b.co`)
    else {
      out = maskPathSegment(seg, salt);
      if (out !== seg && !out.includes(':fp:')) out = `${out}~${fingerprint(seg.includes('%') ? safeDecode(seg) : seg, salt).slice(0, 8)}`;
    }
    if (out !== seg) {
      segs[i] = out;
      changed = true;
    }
  }
  return changed ? segs.join('/') : call.path;
}

/**
 * The findings path values are masked by: the call's, plus, when the config switches types off, the
 * path values' types under all rules (a switched-off type is not reported, but never kept in clear).
 */
function pathMaskFindings(values: readonly ParamValue[], findings: SensitiveFinding[], cfg: Config): SensitiveFinding[] {
  if (cfg.sensitive.disable.length === 0) return findings;
  const path = values.filter((v) => v.location === 'request.path');
  return path.length === 0 ? findings : findings.concat(detectSensitive(path, maskingConfig(cfg)));
}

export function analyzeCall(call: CallRecord, ctx: AnalyzerContext): Analysis {
  if (!ctx.cfg.keepStatic) {
    const why = nonApiReason(call);
    if (why) return { kind: 'filtered', reason: why };
  }
  const host = hostKey(call.host, call.port);
  if (isIgnored(host, call.path, ctx.cfg)) return { kind: 'filtered', reason: 'ignored by config' };
  const resolved = ctx.templates.resolve(host, call.method, call.path);
  const op = graphqlOperation(call.method, call.path, call.query, call.requestBody) ?? jsonRpcMethod(call.method, call.requestBody);
  const template = op ? `${resolved.template}#${op}` : resolved.template;
  const links: ParamValue[] = [];
  const cut = { bodies: false };
  const values = extractValues(call, resolved.pathParams, resolved.template, links, cut);
  const creds = findCredentials(call, ctx.cfg);
  // An HTML body's links are read for sensitive data, reported at their attribute, but are not parameters.
  const sensitive = withCredentials(detectSensitive(links.length === 0 ? values : values.concat(links), ctx.cfg), creds, ctx.cfg);
  // Names that are values became `*` in extractValues; only then are they looked up again for their types.
  if (hasValueNames(values)) nameFindings(call, ctx.cfg, sensitive);
  if (call.query.length > 1 && isOAuthCodeResponse(call.query)) addFinding(sensitive, ctx.cfg, 'request.query', 'code', 'token');
  const body = call.requestBody;
  if (body !== null && body.text.includes('authorization_code') && isAuthorizationCodeGrant(values)) addFinding(sensitive, ctx.cfg, 'request.body', '$.code', 'token');
  const auth = detectAuth(call, ctx.cfg, creds);
  const user = userKeyFor(call, auth, ctx.cfg, ctx.salt, creds);
  // Sources drop times they cannot vouch for; a time from elsewhere (a test, a future source) is checked too.
  const ts = call.ts !== null && plausibleTime(call.ts) ? call.ts : ctx.fallbackTs;
  const facts: CallFacts = {
    ts,
    host,
    method: call.method,
    template,
    pathParams: resolved.pathParams,
    concretePath: maskedPath(call, resolved.template, pathMaskFindings(values, sensitive, ctx.cfg), ctx.salt),
    status: call.status,
    durationMs: call.durationMs,
    params: values,
    auth,
    user,
    sensitive,
    clientIp: call.clientIp,
    tags: call.tags,
    cleartext: call.scheme === 'http' || call.scheme === 'ws',
    // Always set (maybe undefined): every CallFacts keeps one shape.
    requestMediaType: bodyMediaType(call.requestBody, call.requestHeaders),
    responseMediaType: bodyMediaType(call.responseBody, call.responseHeaders),
  };
  const key = endpointKey(host, call.method, template);
  const had = ctx.sampled.get(key);
  const ok = call.status !== null && call.status >= 200 && call.status < 300;
  if (had === undefined || (had === 'any' && ok)) {
    // The sample's URL starts from the path as stored: segments with a `request.path` finding already masked.
    const masked = facts.concretePath === call.path ? call : { ...call, path: facts.concretePath };
    facts.sample = ctx.cfg.unredactedSamples ? rawSample(call) : redactSample(masked, sensitive, ctx.salt, ctx.cfg);
    ctx.sampled.set(key, ok ? 'ok' : 'any');
  }
  return { kind: 'call', facts, cut: cut.bodies };
}
