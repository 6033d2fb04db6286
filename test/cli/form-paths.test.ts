// Form fields with bracketed names (Rails, PHP, qs, Stripe) are the JSON paths of the structure they
// spell; inventories written before, with whole field names, take those paths on their next run.

import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf, type SimpleCall } from '../har-builder.js';

function checkout(i: number, form: string): SimpleCall {
  return {
    method: 'POST',
    url: 'https://api.pay.test/v1/checkout/sessions',
    requestBody: { mimeType: 'application/x-www-form-urlencoded', text: form },
    response: { id: `cs_${i}` },
    ts: new Date(Date.UTC(2024, 2, 10, 12, 0, i)).toISOString(),
  };
}

const FIRST = [
  checkout(0, 'line_items[0][price]=price_1&line_items[0][quantity]=2&line_items[1][price]=price_2&line_items[1][quantity]=1&card[number]=4242424242424242&tags[]=a&tags[]=b'),
  checkout(1, 'line_items[0][price]=price_3&line_items[0][quantity]=5&card[number]=4000056655665556&tags[]=c'),
];

async function bodyParams(db: string): Promise<string[]> {
  const r = await cli(['show', 'POST', '/v1/checkout/sessions', '--db', db, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const params = JSON.parse(r.stdout).endpoint.params as { location: string; name: string; calls: number; sensitiveTypes: string[] }[];
  return params.filter((p) => p.location === 'request.body').map((p) => `${p.name} ${p.calls}${p.sensitiveTypes.length > 0 ? ` ${p.sensitiveTypes.join(',')}` : ''}`).sort();
}

/** Renames the form paths of an inventory back to whole field names, as releases before form paths stored them. */
function asLegacy(db: string): void {
  const d = new Database(db);
  try {
    const legacy: Record<string, string[]> = {
      '$.line_items[*].price': ["$['line_items[0][price]']", "$['line_items[1][price]']"],
      '$.line_items[*].quantity': ["$['line_items[0][quantity]']", "$['line_items[1][quantity]']"],
      '$.card.number': ["$['card[number]']"],
      '$.tags[*]': ["$['tags[]']"],
    };
    for (const [name, olds] of Object.entries(legacy)) {
      for (const old of olds) {
        d.prepare(`INSERT INTO params (endpoint_id, location, status, name, types, types_prev, calls, first_seen, first_run, last_run)
          SELECT endpoint_id, location, status, ?, types, types_prev, calls, first_seen, first_run, last_run FROM params WHERE name = ?`).run(old, name);
        d.prepare(`UPDATE sensitive SET param = ? WHERE param = ?`).run(old, name);
      }
      d.prepare(`DELETE FROM params WHERE name = ?`).run(name);
    }
    d.prepare(`DELETE FROM meta WHERE key = 'form-names'`).run();
  } finally {
    d.close();
  }
}

describe('bracketed form fields', () => {
  const dir = tempDir();

  it('are one parameter per place in the structure, list indexes folded, findings at the path', async () => {
    const db = join(dir, 'forms.db');
    const file = join(dir, 'forms.har');
    writeFileSync(file, harOf(FIRST));
    expect((await cli(['analyze', file, '--db', db, '-q'])).code).toBe(0);
    expect(await bodyParams(db)).toEqual(['$.card.number 2 credit-card', '$.line_items[*].price 2', '$.line_items[*].quantity 2', '$.tags[*] 2']);
    const spec = JSON.parse((await cli(['export', '--openapi', '-', '--db', db])).stdout);
    const schema = Object.values(spec.paths['/v1/checkout/sessions'].post.requestBody.content as Record<string, { schema: { properties: Record<string, unknown> } }>)[0]!.schema;
    expect(schema.properties['line_items']).toMatchObject({ type: 'array', items: { type: 'object', properties: { price: { type: 'string' } } } });
  });

  it('stored whole by an older release take their paths on the next run, with no change reported, and diff matches them', async () => {
    const db = join(dir, 'legacy.db');
    const file = join(dir, 'first.har');
    writeFileSync(file, harOf(FIRST));
    expect((await cli(['analyze', file, '--db', db, '-q'])).code).toBe(0);
    asLegacy(db);
    expect((await bodyParams(db)).map((p) => p.split(' ')[0])).toEqual(["$['card[number]']", "$['line_items[0][price]']", "$['line_items[0][quantity]']", "$['line_items[1][price]']", "$['line_items[1][quantity]']", "$['tags[]']"]);
    const baseline = join(dir, 'legacy-baseline.db');
    copyFileSync(db, baseline);

    const next = join(dir, 'next.har');
    writeFileSync(next, harOf([checkout(7, 'line_items[0][price]=price_9&line_items[0][quantity]=1&card[number]=4242424242424242&tags[]=z')]));
    expect((await cli(['analyze', next, '--db', db, '-q'])).code).toBe(0);
    expect(await bodyParams(db)).toEqual(['$.card.number 3 credit-card', '$.line_items[*].price 3', '$.line_items[*].quantity 3', '$.tags[*] 3']);
    const changes = await cli(['changes', '--db', db, '--format', 'json']);
    expect(JSON.parse(changes.stdout).changes).toEqual([]);

    // A baseline with the whole names against a head with the paths: nothing added or removed.
    const diff = await cli(['diff', baseline, db, '--format', 'json']);
    expect(diff.code, diff.stdout).toBe(0);
    expect(JSON.parse(diff.stdout).changes).toEqual([]);
  });
});
