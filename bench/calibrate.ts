// A fixed CPU workload timed next to the benchmark, so runs on a shared or throttled machine can be
// compared: JSON.parse of ~3 MB of HAR-like entries (what dominates analyze), best of several.

import { Rng } from './traffic-model.js';

function document(): string {
  const rng = new Rng(42);
  const entries = [];
  for (let i = 0; i < 1000; i++) {
    const id = Math.floor(rng.next() * 1e6);
    entries.push({
      startedDateTime: new Date(Date.UTC(2024, 2, 4) + i * 6000).toISOString(),
      time: rng.next() * 100,
      request: {
        method: 'GET',
        url: `https://api.shop.example/v1/orders/${id}?page=${i % 7}`,
        headers: Array.from({ length: 12 }, (_, h) => ({ name: `X-Header-${h}`, value: `value-${Math.floor(rng.next() * 1e9)}` })),
      },
      response: {
        status: 200,
        headers: Array.from({ length: 16 }, (_, h) => ({ name: `X-Response-${h}`, value: `v${Math.floor(rng.next() * 1e9)}` })),
        content: { mimeType: 'application/json', text: JSON.stringify({ id, items: Array.from({ length: 8 }, (_, k) => ({ sku: `sku-${k}`, price: k * 1.5 })) }) },
      },
    });
  }
  return JSON.stringify(entries);
}

/** MB/s of JSON.parse on this machine right now (best of `rounds`). */
export function calibrate(rounds = 15): number {
  const text = document();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    JSON.parse(text);
    best = Math.min(best, performance.now() - t0);
  }
  return text.length / 1e6 / (best / 1000);
}
