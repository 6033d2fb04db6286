import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../bench/traffic-model.js';
import { InputError, UsageError } from '../../src/errors.js';
import type { InventoryDoc, InventoryEndpoint } from '../../src/model/inventory.js';
import { renderOpenApi } from '../../src/render/openapi.js';
import { parseInventoryJson } from '../../src/views/inventory-json.js';
import { buildOpenApi } from '../../src/views/openapi.js';
import { literalFits, specDiff, specDiffShouldFail, type SpecDiffView } from '../../src/views/spec-diff.js';
import { loadSpec, type LoadedSpec, type SpecOperation, type SpecParamSchema } from '../../src/views/spec-load.js';

const fixturePath = (name: string): string => new URL(`../../fixtures/openapi/${name}`, import.meta.url).pathname;
const inventory = (name: string): InventoryDoc => parseInventoryJson(readFileSync(fixturePath(name), 'utf8'), name);
const of = (view: SpecDiffView, kind: string): string[] =>
  view.entries.filter((e) => e.kind === kind).map((e) => `${e.method} ${e.path}${kind === 'undocumented-param' ? ` ${e.detail}` : ''}`);

describe('loadSpec', () => {
  it('reads YAML with $refs and applies the servers path prefix', async () => {
    const spec = await loadSpec(fixturePath('shop-spec.yaml'));
    expect(spec.version).toBe('3.0.3');
    expect(spec.title).toBe('Shop API');
    expect(spec.operations.map((o) => `${o.method} ${o.host} ${o.path}`)).toEqual([
      'GET api.shop.test /api/v1/legacy/export',
      'GET api.shop.test /api/v1/orders',
      'POST api.shop.test /api/v1/orders',
      'GET api.shop.test /api/v1/orders/{orderId}',
      'GET api.shop.test /api/v1/users/me',
      'GET api.shop.test /api/v1/users/{id}',
    ]);
    const user = spec.operations.find((o) => o.specPath === '/users/{id}');
    // The path-item $ref resolved to the integer id; the apiKey scheme documents its header.
    expect(user?.params).toEqual([
      { location: 'path', name: 'id', schema: { type: 'integer' } },
      { location: 'header', name: 'X-API-Key' },
    ]);
  });

  it('names a $ref file that cannot be read, not the spec that refers to it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'akto-rt-refs-'));
    const main = join(dir, 'main.yaml');
    writeFileSync(main, 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /health:\n    $ref: "./parts/missing.yaml#/health"\n');
    await expect(loadSpec(main, 'main.yaml')).rejects.toThrow('main.yaml: a $ref points to parts/missing.yaml, which cannot be read');
  });

  it('reads Swagger 2.0 with host and basePath', async () => {
    const spec = await loadSpec(fixturePath('swagger2-spec.json'));
    expect(spec.version).toBe('2.0');
    expect(spec.operations.map((o) => `${o.method} ${o.host} ${o.path}`)).toEqual([
      'GET legacy.shop.test:8443 /v1/reports',
      'GET legacy.shop.test:8443 /v1/users',
      'GET legacy.shop.test:8443 /v1/users/{id}',
    ]);
  });

  it('spells server hosts as captured hosts are stored: punycode, RFC 5952 IPv6, no empty or default port', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'akto-rt-hosts-'));
    const servers = ['https://bücher.example', 'http://[2001:DB8:0:0:0:0:0:1]:8080/v2', 'https://API.example.com.:443', 'http://plain.example:'];
    writeFileSync(join(dir, 's.yaml'), `openapi: 3.0.3\ninfo: {title: t, version: "1"}\nservers: [${servers.map((u) => `{url: "${u}"}`).join(', ')}]\npaths:\n  /a:\n    get: {responses: {"200": {description: ok}}}\n`);
    const spec = await loadSpec(join(dir, 's.yaml'));
    expect(spec.operations.map((o) => `${o.host} ${o.path}`).sort()).toEqual([
      '[2001:db8::1]:8080 /v2/a',
      'api.example.com /a',
      'plain.example /a',
      'xn--bcher-kva.example /a',
    ]);
    writeFileSync(join(dir, 'w.json'), JSON.stringify({ swagger: '2.0', info: { title: 't', version: '1' }, host: 'Bücher.example:443', paths: { '/a': { get: { responses: { 200: { description: 'ok' } } } } } }));
    expect((await loadSpec(join(dir, 'w.json'))).operations.map((o) => o.host)).toEqual(['xn--bcher-kva.example']);
  });

  it('rejects missing, malformed and non-spec files with InputError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'akto-rt-spec-'));
    writeFileSync(join(dir, 'bad.yaml'), 'openapi: [3.1\n  paths: {');
    writeFileSync(join(dir, 'other.json'), '{"kind":"akto-rt/inventory","endpoints":[]}');
    writeFileSync(join(dir, 'old.json'), '{"openapi":"4.0.0","info":{"title":"x","version":"1"},"paths":{}}');
    await expect(loadSpec(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read the file/);
    await expect(loadSpec(join(dir, 'bad.yaml'))).rejects.toBeInstanceOf(InputError);
    await expect(loadSpec(join(dir, 'bad.yaml'))).rejects.toThrow(/bad\.yaml: not a readable OpenAPI\/Swagger document: Error parsing the file: /);
    await expect(loadSpec(join(dir, 'other.json'))).rejects.toBeInstanceOf(InputError);
    await expect(loadSpec(join(dir, 'old.json'))).rejects.toThrow(/Unsupported OpenAPI version: 4.0.0/);
    writeFileSync(join(dir, 'garbage.json'), 'this is not a spec at all');
    await expect(loadSpec(join(dir, 'garbage.json'))).rejects.toThrow(/garbage\.json: not a readable OpenAPI\/Swagger document: it is not a JSON or YAML object/);
  });

  it('spells spec paths as captured paths are stored (a space, non-ASCII)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'akto-rt-spec-'));
    const file = join(dir, 'spaced.json');
    writeFileSync(file, JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/my orders/café': { get: { responses: { '200': { description: 'ok' } } } } } }));
    expect((await loadSpec(file)).operations.map((o) => o.path)).toEqual(['/my%20orders/caf%C3%A9']);
  });

  it('uses server URL variables and relative servers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'akto-rt-spec-'));
    const file = join(dir, 'vars.json');
    writeFileSync(file, JSON.stringify({
      openapi: '3.1.0', info: { title: 't', version: '1' },
      servers: [{ url: 'https://{env}.shop.test:{port}/{base}', variables: { env: { default: 'api' }, port: { default: '443' }, base: { default: 'v2' } } }],
      paths: { '/a': { get: { responses: { '200': { description: 'ok' } } }, servers: [{ url: '/internal' }] }, '/b': { get: { responses: { '200': { description: 'ok' } } } } },
    }));
    const spec = await loadSpec(file);
    expect(spec.operations.map((o) => `${o.host} ${o.path}`)).toEqual(['null /internal/a', 'api.shop.test /v2/b']);
  });

  it('reads a Postman variable left in a server URL ({{url}}) as a variable: no host, the path prefix kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'akto-rt-spec-'));
    const file = join(dir, 'postman-vars.json');
    writeFileSync(file, JSON.stringify({
      openapi: '3.0.3', info: { title: 't', version: '1' },
      servers: [{ url: 'https://{{url}}/v1' }, { url: 'https://{{ env }}.shop.test', variables: { env: { default: 'api' } } }],
      paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } },
    }));
    const spec = await loadSpec(file);
    // The first was read as host `}`.
    expect(spec.operations.map((o) => `${o.host} ${o.path}`).sort()).toEqual(['api.shop.test /a', 'null /v1/a']);
  });
});

describe('literalFits', () => {
  it.each([
    [{ type: 'string' }, 'me', true],
    [{ type: 'integer' }, 'me', false],
    [{ type: 'integer' }, '42', true],
    [{ type: 'string', format: 'uuid' }, 'me', false],
    [{ type: 'string', format: 'uuid' }, '3f0c7e1a-9b1d-4c8e-9a7b-2d7f1c0e5a11', true],
    [{ type: 'string', pattern: '^[0-9]+$' }, 'me', false],
    [{ type: 'string', enum: ['me', 'self'] }, 'me', true],
    [{ type: ['integer', 'string'] }, 'me', true],
    [undefined, 'me', true],
  ])('%j accepts %s: %s', (schema, value, expected) => {
    expect(literalFits(schema, value)).toBe(expected);
  });
});

describe('specDiff', () => {
  it('finds exactly the planted shadow, zombie and undocumented endpoints', async () => {
    const view = specDiff(inventory('traffic-inventory.json'), await loadSpec(fixturePath('shop-spec.yaml')), {});
    expect(of(view, 'shadow')).toEqual(['GET /api/v1/internal/metrics', 'GET /api/v1/orders/export', 'GET /api/v2/users/{id}']);
    expect(of(view, 'zombie')).toEqual(['GET /api/v1/legacy/export']);
    expect(of(view, 'undocumented-param')).toEqual(['GET /api/v1/orders request.query debug']);
    expect(of(view, 'documented')).toEqual([
      'GET /api/v1/orders',
      'POST /api/v1/orders',
      'GET /api/v1/orders/{orderId}',
      'GET /api/v1/users/me',
      'GET /api/v1/users/{userId}',
    ]);
    expect(view.entries.find((e) => e.path === '/api/v1/users/me')?.detail).toBe('documented as GET /api/v1/users/me');
    // The third-party host is outside the spec's servers and says so instead of showing up as shadow.
    expect(view.notes).toEqual([expect.stringContaining('ignored cdn.thirdparty.test')]);
  });

  it('matches a literal segment to a spec parameter only when its schema allows it', () => {
    const spec = (schema: object): LoadedSpec => ({
      file: 's', version: '3.1.0', title: '',
      operations: [{ id: 'GET /users/{id}', host: null, method: 'GET', path: '/users/{id}', specPath: '/users/{id}', params: [{ location: 'path', name: 'id', schema }] }],
    });
    const doc = inventory('traffic-inventory.json');
    const me: InventoryDoc = { ...doc, endpoints: [{ ...doc.endpoints[1]!, path: '/users/me' }] };
    expect(of(specDiff(me, spec({ type: 'string' }), {}), 'documented')).toEqual(['GET /users/me']);
    expect(of(specDiff(me, spec({ type: 'integer' }), {}), 'shadow')).toEqual(['GET /users/me']);
    expect(of(specDiff(me, spec({ type: 'string', format: 'uuid' }), {}), 'shadow')).toEqual(['GET /users/me']);
    const slash: InventoryDoc = { ...doc, endpoints: [{ ...doc.endpoints[1]!, path: '/users/me/' }] };
    expect(of(specDiff(slash, spec({ type: 'string' }), {}), 'documented')).toEqual(['GET /users/me/']);
  });

  it('every enum value of a server variable is a documented server; deepObject members are documented by their object', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'akto-rt-spec-'));
    const file = join(dir, 'vars.json');
    writeFileSync(
      file,
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'vars', version: '1' },
        servers: [
          { url: 'https://{env}.shop.test/v1', variables: { env: { default: 'api', enum: ['api', 'staging'] } } },
          { url: 'https://{region}.api.test/{version}', variables: { region: { default: 'us', enum: ['us', 'eu'] }, version: { default: 'v1', enum: ['v1', 'v2'] } } },
        ],
        paths: {
          '/admin/cache': { get: { responses: { 200: { description: 'ok' } } } },
          '/things': { get: { parameters: [{ name: 'filter', in: 'query', style: 'deepObject', schema: { type: 'object' } }], responses: { 200: { description: 'ok' } } } },
        },
      }),
    );
    const base = inventory('traffic-inventory.json').endpoints[1]!;
    const ep = (host: string, path: string, params: InventoryDoc['endpoints'][number]['params'] = []) => ({ ...base, host, path, params });
    const q = (name: string) => ({ location: 'request.query' as const, name, types: ['string' as const], required: true, sensitiveTypes: [] });
    const doc: InventoryDoc = {
      ...inventory('traffic-inventory.json'),
      endpoints: [
        ep('staging.shop.test', '/v1/admin/cache'),
        ep('api.shop.test', '/v1/admin/cache'),
        ep('eu.api.test', '/v2/things', [q('filter[status]'), q('filter[owner]'), q('debug')]),
      ],
    };
    const view = specDiff(doc, await loadSpec(file), {});
    expect(of(view, 'documented').sort()).toEqual(['GET /v1/admin/cache', 'GET /v1/admin/cache', 'GET /v2/things']);
    expect(of(view, 'shadow')).toEqual([]);
    expect(of(view, 'undocumented-param')).toEqual(['GET /v2/things request.query debug']);
    expect(view.notes).toEqual([]);
  });

  it('works against Swagger 2.0 with basePath', async () => {
    const view = specDiff(inventory('swagger2-traffic.json'), await loadSpec(fixturePath('swagger2-spec.json')), {});
    expect(of(view, 'documented')).toEqual(['GET /v1/users', 'GET /v1/users/{userId}']);
    expect(of(view, 'shadow')).toEqual(['GET /v1/search']);
    expect(of(view, 'zombie')).toEqual(['GET /v1/reports']);
  });

  it('round trip: an inventory against its own OpenAPI export has no shadow, zombie or undocumented param', async () => {
    const doc = inventory('rich-inventory.json');
    const dir = mkdtempSync(join(tmpdir(), 'akto-rt-roundtrip-'));
    for (const [host, spec] of Object.entries(buildOpenApi(doc, {}))) {
      const file = join(dir, `${host}.yaml`);
      writeFileSync(file, renderOpenApi(spec, file));
      const view = specDiff(doc, await loadSpec(file), {});
      expect(view.entries.filter((e) => e.kind !== 'documented')).toEqual([]);
      expect(of(view, 'documented').length).toBe(doc.endpoints.filter((e) => e.host === host).length);
    }
  });

  it('round trip: a method OpenAPI cannot name (PURGE) keeps its parameters in the export', async () => {
    const doc = inventory('traffic-inventory.json');
    const base = doc.endpoints[1]!;
    const purge: InventoryDoc = {
      ...doc,
      endpoints: [{ ...base, method: 'PURGE', path: '/cache/item', params: [{ location: 'request.query', name: 'force', types: ['integer'], required: true, sensitiveTypes: [] }] }],
    };
    const dir = mkdtempSync(join(tmpdir(), 'akto-rt-purge-'));
    const file = join(dir, 'purge.json');
    writeFileSync(file, renderOpenApi(buildOpenApi(purge, {})[base.host]!, file));
    const view = specDiff(purge, await loadSpec(file), {});
    expect(of(view, 'documented')).toEqual(['PURGE /cache/item']);
    expect(of(view, 'undocumented-param')).toEqual([]);
  });

  it('--host picks the traffic and compares it by path whatever the servers say', async () => {
    const spec = await loadSpec(fixturePath('swagger2-spec.json'));
    const doc = inventory('swagger2-traffic.json');
    const moved: InventoryDoc = { ...doc, endpoints: doc.endpoints.map((e) => ({ ...e, host: 'localhost:8080' })) };
    expect(of(specDiff(moved, spec, { host: 'localhost:8080' }), 'documented')).toHaveLength(2);
    expect(specDiff(moved, spec, {}).notes[0]).toMatch(/no traffic for the spec's servers/);
    expect(() => specDiff(moved, spec, { host: 'nowhere' })).toThrow(UsageError);
  });

  it('gates on the listed kinds and rejects unknown ones', async () => {
    const view = specDiff(inventory('traffic-inventory.json'), await loadSpec(fixturePath('shop-spec.yaml')), { failOn: ['zombie'] });
    expect(view.failOn).toEqual(['zombie']);
    expect(specDiffShouldFail(view, ['zombie'])).toBe(true);
    expect(specDiffShouldFail(view, ['any'])).toBe(true);
    const clean: SpecDiffView = { ...view, entries: view.entries.filter((e) => e.kind === 'documented') };
    expect(specDiffShouldFail(clean, ['any'])).toBe(false);
    expect(() => specDiffShouldFail(view, ['documented'])).toThrow(/valid kinds: any, shadow, zombie, undocumented-param/);
  });
});

// ---- the linear scan spec-diff matched with before its operation index: the reference the index must agree with

function refIsPlaceholder(s: string): boolean {
  return s.length >= 2 && s.startsWith('{') && s.endsWith('}') && s.indexOf('{', 1) < 0;
}

function refSegments(path: string): string[] {
  return (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).split('/');
}

function refSegmentFits(spec: string, seen: string, op: SpecOperation): boolean {
  if (spec === seen) return true;
  const seenIsParam = seen.includes('{');
  const schema = op.params.find((p) => p.location === 'path' && p.name === spec.slice(1, -1))?.schema;
  if (refIsPlaceholder(spec)) return seenIsParam ? refIsPlaceholder(seen) : seen !== '' && literalFits(schema, seen);
  if (!spec.includes('{')) return false;
  if (seenIsParam) return spec.replace(/\{[^}]*\}/g, '{}') === seen.replace(/\{[^}]*\}/g, '{}');
  return new RegExp(`^${spec.split(/\{[^}]*\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+?')}$`).test(seen);
}

interface RefPrepared {
  op: SpecOperation;
  segs: string[];
  placeholders: number;
}

/**
 * Every operation tried in spec order; fewer placeholders, then the lower path, then the first listed
 * wins. HEAD traffic no HEAD operation covers is tried as GET.
 */
function refFindOperation(e: InventoryEndpoint, ops: readonly RefPrepared[], byHost: boolean, method = e.method.toUpperCase()): SpecOperation | null {
  const seen = refSegments(e.path.split('#')[0]!);
  let best: RefPrepared | null = null;
  for (const c of ops) {
    if (c.op.method !== method) continue;
    if (byHost && c.op.host !== null && c.op.host !== e.host) continue;
    if (c.segs.length !== seen.length || !c.segs.every((s, i) => refSegmentFits(s, seen[i]!, c.op))) continue;
    if (!best || c.placeholders < best.placeholders || (c.placeholders === best.placeholders && c.op.path < best.op.path)) best = c;
  }
  return best?.op ?? (method === 'HEAD' ? refFindOperation(e, ops, byHost, 'GET') : null);
}

/** The entries specDiff gives for endpoints without query/header/cookie params, from the reference matcher. */
function refEntries(endpoints: readonly InventoryEndpoint[], spec: LoadedSpec, byHost: boolean, host?: string): string[] {
  const out: string[] = [];
  const seenIds = new Set<string>();
  const ops = spec.operations.map((op) => {
    const segs = refSegments(op.path);
    return { op, segs, placeholders: segs.filter((s) => s.includes('{')).length };
  });
  for (const e of endpoints) {
    const at = `${e.host}|${e.method}|${e.path}`;
    const op = refFindOperation(e, ops, byHost);
    if (!op) {
      out.push(`shadow|${at}|not in the spec; ${e.calls} call${e.calls === 1 ? '' : 's'}`);
      continue;
    }
    seenIds.add(op.id);
    out.push(`documented|${at}|documented as ${op.method} ${op.path}`);
    const undeclared = refSegments(op.path).filter((s) => refIsPlaceholder(s) && !op.params.some((p) => p.location === 'path' && p.name === s.slice(1, -1)));
    for (const s of new Set(undeclared)) out.push(`undocumented-param|${at}|request.path ${s.slice(1, -1)} (placeholder not declared in the spec)`);
  }
  const zombies = new Set<string>();
  for (const op of spec.operations) {
    if (seenIds.has(op.id) || zombies.has(op.id)) continue;
    zombies.add(op.id);
    out.push(`zombie|${op.host ?? host ?? ''}|${op.method}|${op.path}|documented, never seen in traffic`);
  }
  return out.sort();
}

const entryKeys = (view: SpecDiffView): string[] => view.entries.map((e) => `${e.kind}|${e.host}|${e.method}|${e.path}|${e.detail}`).sort();

// Few distinct literals, so that many operations compete for the same traffic.
const LITERALS = ['', 'a', 'b', 'users', 'me', '42', 'v1', 'x.json'];
const MIXED = ['{id}.json', 'v{n}', '{a}-{b}', '{x'];
const SCHEMAS: (SpecParamSchema | undefined)[] = [undefined, { type: 'integer' }, { type: 'string' }, { enum: ['me', 'a'] }, { type: 'string', format: 'uuid' }, { type: 'string', pattern: '^[a-z]+$' }];

/** A random spec: literals, placeholders and mixed segments anywhere, all-placeholder paths, same paths listed twice, several servers. */
function randomSpec(rng: Rng, count: number, hosts: readonly (string | null)[]): LoadedSpec {
  const operations: SpecOperation[] = [];
  for (let k = 0; k < count; k++) {
    const prev = operations.length > 0 ? rng.pick(operations) : undefined;
    if (prev && rng.chance(0.05)) {
      operations.push({ ...prev, host: rng.pick(hosts) }); // one operation under another server
      continue;
    }
    let path: string;
    if (prev && rng.chance(0.1)) {
      path = prev.path; // another operation at the same path: ties are settled by spec order
    } else {
      const segs = Array.from({ length: rng.int(5) }, (_, j) => {
        const r = rng.next();
        return r < 0.55 ? rng.pick(LITERALS) : r < 0.85 ? `{p${j}}` : rng.pick(MIXED);
      });
      path = `${rng.chance(0.05) ? '' : '/'}${segs.join('/')}${rng.chance(0.1) ? '/' : ''}`;
    }
    const params: SpecOperation['params'] = [];
    for (const m of path.matchAll(/\{([^{}]*)\}/g)) {
      if (rng.chance(0.3)) continue; // a placeholder without a declared parameter
      const schema = rng.pick(SCHEMAS);
      params.push({ location: 'path', name: m[1]!, ...(schema ? { schema } : {}) });
    }
    operations.push({ id: `op${k}`, host: rng.pick(hosts), method: rng.pick(['GET', 'POST', 'PURGE', 'HEAD']), path, specPath: path, params });
  }
  return { file: 'random', version: '3.1.0', title: '', operations };
}

/** Random traffic, most of it near some operation's path: placeholders filled in or kept, segments changed or added. */
function randomTraffic(rng: Rng, count: number, spec: LoadedSpec, base: InventoryEndpoint): InventoryEndpoint[] {
  const fill = (s: string): string => {
    if (!s.includes('{')) return rng.chance(0.9) ? s : rng.pick(LITERALS);
    return rng.pick([...LITERALS, '7', '{q}', '1.json', 'v2', 'c-d', '{id}.json', '{x', '3f0c7e1a-9b1d-4c8e-9a7b-2d7f1c0e5a11']);
  };
  return Array.from({ length: count }, () => {
    const segs = rng.chance(0.7)
      ? refSegments(rng.pick(spec.operations).path).slice(1).map(fill)
      : Array.from({ length: rng.int(5) }, () => fill(rng.chance(0.6) ? rng.pick(LITERALS) : '{p}'));
    if (rng.chance(0.1)) segs.push(rng.pick(LITERALS));
    const path = `${rng.chance(0.05) ? '' : '/'}${segs.join('/')}${rng.chance(0.1) ? '/' : ''}${rng.chance(0.05) ? '#GetThing' : ''}`;
    return { ...base, host: rng.pick(['h1', 'h2', 'h3']), method: rng.pick(['GET', 'get', 'POST', 'PURGE', 'DELETE', 'HEAD']), path, calls: 1 + rng.int(2), params: [] };
  });
}

describe('specDiff operation index', () => {
  const base = inventory('traffic-inventory.json').endpoints[1]!;

  it('picks the most specific operation, then the lower path, then the one listed first', () => {
    const op = (id: string, path: string, params: SpecOperation['params'] = []): SpecOperation => ({ id, host: null, method: 'GET', path, specPath: path, params });
    const int = [{ location: 'path' as const, name: 'id', schema: { type: 'integer' } }];
    const spec: LoadedSpec = {
      file: 's', version: '3.1.0', title: '',
      operations: [op('b-a', '/{b}/{a}'), op('any', '/{a}/{b}'), op('user', '/users/{id}', int), op('mine', '/{x}/me'), op('me', '/users/me'), op('user-again', '/users/{id}', int)],
    };
    const doc: InventoryDoc = { ...inventory('traffic-inventory.json'), endpoints: ['/users/me', '/users/7', '/orders/me', '/orders/7', '/users/x'].map((path) => ({ ...base, host: 'h', path, params: [] })) };
    const documented = specDiff(doc, spec, {}).entries.filter((e) => e.kind === 'documented').map((e) => `${e.path} ${e.detail}`);
    expect(documented).toEqual([
      '/orders/7 documented as GET /{a}/{b}',
      '/orders/me documented as GET /{x}/me',
      '/users/7 documented as GET /users/{id}',
      '/users/me documented as GET /users/me',
      '/users/x documented as GET /{a}/{b}',
    ]);
    expect(of(specDiff(doc, spec, {}), 'zombie')).toEqual(['GET /users/{id}', 'GET /{b}/{a}']);
  });

  it('covers HEAD traffic by the GET operation unless the spec lists HEAD itself', () => {
    const op = (id: string, method: string, path: string): SpecOperation => ({ id, host: null, method, path, specPath: path, params: path.includes('{id}') ? [{ location: 'path', name: 'id' }] : [] });
    const spec: LoadedSpec = { file: 's', version: '3.1.0', title: '', operations: [op('get-a', 'GET', '/a/{id}'), op('head-b', 'HEAD', '/b'), op('get-b', 'GET', '/b'), op('post-c', 'POST', '/c')] };
    const doc: InventoryDoc = {
      ...inventory('traffic-inventory.json'),
      endpoints: [['HEAD', '/a/7'], ['HEAD', '/b'], ['HEAD', '/c']].map(([method, path]) => ({ ...base, host: 'h', method: method!, path: path!, params: [] })),
    };
    const view = specDiff(doc, spec, {});
    expect(view.entries.filter((e) => e.kind !== 'zombie').map((e) => `${e.kind} ${e.method} ${e.path} ${e.detail}`)).toEqual([
      'documented HEAD /a/7 documented as GET /a/{id}',
      'documented HEAD /b documented as HEAD /b',
      `shadow HEAD /c not in the spec; ${base.calls} call${base.calls === 1 ? '' : 's'}`,
    ]);
    // A HEAD call shows the GET operation's resource alive; the GET of /b was never seen.
    expect(of(view, 'zombie')).toEqual(['GET /b', 'POST /c']);
  });

  it('agrees with a scan of every operation on random specs and traffic', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const rng = new Rng(seed);
      const big = seed === 1;
      // Servers: none (compared by path), or named ones (compared by host, or by path for --host).
      const named = seed % 2 === 0;
      const spec = randomSpec(rng, big ? 1500 : 300, named ? ['h1', 'h2', null] : [null]);
      const endpoints = randomTraffic(rng, big ? 1500 : 300, spec, base);
      const doc: InventoryDoc = { ...inventory('traffic-inventory.json'), endpoints };
      if (named) {
        expect(entryKeys(specDiff(doc, spec, {}))).toEqual(refEntries(endpoints.filter((e) => e.host !== 'h3'), spec, true));
        expect(entryKeys(specDiff(doc, spec, { host: 'h3' }))).toEqual(refEntries(endpoints.filter((e) => e.host === 'h3'), spec, false, 'h3'));
      } else {
        expect(entryKeys(specDiff(doc, spec, {}))).toEqual(refEntries(endpoints, spec, false));
      }
    }
  });
});
