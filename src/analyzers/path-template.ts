// Turns concrete paths into endpoint templates (`/users/42` -> `/users/{userId}`): config pins and forced
// templates first, id-like segments on first sight, plain words only where an evidence merge made a parameter.

import type { Config } from '../config.js';
import type { PathParam } from '../model/facts.js';
import { baseName, paramName } from './param-names.js';
import { contextKind } from './path-secrets.js';
import { classifySegment, hasBothCases, isEvidenceClass, type SegmentClass } from './segment.js';
import { templateKey } from '../model/template-key.js';
import { matchesForced, parseForced, pathSegments, pinnedLength, WHOLE_PARAM, type Forced } from './path-config.js';

export { pathSegments, pinnedLength, templateKey };

export interface Resolution {
  template: string;
  pathParams: PathParam[];
  /** The path as called, with email and token segments masked (`<email>`, `<token>`). */
  concretePath: string;
}

/** Parameter types an evidence merge produces; only these may absorb a new plain word at resolve time. */
export const EVIDENCE_TYPES: ReadonlySet<string> = new Set(['string', 'locale']);


interface FirstSight {
  res: Resolution;
  /** The template with every placeholder as '{}'. */
  key: string;
  /** Per segment: a plain word an evidence template may absorb; null when there is none. */
  mergeable: boolean[] | null;
  /** Forced or pinned: the user decided, nothing may override it. */
  fixed: boolean;
}

const MASK: Partial<Record<string, string>> = { email: '<email>', base64url: '<token>' };

function escapeLiteral(seg: string): string {
  return seg.indexOf('{') === -1 && seg.indexOf('}') === -1 ? seg : seg.replace(/\{/g, '%7B').replace(/\}/g, '%7D');
}

/** Calendar runs like `/2024/03/04` read as year/month/day rather than three ids. */
function dateRunAt(segs: readonly string[], classes: readonly SegmentClass[], i: number): number {
  const y = segs[i]!;
  if (classes[i]!.kind !== 'integer' || classes[i]!.suffix !== undefined || y.length !== 4 || +y < 1900 || +y > 2199) return 0;
  const small = (j: number, max: number): boolean => {
    const s = segs[j];
    const c = classes[j];
    return s !== undefined && c?.kind === 'integer' && c.suffix === undefined && s.length <= 2 && +s >= 1 && +s <= max;
  };
  if (!small(i + 1, 12)) return 1;
  return small(i + 2, 31) ? 3 : 2;
}

const DATE_PARTS = ['year', 'month', 'day'];

const VERSION_PARENTS: ReadonlySet<string> = new Set(['api', 'apis', 'rest']);

/**
 * API versions that look like ids or dates: `/2/tweets` (Twitter), `/3/movie` (TMDB), `/rest/api/3/issue`
 * (Jira), `/2010-04-01/Accounts` (Twilio), `/admin/api/2024-01/products` (Shopify). Only at the start of
 * the path or right after `api`/`rest`, and only with more segments after them.
 */
function isVersionPosition(segs: readonly string[], i: number, c: SegmentClass): boolean {
  if (i === segs.length - 1 || c.suffix !== undefined) return false;
  const seg = segs[i]!;
  const shaped = (c.kind === 'integer' && seg.length === 1) || (c.kind === 'date' && seg.length <= 10);
  return shaped && (i === 0 || VERSION_PARENTS.has(segs[i - 1]!.toLowerCase()));
}

const SLACK_TEAM_RE = /^T[A-Z0-9]{8,12}$/;
const SLACK_BOT_RE = /^B[A-Z0-9]{8,12}$/;

/** Slack's incoming webhook `/services/T.../B.../<secret>`: the third segment is the hook's secret, not an id. */
function isSlackHookSecret(segs: readonly string[], i: number): boolean {
  return i >= 3 && segs[i - 3] === 'services' && SLACK_BOT_RE.test(segs[i - 1]!) && SLACK_TEAM_RE.test(segs[i - 2]!);
}

interface SightContext {
  pins: readonly string[][];
  forced: readonly Forced[];
  /** Memo of baseName per literal: literals repeat across paths, ids do not. */
  bases: Map<string, string | null>;
  /** One shared template string and parameter list per shape, so cached paths retain little. */
  shapes: Map<string, Shape>;
  cacheSize: number;
}

interface Shape {
  template: string;
  key: string;
  pathParams: PathParam[];
}

function internShape(ctx: SightContext, template: string, key: string, params: PathParam[]): Shape {
  let id = template;
  for (const p of params) id += '\u0000' + p.type;
  let shape = ctx.shapes.get(id);
  if (shape === undefined) {
    shape = { template, key, pathParams: Object.freeze(params) as PathParam[] };
    setBounded(ctx.shapes, id, shape, ctx.cacheSize);
  }
  return shape;
}

function literalBase(ctx: SightContext, seg: string): string | null {
  let b = ctx.bases.get(seg);
  if (b === undefined) {
    b = baseName(seg);
    setBounded(ctx.bases, seg, b, ctx.cacheSize);
  }
  return b;
}

const LETTERS = /^[A-Za-z]+$/;
const TOKEN_CLASS: SegmentClass = Object.freeze({ kind: 'base64url', templateOnSight: true });

function firstSight(path: string, ctx: SightContext): FirstSight {
  const segs = pathSegments(path);
  const pinned = ctx.pins.length === 0 ? 0 : pinnedLength(ctx.pins, segs);
  if (pinned < segs.length) {
    for (const f of ctx.forced) {
      if (!matchesForced(f, segs, pinned)) continue;
      const res = Object.freeze({ template: f.template, pathParams: Object.freeze(f.pathParams) as PathParam[], concretePath: path });
      return { res, key: templateKey(f.template), mergeable: null, fixed: true };
    }
  }
  const classes = segs.map(classifySegment);
  // After a one-time link's word (`/password-reset/<token>`), mixed-case letters are its token even when
  // they read as a word: random letters sometimes look like camelCase, and a token kept literal would be
  // printed everywhere.
  for (let i = 1; i < segs.length; i++) {
    if (classes[i]!.kind === 'word' && segs[i]!.length >= 16 && LETTERS.test(segs[i]!) && hasBothCases(segs[i]!) && contextKind(segs[i - 1]!) === 1) classes[i] = TOKEN_CLASS;
  }
  let template = '';
  let key = '';
  const params: PathParam[] = [];
  let mergeable: boolean[] | null = null;
  let masked: string[] | null = null;
  let base: string | null = null;
  let dateLeft = 0;
  let datePart = 0;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const c = classes[i]!;
    if (i < pinned || !c.templateOnSight || isVersionPosition(segs, i, c)) {
      const lit = escapeLiteral(seg);
      template += '/' + lit;
      key += '/' + lit;
      if (c.kind === 'word') base = literalBase(ctx, seg);
      // A version or locale between a noun and its value (`/password-reset/v2/{id}`, `/verify/en-US/{id}`)
      // does not name the value: the noun before it still does.
      else if (c.kind !== 'empty' && c.kind !== 'version' && c.kind !== 'locale') base = null;
      if (i >= pinned && isEvidenceClass(c.kind) && c.constant !== true) (mergeable ??= segs.map(() => false))[i] = true;
      continue;
    }
    if (dateLeft <= 0) {
      dateLeft = dateRunAt(segs, classes, i);
      datePart = dateLeft > 1 ? 0 : -1;
    }
    dateLeft--;
    let name: string;
    let type: string = c.kind;
    if (datePart >= 0) name = DATE_PARTS[datePart++]!;
    else if (c.kind === 'placeholder') {
      // Declared by the input (`:project`, `{project}` in a collection): not evidence that every word
      // at this position is a value, so a static sibling (`/projects/hierarchy`) stays itself.
      name = c.name!;
      type = 'declared';
    } else if (isSlackHookSecret(segs, i)) name = 'webhookToken';
    else name = paramName(base, c.kind);
    for (let k = 2, wanted = name; params.some((p) => p.name === name); k++) name = wanted + k;
    params.push({ name, type });
    const suffix = c.suffix === undefined ? '' : escapeLiteral(c.suffix);
    template += `/{${name}}${suffix}`;
    key += `/{}${suffix}`;
    const mask = MASK[c.kind];
    if (mask !== undefined) (masked ??= segs.slice())[i] = mask + suffix;
  }
  if (template === '') template = key = '/';
  const concretePath = masked === null ? path : '/' + masked.join('/') + (path.length > 1 && path.endsWith('/') ? '/' : '');
  const shape = internShape(ctx, template, key, params);
  const res = Object.freeze({ template: shape.template, pathParams: shape.pathParams, concretePath });
  return { res, key: shape.key, mergeable, fixed: pinned > 0 && pinned === segs.length };
}

// ---- the index of known templates ----

interface Known {
  template: string;
  pathParams: PathParam[];
  keySegs: string[];
  /** Positions holding an evidence parameter (type string/locale), null when none. */
  evidence: boolean[] | null;
  /** Per position, the values an evidence parameter was seen with (stored path values), when known. */
  values: (ReadonlySet<string> | undefined)[] | null;
  paramCount: number;
}

interface HostMethod {
  byKey: Map<string, Known>;
  /** Known templates with evidence parameters, by segment count. */
  evidence: Map<number, Known[]>;
  evidenceCount: number;
  /** Step-3 results per concrete path; cleared whenever evidence templates change. */
  evCache: Map<string, Resolution | null>;
  /** Paths whose first-sight shape is known under other placeholder names. */
  alias: Map<string, Resolution>;
}

function parseKnown(template: string, pathParams: PathParam[], pathValues?: Record<string, string[]>): Known {
  const segs = pathSegments(template);
  const keySegs: string[] = [];
  let evidence: boolean[] | null = null;
  let values: (ReadonlySet<string> | undefined)[] | null = null;
  let pi = 0;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if (seg.indexOf('{') === -1) {
      keySegs.push(seg);
      continue;
    }
    const p = pathParams[pi++];
    if (WHOLE_PARAM.test(seg) && p !== undefined && EVIDENCE_TYPES.has(p.type)) {
      (evidence ??= segs.map(() => false))[i] = true;
      const seen = pathValues?.[p.name];
      if (seen !== undefined) (values ??= segs.map(() => undefined))[i] = new Set(seen);
    }
    keySegs.push(templateKey(seg));
  }
  return { template, pathParams: Object.freeze(pathParams.slice()) as PathParam[], keySegs, evidence, values, paramCount: pi };
}

function sameParams(a: readonly PathParam[], b: readonly PathParam[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i]!.name && p.type === b[i]!.type);
}

function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (map.size >= max) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}

/**
 * Per host+method knowledge of endpoint templates. Load it with every stored template, `add` new ones as
 * they appear, and `resolve` each call's path. Results are shared frozen objects: do not mutate them.
 */
export class TemplateIndex {
  private readonly sight: SightContext;
  private readonly firstSights = new Map<string, FirstSight>();
  private readonly hosts = new Map<string, Map<string, HostMethod>>();
  /** Per host, `method\0path` -> another method's evidence template (see crossMethod); cleared on any change there. */
  private readonly cross = new Map<string, Map<string, Resolution | null>>();

  constructor(cfg: Config, private readonly cacheSize = 50_000) {
    const pins = cfg.templates.pins.map(pathSegments).filter((p) => p.length > 0);
    // Most literal segments first, single-segment parameters before rest ones, then config order.
    const forced = cfg.templates.force
      .map(parseForced)
      .map((f, order) => ({ f, order }))
      .sort((a, b) => b.f.literalCount - a.f.literalCount || Number(a.f.rest) - Number(b.f.rest) || a.order - b.order)
      .map((x) => x.f);
    this.sight = { pins, forced, bases: new Map(), shapes: new Map(), cacheSize };
  }

  /** Registers a known template. A second spelling of the same shape keeps the first (names stay stable). */
  /** `pathValues`: what a merged (evidence) parameter was seen with, by name; another method's literal joins it only with one of those. */
  add(host: string, method: string, template: string, pathParams: PathParam[], pathValues?: Record<string, string[]>): void {
    let methods = this.hosts.get(host);
    if (methods === undefined) this.hosts.set(host, (methods = new Map()));
    let hm = methods.get(method);
    if (hm === undefined) methods.set(method, (hm = { byKey: new Map(), evidence: new Map(), evidenceCount: 0, evCache: new Map(), alias: new Map() }));
    const key = templateKey(template);
    const old = hm.byKey.get(key);
    if (old !== undefined && (old.template !== template || sameParams(old.pathParams, pathParams))) return;
    this.cross.delete(host);
    const known = parseKnown(template, pathParams, pathValues);
    if (old !== undefined) this.dropEvidence(hm, old);
    hm.byKey.set(key, known);
    if (known.evidence !== null) {
      const n = known.keySegs.length;
      const list = hm.evidence.get(n) ?? [];
      list.push(known);
      hm.evidence.set(n, list);
      hm.evidenceCount++;
      hm.evCache.clear();
    }
    if (old !== undefined) hm.alias.clear();
  }

  /** Forgets a template, e.g. one that a merge plan folded into another. */
  remove(host: string, method: string, template: string): void {
    const hm = this.hosts.get(host)?.get(method);
    const key = templateKey(template);
    const old = hm?.byKey.get(key);
    if (hm === undefined || old === undefined || old.template !== template) return;
    this.cross.delete(host);
    hm.byKey.delete(key);
    this.dropEvidence(hm, old);
    hm.alias.clear();
  }

  private dropEvidence(hm: HostMethod, k: Known): void {
    if (k.evidence === null) return;
    const list = hm.evidence.get(k.keySegs.length);
    const at = list?.indexOf(k) ?? -1;
    if (list === undefined || at === -1) return;
    list.splice(at, 1);
    hm.evidenceCount--;
    hm.evCache.clear();
  }

  /**
   * The template for one call: (1) pins and forced templates, (2) id-like segments on first sight, named
   * from context, under the known spelling when the shape is known, (3) otherwise a known evidence template
   * when this path differs from it only by plain words (never `me`/`search`/... or pinned paths) where it
   * has a string parameter, (4) when this method has neither the shape nor such a template, another
   * method's evidence template on the same host (see crossMethod).
   */
  resolve(host: string, method: string, path: string): Resolution {
    let fs = this.firstSights.get(path);
    if (fs === undefined) {
      fs = firstSight(path, this.sight);
      setBounded(this.firstSights, path, fs, this.cacheSize);
    }
    if (fs.fixed) return fs.res;
    const methods = this.hosts.get(host);
    if (methods === undefined) return fs.res;
    const hm = methods.get(method);
    // A path whose own shape is a known endpoint stays there: a literal beside an evidence template
    // (`/colors/palette` beside `/colors/{colorName}`) is one the merge step kept apart.
    const known = hm?.byKey.get(fs.key);
    if (known === undefined && fs.mergeable !== null) {
      if (hm !== undefined && hm.evidenceCount > 0) {
        let r = hm.evCache.get(path);
        if (r === undefined) {
          r = matchEvidence(hm, fs);
          setBounded(hm.evCache, path, r, this.cacheSize);
        }
        if (r !== null) return r;
      }
      if (methods.size > (hm === undefined ? 0 : 1)) {
        const r = this.crossMethod(host, methods, method, hm, path, fs);
        if (r !== null) return r;
      }
    }
    if (hm === undefined || known === undefined || known.template === fs.res.template) return fs.res;
    let r = hm.alias.get(path);
    if (r === undefined) {
      r = Object.freeze({ template: known.template, pathParams: known.pathParams, concretePath: fs.res.concretePath });
      setBounded(hm.alias, path, r, this.cacheSize);
    }
    return r;
  }

  /**
   * A position another method proved to hold values (`GET /products/{productName}`) holds them for this
   * method too, for the words that method saw there (`PUT /products/shoes` -> `PUT /products/{productName}`,
   * the same name, or this method's own evidence template of that shape), unless this method declared a
   * template of that shape (its own rules decide) or the other method keeps this very path literal beside
   * its template.
   */
  private crossMethod(host: string, methods: Map<string, HostMethod>, method: string, own: HostMethod | undefined, path: string, fs: FirstSight): Resolution | null {
    let cache = this.cross.get(host);
    const ck = method + '\u0000' + path;
    const hit = cache?.get(ck);
    if (hit !== undefined) return hit;
    let best: Known | null = null;
    for (const [m, other] of methods) {
      if (m === method || other.evidenceCount === 0 || other.byKey.has(fs.key)) continue;
      // Only words the proving method saw as values there: `PUT /products/shoes` joins `GET /products/{productName}`
      // when GET had `/products/shoes`; `DELETE /products/cache` or `POST /jobs/start` never do.
      // A template of that shape this method declared (`PUT /colors/{hue}`) leaves the word to its own rules.
      const k = bestEvidence(other, fs, (c, keySegs) => {
        const mine = own?.byKey.get(templateKey(c.template));
        return (mine === undefined || mine.evidence !== null) && seenThere(c, keySegs);
      });
      if (k !== null && (best === null || moreSpecific(k, best))) best = k;
    }
    // This method's own evidence template of that shape, under its own names, when it has one.
    if (best !== null) best = own?.byKey.get(templateKey(best.template)) ?? best;
    const r = best === null ? null : Object.freeze({ template: best.template, pathParams: best.pathParams, concretePath: fs.res.concretePath });
    if (cache === undefined) this.cross.set(host, (cache = new Map()));
    setBounded(cache, ck, r, this.cacheSize);
    return r;
  }
}

/** Every word of the path (`keySegs`, its shape) where `k` has an evidence parameter is one that parameter was seen with. */
function seenThere(k: Known, keySegs: readonly string[]): boolean {
  if (k.values === null) return false;
  for (let i = 0; i < k.keySegs.length; i++) {
    if (k.keySegs[i] === keySegs[i]) continue;
    if (k.values[i]?.has(keySegs[i]!) !== true) return false;
  }
  return true;
}

const moreSpecific = (k: Known, than: Known): boolean => k.paramCount < than.paramCount || (k.paramCount === than.paramCount && k.template < than.template);

/**
 * The most specific known evidence template that this path fits by substituting words its parameter
 * was seen with. Other words stay literal for now: the merge step after the run decides whether they
 * join it, comparing their parameters with the template's, as it does when both arrive in one run.
 * So a capture split over several runs gets the templates it gets in one (`/colors/palette` beside
 * `/colors/{colorName}`).
 */
function matchEvidence(hm: HostMethod, fs: FirstSight): Resolution | null {
  const best = bestEvidence(hm, fs, seenThere);
  if (best === null) return null;
  return Object.freeze({ template: best.template, pathParams: best.pathParams, concretePath: fs.res.concretePath });
}

function bestEvidence(hm: HostMethod, fs: FirstSight, accept?: (k: Known, keySegs: readonly string[]) => boolean): Known | null {
  const keySegs = pathSegments(fs.key);
  const candidates = hm.evidence.get(keySegs.length);
  if (candidates === undefined) return null;
  let best: Known | null = null;
  for (const k of candidates) {
    let substituted = false;
    let ok = true;
    for (let i = 0; i < k.keySegs.length && ok; i++) {
      if (k.keySegs[i] === keySegs[i]) continue;
      ok = k.evidence![i] === true && fs.mergeable![i] === true;
      substituted = true;
    }
    if (!ok || !substituted || (accept !== undefined && !accept(k, keySegs))) continue;
    if (best === null || moreSpecific(k, best)) best = k;
  }
  return best;
}
