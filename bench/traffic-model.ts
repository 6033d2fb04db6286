// The simulated world behind the synthetic traffic: hosts, caller segments, the endpoint catalogue
// (true templates, who calls what, bodies with planted sensitive values and decoys) as data tables.

/** mulberry32: tiny, fast, and identical on every platform, so a seed always gives the same bytes. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.next() * a.length)]!;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(48 + this.int(10));
    return s;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX[this.int(16)];
    return s;
  }
}

const HEX = '0123456789abcdef';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const FIRST = ['alice', 'bob', 'carla', 'deniz', 'emma', 'farid', 'grace', 'hiro', 'ines', 'jonas', 'kemal', 'lena', 'mateo', 'nora', 'omar', 'priya', 'quinn', 'rosa', 'sven', 'tara', 'umar', 'vera', 'wei', 'yusuf', 'zoe'];
const LAST = ['lee', 'novak', 'garcia', 'schmidt', 'okafor', 'rossi', 'tanaka', 'silva', 'dubois', 'khan', 'meyer', 'hansen', 'costa', 'ivanova', 'murphy'];
const MAIL_DOMAINS = ['mail.example', 'example.org', 'inbox.example.net', 'corp.example'];

function luhnDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Deterministic 43-char base64url "signature" so one token string stays identical for its lifetime. */
function fakeSignature(payload: string): string {
  let h = 2166136261;
  for (let i = 0; i < payload.length; i++) h = Math.imul(h ^ payload.charCodeAt(i), 16777619);
  const r = new Rng(h);
  let s = '';
  for (let i = 0; i < 43; i++) s += B64URL[r.int(64)];
  return s;
}

const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);

/** Fake but format-valid values: the planted sensitive data and the decoys that must not be flagged. */
export const fakeValues = {
  /** A valid EAN-13 barcode: 13 digits starting with 4 like a Visa number, but EAN's checksum is not Luhn. */
  EAN13_DECOY: '4006381333931',
  uuid: (r: Rng) => `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${'89ab'[r.int(4)]}${r.hex(3)}-${r.hex(12)}`,
  /** UUID-shaped but all digits: looks like a card or phone run to a naive scanner. */
  digitUuid: (r: Rng) => `${r.digits(8)}-${r.digits(4)}-${r.digits(4)}-${r.digits(4)}-${r.digits(12)}`,
  objectId: (r: Rng) => r.hex(24),
  firstName: (r: Rng) => cap(r.pick(FIRST)),
  fullName: (r: Rng) => `${cap(r.pick(FIRST))} ${cap(r.pick(LAST))}`,
  email: (r: Rng) => `${r.pick(FIRST)}.${r.pick(LAST)}${r.int(100)}@${r.pick(MAIL_DOMAINS)}`,
  phone: (r: Rng) => (r.chance(0.5) ? `+1415555${r.digits(4)}` : `+49 30 ${r.digits(4)} ${r.digits(3)}`),
  password: (r: Rng) => `${cap(r.pick(FIRST))}!${r.digits(4)}${r.pick(LAST)}`,
  /** 16-digit Visa/Mastercard number with a valid Luhn check digit. */
  luhnCard: (r: Rng) => {
    const body = r.pick(['4', '51', '53', '55']);
    const b = body + r.digits(15 - body.length);
    return b + String(luhnDigit(b));
  },
  /** 16-digit parcel tracking number that deliberately fails Luhn. */
  trackingNumber: (r: Rng) => {
    const b = `9${r.digits(14)}`;
    return b + String((luhnDigit(b) + 1 + r.int(9)) % 10);
  },
  ssn: (r: Rng) => `${String(100 + r.int(565)).padStart(3, '0')}-${String(10 + r.int(89))}-${String(1000 + r.int(8999))}`,
  awsKeyId: (r: Rng) => {
    let s = 'AKIA';
    for (let i = 0; i < 16; i++) s += BASE32[r.int(32)];
    return s;
  },
  orderNumber: (r: Rng, ts: number) => `ORD-${new Date(ts).getUTCFullYear()}-${r.digits(6)}`,
  /** A structurally real HS256 JWT (fake signature) issued at the top of the call's hour. */
  jwt: (sub: string, ts: number, ttlSec: number, expired = false) => {
    const iat = Math.floor(ts / 3_600_000) * 3600 - (expired ? 2 * ttlSec : 0);
    const head = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub, iss: 'https://auth.example.com', aud: 'api.shop.example', iat, exp: iat + ttlSec, scope: 'shop' })).toString('base64url');
    return `${head}.${body}.${fakeSignature(body)}`;
  },
};
const v = fakeValues;

export type HostId = 'shop' | 'auth' | 'internal' | 'cdn';
export type Segment = 'web' | 'mobile' | 'partner' | 'staff' | 'ops' | 'anon' | 'scraper';

export interface HostSpec {
  /** Host key as the analyzer groups endpoints: name plus non-default port. */
  host: string;
  port: number;
  serverIp: string;
}

export const HOSTS: Record<HostId, HostSpec> = {
  shop: { host: 'api.shop.example', port: 443, serverIp: '203.0.113.10' },
  auth: { host: 'auth.example.com', port: 443, serverIp: '203.0.113.20' },
  internal: { host: 'internal.example:8443', port: 8443, serverIp: '10.20.0.5' },
  cdn: { host: 'cdn.example.com', port: 443, serverIp: '203.0.113.30' },
};

/** One caller; `num` doubles as the numeric user id in paths like /v1/users/{userId}. */
export interface UserProfile {
  segment: Segment;
  num: number;
  name: string;
  email: string;
  phone: string;
  ip: string;
  /** Stable opaque credential material (token, API key, session id, password) for this caller. */
  secret: string;
  /** Client id / login name used by Basic, API-key and token callers. */
  login: string;
  deviceId: string;
}

export interface OrgPool {
  org: string;
  projects: string[];
}

/** What a body builder may look at: the PRNG, the caller, the call time and the path values chosen so far. */
export interface CallCtx {
  rng: Rng;
  ts: number;
  user: UserProfile;
  ids: Record<string, string>;
  orgs: readonly OrgPool[];
}

export interface BodyOut {
  mimeType: string;
  text: string;
}

export interface Planted {
  location: 'request.query' | 'request.body' | 'response.body';
  param: string;
  type: string;
}

/**
 * `public`: no credentials needed; `required`: anonymous callers get 401; `leaky`: protected, yet a
 * small share of calls arrive without credentials and still succeed (the finding the tool must surface).
 */
export type AuthPolicy = 'public' | 'required' | 'leaky';

export interface EndpointSpec {
  hostId: HostId;
  method: string;
  /** True template; GraphQL operations are `/graphql#OperationName` (the wire path is before '#'). */
  template: string;
  /** Relative call weight per caller segment; segments not listed never call it. */
  who: Partial<Record<Segment, number>>;
  auth: AuthPolicy;
  query?: (c: CallCtx) => string;
  req?: (c: CallCtx) => BodyOut;
  /** 2xx response body; null for bodiless answers (204). */
  res: ((c: CallCtx) => BodyOut) | null;
  okStatus?: number;
  /** The endpoint exists in traffic but only ever answers this status (e.g. a retired route). */
  alwaysStatus?: number;
  /** Callers authenticate with their client id and secret over HTTP Basic (OAuth client_secret_basic). */
  clientCredentials?: true;
  /** Values planted on every call (request side) or every 2xx response (response side). */
  planted?: Planted[];
}

const json = (o: unknown): BodyOut => ({ mimeType: 'application/json', text: JSON.stringify(o) });
const jsonUtf8 = (o: unknown): BodyOut => ({ mimeType: 'application/json; charset=utf-8', text: JSON.stringify(o) });

export const PRODUCT_SLUGS = [
  'walnut-standing-desk', 'ergonomic-mesh-chair', 'linen-duvet-cover', 'ceramic-pour-over', 'merino-crew-sock',
  'trail-running-shoe', 'cast-iron-skillet', 'bamboo-cutting-board', 'wool-throw-blanket', 'led-desk-lamp',
  'noise-cancelling-headphones', 'mechanical-keyboard', 'hiking-daypack', 'espresso-grinder', 'yoga-mat',
  'waterproof-shell-jacket', 'stainless-water-bottle', 'oak-bookshelf', 'cotton-bath-towel', 'smart-thermostat',
];
const CATEGORIES = ['furniture', 'kitchen', 'apparel', 'outdoor', 'electronics', 'home', 'bath', 'footwear'];
const WAREHOUSES = ['fra-1', 'ams-2', 'iad-1', 'sfo-3'];

/** Path placeholder values by name: numeric ids, UUIDs, 24-hex object ids and plain-string slugs. */
export const PATH_PARAMS: Record<string, (c: CallCtx) => string> = {
  userId: (c) => String(c.rng.chance(0.7) ? c.user.num : 10000 + c.rng.int(5000)),
  addressId: (c) => String(1 + c.rng.int(40)),
  orderId: (c) => String(4100000 + c.rng.int(900000)),
  productSlug: (c) => c.rng.pick(PRODUCT_SLUGS),
  storeId: (c) => String(100 + c.rng.int(60)),
  itemId: (c) => v.uuid(c.rng),
  shipmentId: (c) => v.uuid(c.rng),
  cartItemId: (c) => v.uuid(c.rng),
  wishlistId: (c) => v.uuid(c.rng),
  reportId: (c) => v.uuid(c.rng),
  orgId: (c) => c.rng.pick(c.orgs).org,
  projectId: (c) => c.rng.pick(c.orgs.find((o) => o.org === c.ids['orgId'])?.projects ?? c.orgs[0]!.projects),
  jobId: (c) => String(880000 + c.rng.int(20000)),
};

function product(c: CallCtx, slug: string) {
  return {
    slug,
    sku: `SKU-${c.rng.hex(6).toUpperCase()}`,
    ean: v.EAN13_DECOY,
    title: slug.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' '),
    price: { amount: 9.99 + c.rng.int(40000) / 100, currency: 'EUR' },
    rating: { average: 3 + c.rng.int(20) / 10, count: c.rng.int(900) },
    inStock: c.rng.chance(0.85),
    tags: [c.rng.pick(CATEGORIES), c.rng.pick(CATEGORIES)],
    images: [{ url: `https://cdn.example.com/img/${slug}/main.jpg`, width: 1200, height: 900 }],
  };
}

function address(c: CallCtx) {
  return {
    id: 1 + c.rng.int(40), line1: `${1 + c.rng.int(220)} ${c.rng.pick(['Elm', 'Harbor', 'Mill', 'Oak'])} Street`,
    city: c.rng.pick(['Berlin', 'Lyon', 'Austin', 'Leeds']), postalCode: String(10000 + c.rng.int(89999)),
    country: c.rng.pick(['DE', 'FR', 'US', 'GB']), phone: c.user.phone,
  };
}

function order(c: CallCtx, id: string) {
  const lines = 1 + c.rng.int(3);
  const items = [];
  for (let i = 0; i < lines; i++) {
    const slug = c.rng.pick(PRODUCT_SLUGS);
    items.push({ sku: `SKU-${c.rng.hex(6).toUpperCase()}`, ean: v.EAN13_DECOY, slug, quantity: 1 + c.rng.int(3), unitPrice: 5 + c.rng.int(30000) / 100 });
  }
  return {
    id: Number(id), orderNumber: v.orderNumber(c.rng, c.ts), status: c.rng.pick(['paid', 'shipped', 'delivered']),
    createdAt: new Date(c.ts - c.rng.int(86_400_000 * 20)).toISOString(),
    customer: { id: c.user.num, name: c.user.name, email: c.user.email },
    items, totals: { subtotal: 10 + c.rng.int(50000) / 100, tax: c.rng.int(3000) / 100, currency: 'EUR' },
    shipping: { carrier: c.rng.pick(['DHL', 'UPS', 'DPD']), trackingNumber: v.trackingNumber(c.rng), address: address(c) },
    reference: v.digitUuid(c.rng),
  };
}

function profile(c: CallCtx) {
  return {
    id: c.user.num, name: c.user.name, email: c.user.email, phone: c.user.phone,
    createdAt: new Date(c.ts - 86_400_000 * (30 + (c.user.num % 900))).toISOString(),
    preferences: { language: 'en-GB', currency: 'EUR', marketing: { email: c.rng.chance(0.4), sms: false } },
    loyalty: { tier: c.rng.pick(['bronze', 'silver', 'gold']), points: c.rng.int(20000) },
  };
}

const gql = (op: string, query: string, variables: Record<string, unknown>) => (c: CallCtx) =>
  json({ operationName: op, query: query.replace('$op', op), variables: { ...variables, locale: c.rng.pick(['en-GB', 'de-DE']) } });

const customer: Planted = { location: 'response.body', param: '$.customer.email', type: 'email' };

/** ~55 real endpoints across four hosts. Weights are relative within a caller segment. */
export const ENDPOINTS: readonly EndpointSpec[] = [
  // --- api.shop.example: public catalogue (v1) and partner catalogue (v2)
  { hostId: 'shop', method: 'GET', template: '/v1/products', who: { web: 30, mobile: 20, anon: 30, partner: 5, scraper: 30 }, auth: 'public',
    query: (c) => `?category=${c.rng.pick(CATEGORIES)}&page=${1 + c.rng.int(5)}&limit=12`,
    res: (c) => json({ page: 1, total: 240, items: Array.from({ length: 8 }, () => product(c, c.rng.pick(PRODUCT_SLUGS))) }) },
  { hostId: 'shop', method: 'GET', template: '/v1/products/{productSlug}', who: { web: 25, mobile: 15, anon: 20, scraper: 60 }, auth: 'public',
    res: (c) => json({ ...product(c, c.ids['productSlug']!), description: 'Made to last. Free returns within 30 days.', related: [c.rng.pick(PRODUCT_SLUGS), c.rng.pick(PRODUCT_SLUGS)] }) },
  { hostId: 'shop', method: 'GET', template: '/v1/products/{productSlug}/reviews', who: { web: 6, anon: 6, scraper: 10 }, auth: 'public',
    query: (c) => `?sort=recent&page=${1 + c.rng.int(3)}`,
    res: (c) => json({ reviews: Array.from({ length: 3 }, () => ({ id: v.uuid(c.rng), stars: 1 + c.rng.int(5), author: v.firstName(c.rng), body: 'Solid build, arrived quickly.', createdAt: new Date(c.ts - c.rng.int(9e9)).toISOString() })) }) },
  { hostId: 'shop', method: 'GET', template: '/v1/categories', who: { web: 5, mobile: 4, anon: 6 }, auth: 'public',
    res: () => json({ categories: CATEGORIES.map((name, i) => ({ id: i + 1, name, path: `/c/${name}` })) }) },
  { hostId: 'shop', method: 'GET', template: '/v1/stores/{storeId}', who: { web: 2, anon: 3 }, auth: 'public',
    res: (c) => json({ id: Number(c.ids['storeId']), name: 'Shop Store', openingHours: ['09:00-20:00'], geo: { lat: 52.5 + c.rng.next(), lng: 13.4 } }) },
  { hostId: 'shop', method: 'GET', template: '/health', who: { anon: 2, ops: 4 }, auth: 'public', res: () => json({ status: 'ok' }) },
  { hostId: 'shop', method: 'GET', template: '/v1/users/me', who: { web: 20, mobile: 18, anon: 1 }, auth: 'required', res: (c) => json(profile(c)),
    planted: [{ location: 'response.body', param: '$.email', type: 'email' }, { location: 'response.body', param: '$.phone', type: 'phone' }] },
  { hostId: 'shop', method: 'GET', template: '/v1/users/{userId}', who: { web: 8, mobile: 5 }, auth: 'required',
    res: (c) => json({ id: Number(c.ids['userId']), displayName: v.firstName(c.rng), avatar: `https://cdn.example.com/a/${c.ids['userId']}.png`, reviews: c.rng.int(40) }) },
  { hostId: 'shop', method: 'PATCH', template: '/v1/users/{userId}', who: { web: 2 }, auth: 'required',
    req: (c) => json({ phone: c.user.phone, preferences: { marketing: { email: false } } }), res: (c) => json(profile(c)),
    planted: [{ location: 'request.body', param: '$.phone', type: 'phone' }, { location: 'response.body', param: '$.email', type: 'email' }, { location: 'response.body', param: '$.phone', type: 'phone' }] },
  { hostId: 'shop', method: 'GET', template: '/v1/users/search', who: { web: 3 }, auth: 'required',
    query: (c) => `?q=${encodeURIComponent(v.email(c.rng))}&limit=10`,
    res: (c) => json({ results: [{ id: 10000 + c.rng.int(5000), displayName: v.firstName(c.rng) }] }),
    planted: [{ location: 'request.query', param: 'q', type: 'email' }] },
  { hostId: 'shop', method: 'POST', template: '/v1/users', who: { anon: 2 }, auth: 'public', okStatus: 201,
    req: (c) => json({ name: v.fullName(c.rng), email: v.email(c.rng), phone: v.phone(c.rng), password: v.password(c.rng), acceptTerms: true }),
    res: (c) => json({ id: 10000 + c.rng.int(5000), status: 'pending_verification' }),
    planted: [{ location: 'request.body', param: '$.email', type: 'email' }, { location: 'request.body', param: '$.phone', type: 'phone' }, { location: 'request.body', param: '$.password', type: 'password' }] },
  { hostId: 'shop', method: 'GET', template: '/v1/users/{userId}/addresses', who: { web: 4, mobile: 2 }, auth: 'required',
    res: (c) => json({ addresses: [address(c), address(c)] }),
    planted: [{ location: 'response.body', param: '$.addresses[*].phone', type: 'phone' }] },
  { hostId: 'shop', method: 'DELETE', template: '/v1/users/{userId}/addresses/{addressId}', who: { web: 0.5 }, auth: 'required', okStatus: 204, res: null },
  { hostId: 'shop', method: 'GET', template: '/v1/orders', who: { web: 10, mobile: 8, partner: 10 }, auth: 'required',
    query: (c) => `?status=${c.rng.pick(['open', 'shipped', 'all'])}&since=${encodeURIComponent(new Date(c.ts - 864e6).toISOString())}`,
    res: (c) => json({ orders: [0, 1].map(() => { const o = order(c, String(4100000 + c.rng.int(900000))); return { id: o.id, orderNumber: o.orderNumber, status: o.status, createdAt: o.createdAt, trackingNumber: o.shipping.trackingNumber, total: o.totals.subtotal }; }), next: null }) },
  { hostId: 'shop', method: 'POST', template: '/v1/orders', who: { web: 4, mobile: 3 }, auth: 'required', okStatus: 201,
    req: (c) => json({ items: [{ slug: c.rng.pick(PRODUCT_SLUGS), ean: v.EAN13_DECOY, quantity: 1 }], customer: { email: c.user.email, phone: c.user.phone },
      payment: { method: 'card', card: { number: v.luhnCard(c.rng), expiry: `${1 + c.rng.int(12)}/2${7 + c.rng.int(3)}`, holder: c.user.name } }, shippingAddress: address(c) }),
    res: (c) => json(order(c, String(4100000 + c.rng.int(900000)))),
    planted: [{ location: 'request.body', param: '$.customer.email', type: 'email' }, { location: 'request.body', param: '$.customer.phone', type: 'phone' },
      { location: 'request.body', param: '$.payment.card.number', type: 'credit-card' }, { location: 'request.body', param: '$.shippingAddress.phone', type: 'phone' },
      customer, { location: 'response.body', param: '$.shipping.address.phone', type: 'phone' }] },
  { hostId: 'shop', method: 'GET', template: '/v1/orders/{orderId}', who: { web: 10, mobile: 8, partner: 12 }, auth: 'required',
    res: (c) => json(order(c, c.ids['orderId']!)), planted: [customer, { location: 'response.body', param: '$.shipping.address.phone', type: 'phone' }] },
  { hostId: 'shop', method: 'GET', template: '/v1/orders/{orderId}/invoice', who: { web: 3, mobile: 1 }, auth: 'leaky',
    res: (c) => json({ invoiceNumber: `INV-${new Date(c.ts).getUTCFullYear()}-${String(c.rng.int(999999)).padStart(6, '0')}`, billedTo: { name: c.user.name, email: c.user.email }, amountDue: 0, pdf: `https://cdn.example.com/inv/${v.uuid(c.rng)}.pdf` }),
    planted: [{ location: 'response.body', param: '$.billedTo.email', type: 'email' }] },
  { hostId: 'shop', method: 'GET', template: '/v1/orders/export', who: { partner: 2 }, auth: 'required',
    query: (c) => `?format=csv&from=${new Date(c.ts - 7 * 864e5).toISOString().slice(0, 10)}`,
    res: (c) => ({ mimeType: 'text/csv', text: 'order_id,order_number,total,currency\n' + Array.from({ length: 8 }, () => `${4100000 + c.rng.int(900000)},${v.orderNumber(c.rng, c.ts)},${c.rng.int(50000) / 100},EUR`).join('\n') + '\n' }) },
  { hostId: 'shop', method: 'GET', template: '/v1/cart', who: { web: 8, mobile: 6 }, auth: 'required',
    res: (c) => json({ id: v.uuid(c.rng), items: [{ id: v.uuid(c.rng), ...product(c, c.rng.pick(PRODUCT_SLUGS)), quantity: 1 }], updatedAt: new Date(c.ts).toISOString() }) },
  { hostId: 'shop', method: 'POST', template: '/v1/cart/items', who: { web: 5, mobile: 4 }, auth: 'required', okStatus: 201,
    req: (c) => json({ slug: c.rng.pick(PRODUCT_SLUGS), ean: v.EAN13_DECOY, quantity: 1 + c.rng.int(2), giftWrap: false }),
    res: (c) => json({ id: v.uuid(c.rng), quantity: 1, cartTotal: { amount: c.rng.int(40000) / 100, currency: 'EUR' } }) },
  { hostId: 'shop', method: 'DELETE', template: '/v1/cart/items/{cartItemId}', who: { web: 1, mobile: 1 }, auth: 'required', okStatus: 204, res: null },
  { hostId: 'shop', method: 'GET', template: '/v1/legacy/wishlists/{wishlistId}', who: { web: 1, mobile: 0.5 }, auth: 'required', alwaysStatus: 404, res: null },
  { hostId: 'shop', method: 'GET', template: '/v1/recommendations', who: { web: 4, mobile: 3 }, auth: 'required',
    res: (c) => json({ strategy: 'also-bought', items: Array.from({ length: 4 }, () => ({ slug: c.rng.pick(PRODUCT_SLUGS), score: c.rng.next() })) }) },
  { hostId: 'shop', method: 'GET', template: '/v2/catalog/items', who: { partner: 6 }, auth: 'required',
    query: (c) => `?cursor=${c.rng.hex(16)}&limit=50&updatedSince=${encodeURIComponent(new Date(c.ts - 3600e3).toISOString())}`,
    res: (c) => json({ items: Array.from({ length: 4 }, () => ({ id: v.uuid(c.rng), ...product(c, c.rng.pick(PRODUCT_SLUGS)) })), nextCursor: c.rng.hex(16) }) },
  { hostId: 'shop', method: 'GET', template: '/v2/catalog/items/{itemId}', who: { partner: 10, mobile: 4 }, auth: 'required',
    res: (c) => json({ id: c.ids['itemId'], ...product(c, c.rng.pick(PRODUCT_SLUGS)), warehouses: WAREHOUSES.map((w) => ({ id: w, stock: c.rng.int(500) })) }) },
  { hostId: 'shop', method: 'PUT', template: '/v2/catalog/items/{itemId}/inventory', who: { partner: 3 }, auth: 'required',
    req: (c) => json({ warehouse: c.rng.pick(WAREHOUSES), quantity: c.rng.int(500), reason: 'restock' }),
    res: (c) => json({ id: c.ids['itemId'], updatedAt: new Date(c.ts).toISOString(), version: c.rng.int(100) }) },
  { hostId: 'shop', method: 'GET', template: '/v2/shipments/{shipmentId}', who: { partner: 3, mobile: 2 }, auth: 'required',
    res: (c) => json({ id: c.ids['shipmentId'], trackingNumber: v.trackingNumber(c.rng), reference: v.digitUuid(c.rng), events: [{ at: new Date(c.ts - 7200e3).toISOString(), status: 'in_transit', hub: c.rng.pick(WAREHOUSES) }] }) },
  { hostId: 'shop', method: 'POST', template: '/v2/webhooks', who: { partner: 0.5 }, auth: 'required', okStatus: 201,
    req: () => json({ url: 'https://hooks.partner.example/shop', events: ['order.created', 'order.shipped'] }),
    res: (c) => json({ id: v.uuid(c.rng), signingSecret: `whsec_${c.rng.hex(32)}` }),
    planted: [{ location: 'response.body', param: '$.signingSecret', type: 'secret' }] },
  { hostId: 'shop', method: 'POST', template: '/graphql#GetUser', who: { web: 4 }, auth: 'required',
    req: gql('GetUser', 'query $op($id: ID!) { user(id: $id) { id name email loyalty { tier } } }', { id: 'me' }),
    res: (c) => json({ data: { user: { id: String(c.user.num), name: c.user.name, email: c.user.email, loyalty: { tier: 'gold' } } } }),
    planted: [{ location: 'response.body', param: '$.data.user.email', type: 'email' }] },
  { hostId: 'shop', method: 'POST', template: '/graphql#ListOrders', who: { web: 3 }, auth: 'required',
    req: gql('ListOrders', 'query $op($first: Int) { orders(first: $first) { id orderNumber status } }', { first: 10 }),
    res: (c) => json({ data: { orders: [{ id: String(4100000 + c.rng.int(900000)), orderNumber: v.orderNumber(c.rng, c.ts), status: 'paid' }] } }) },
  { hostId: 'shop', method: 'POST', template: '/graphql#SearchProducts', who: { web: 4, anon: 2 }, auth: 'public',
    req: gql('SearchProducts', 'query $op($term: String!) { search(term: $term) { slug title price } }', { term: 'desk' }),
    res: (c) => json({ data: { search: Array.from({ length: 3 }, () => ({ slug: c.rng.pick(PRODUCT_SLUGS), title: 'Item', price: c.rng.int(30000) / 100 })) } }) },
  { hostId: 'shop', method: 'POST', template: '/graphql#AddToCart', who: { web: 2 }, auth: 'required',
    req: gql('AddToCart', 'mutation $op($slug: String!, $qty: Int!) { addToCart(slug: $slug, qty: $qty) { id count } }', { slug: 'yoga-mat', qty: 1 }),
    res: (c) => json({ data: { addToCart: { id: v.uuid(c.rng), count: 1 + c.rng.int(4) } } }) },
  // --- auth.example.com
  { hostId: 'auth', method: 'POST', template: '/oauth/token', who: { partner: 3, ops: 2 }, auth: 'required', clientCredentials: true,
    req: (c) => ({ mimeType: 'application/x-www-form-urlencoded', text: `grant_type=client_credentials&scope=${encodeURIComponent(c.rng.pick(['catalog:read orders:read', 'metrics:read']))}` }),
    res: (c) => json({ access_token: v.jwt(c.user.login, c.ts, 3600), token_type: 'Bearer', expires_in: 3600, scope: 'catalog:read' }),
    planted: [{ location: 'response.body', param: '$.access_token', type: 'jwt' }] },
  { hostId: 'auth', method: 'POST', template: '/login', who: { anon: 3 }, auth: 'public',
    req: (c) => json({ email: v.email(c.rng), password: v.password(c.rng), rememberMe: c.rng.chance(0.5) }),
    res: (c) => json({ mfaRequired: false, redirect: 'https://shop.example/account', sessionExpiresAt: new Date(c.ts + 864e5).toISOString() }),
    planted: [{ location: 'request.body', param: '$.email', type: 'email' }, { location: 'request.body', param: '$.password', type: 'password' }] },
  { hostId: 'auth', method: 'POST', template: '/logout', who: { web: 1 }, auth: 'required', okStatus: 204, res: null },
  { hostId: 'auth', method: 'GET', template: '/userinfo', who: { web: 4, mobile: 3 }, auth: 'required',
    res: (c) => json({ sub: `usr_${c.user.num}`, email: c.user.email, email_verified: true, phone_number: c.user.phone, name: c.user.name }),
    planted: [{ location: 'response.body', param: '$.email', type: 'email' }, { location: 'response.body', param: '$.phone_number', type: 'phone' }] },
  { hostId: 'auth', method: 'GET', template: '/.well-known/openid-configuration', who: { anon: 2, web: 1 }, auth: 'public',
    res: () => json({ issuer: 'https://auth.example.com', token_endpoint: 'https://auth.example.com/oauth/token', jwks_uri: 'https://auth.example.com/.well-known/jwks.json', grant_types_supported: ['client_credentials', 'authorization_code'] }) },
  { hostId: 'auth', method: 'GET', template: '/.well-known/jwks.json', who: { anon: 1, partner: 1 }, auth: 'public',
    res: (c) => json({ keys: [{ kty: 'RSA', kid: c.rng.hex(8), use: 'sig', alg: 'RS256', n: c.rng.hex(128), e: 'AQAB' }] }) },
  { hostId: 'auth', method: 'POST', template: '/v1/password/reset', who: { anon: 0.5 }, auth: 'public', okStatus: 202,
    req: (c) => json({ email: v.email(c.rng) }), res: () => json({ accepted: true }),
    planted: [{ location: 'request.body', param: '$.email', type: 'email' }] },
  // --- internal.example:8443: staff console (session cookie) and ops automation (Basic)
  { hostId: 'internal', method: 'GET', template: '/health', who: { ops: 4, anon: 2 }, auth: 'public', res: () => json({ status: 'UP', components: { db: 'UP', queue: 'UP' } }) },
  { hostId: 'internal', method: 'GET', template: '/metrics', who: { ops: 5 }, auth: 'required',
    res: (c) => ({ mimeType: 'text/plain; version=0.0.4', text: `# TYPE http_requests_total counter\nhttp_requests_total{code="200"} ${c.rng.int(1e7)}\nhttp_requests_total{code="500"} ${c.rng.int(1e4)}\n` }) },
  { hostId: 'internal', method: 'GET', template: '/admin/users', who: { staff: 4 }, auth: 'required', query: (c) => `?page=${1 + c.rng.int(20)}&size=5`,
    res: (c) => json({ users: Array.from({ length: 5 }, () => ({ id: 10000 + c.rng.int(5000), email: v.email(c.rng), status: 'active' })), page: 1 }),
    planted: [{ location: 'response.body', param: '$.users[*].email', type: 'email' }] },
  { hostId: 'internal', method: 'GET', template: '/admin/users/{userId}', who: { staff: 3 }, auth: 'required',
    res: (c) => json({ ...profile(c), kyc: { ssn: v.ssn(c.rng), verifiedAt: new Date(c.ts - 9e9).toISOString() } }),
    planted: [{ location: 'response.body', param: '$.email', type: 'email' }, { location: 'response.body', param: '$.phone', type: 'phone' }, { location: 'response.body', param: '$.kyc.ssn', type: 'ssn' }] },
  { hostId: 'internal', method: 'POST', template: '/admin/users/{userId}/disable', who: { staff: 0.5 }, auth: 'required', okStatus: 204, res: null,
    req: () => json({ reason: 'fraud-review' }) },
  { hostId: 'internal', method: 'GET', template: '/orgs/{orgId}', who: { staff: 4 }, auth: 'required',
    res: (c) => json({ id: c.ids['orgId'], name: 'Example Org', plan: c.rng.pick(['free', 'team', 'enterprise']), createdAt: new Date(c.ts - 9e9).toISOString() }) },
  { hostId: 'internal', method: 'GET', template: '/orgs/{orgId}/projects', who: { staff: 4 }, auth: 'required',
    res: (c) => json({ projects: (c.orgs.find((o) => o.org === c.ids['orgId'])?.projects ?? []).map((id) => ({ id, name: `project-${id.slice(-4)}` })) }) },
  { hostId: 'internal', method: 'GET', template: '/orgs/{orgId}/projects/{projectId}', who: { staff: 5 }, auth: 'required',
    res: (c) => json({ id: c.ids['projectId'], orgId: c.ids['orgId'], region: c.rng.pick(['eu-west-1', 'us-east-1']), members: 3 + c.rng.int(9) }) },
  { hostId: 'internal', method: 'GET', template: '/orgs/{orgId}/projects/{projectId}/settings', who: { staff: 2, ops: 1 }, auth: 'required',
    res: (c) => json({ retentionDays: 30, integrations: { aws: { accessKeyId: v.awsKeyId(c.rng), region: 'eu-west-1' }, slack: { channel: '#alerts' } } }),
    planted: [{ location: 'response.body', param: '$.integrations.aws.accessKeyId', type: 'aws-access-key-id' }] },
  { hostId: 'internal', method: 'PUT', template: '/orgs/{orgId}/projects/{projectId}/settings', who: { staff: 0.5 }, auth: 'required',
    req: (c) => json({ retentionDays: 30 + c.rng.int(60), integrations: { aws: { accessKeyId: v.awsKeyId(c.rng) } } }), res: () => json({ saved: true }),
    planted: [{ location: 'request.body', param: '$.integrations.aws.accessKeyId', type: 'aws-access-key-id' }] },
  { hostId: 'internal', method: 'GET', template: '/orgs/{orgId}/members', who: { staff: 2 }, auth: 'required',
    res: (c) => json({ members: Array.from({ length: 3 }, () => ({ email: v.email(c.rng), role: c.rng.pick(['owner', 'admin', 'viewer']) })) }),
    planted: [{ location: 'response.body', param: '$.members[*].email', type: 'email' }] },
  { hostId: 'internal', method: 'GET', template: '/audit/events', who: { ops: 2, staff: 2 }, auth: 'required',
    query: (c) => `?since=${encodeURIComponent(new Date(c.ts - 3600e3).toISOString())}&limit=3`,
    res: (c) => json({ events: Array.from({ length: 3 }, () => ({ id: v.digitUuid(c.rng), at: new Date(c.ts - c.rng.int(3600e3)).toISOString(), action: c.rng.pick(['login', 'export', 'settings.update']), actor: `usr_${10000 + c.rng.int(5000)}` })) }) },
  { hostId: 'internal', method: 'GET', template: '/reports/{reportId}', who: { staff: 1 }, auth: 'required',
    res: (c) => jsonUtf8({ id: c.ids['reportId'], kind: 'weekly-sales', rows: [{ day: new Date(c.ts).toISOString().slice(0, 10), revenue: c.rng.int(1e6) / 100 }] }) },
  { hostId: 'internal', method: 'GET', template: '/jobs/{jobId}', who: { ops: 3 }, auth: 'required',
    res: (c) => json({ id: Number(c.ids['jobId']), state: c.rng.pick(['queued', 'running', 'done']), startedAt: new Date(c.ts - 6e5).toISOString() }) },
  { hostId: 'internal', method: 'POST', template: '/deploys', who: { ops: 0.5 }, auth: 'required', okStatus: 201,
    req: (c) => json({ service: c.rng.pick(['checkout', 'catalog']), version: `v1.${c.rng.int(90)}.${c.rng.int(9)}`, commit: c.rng.hex(40) }),
    res: (c) => json({ id: 880000 + c.rng.int(20000), state: 'queued' }) },
];

/** Non-endpoints a browser also produces; the analyzer must filter them (truth.endpoint = null). */
export const STATIC_ASSETS: readonly { path: string; mimeType: string; bytes: number; text?: string }[] = [
  { path: '/assets/app.3f9c1a.js', mimeType: 'application/javascript', bytes: 182_311, text: '(()=>{"use strict";var e={};e.r=t=>{};window.__APP__=e})();' },
  { path: '/assets/vendor.81be07.js', mimeType: 'application/javascript', bytes: 402_118, text: '/*! vendor bundle */!function(){var n=1;}();' },
  { path: '/assets/main.c2d4.css', mimeType: 'text/css', bytes: 48_220, text: 'body{margin:0;font-family:Inter,sans-serif}.btn{border-radius:6px}' },
  { path: '/img/logo.png', mimeType: 'image/png', bytes: 9_214 },
  { path: '/img/hero-spring.png', mimeType: 'image/png', bytes: 211_774 },
  { path: '/fonts/inter-var.woff2', mimeType: 'font/woff2', bytes: 98_412 },
  { path: '/favicon.ico', mimeType: 'image/x-icon', bytes: 15_086 },
];

/** Share of browser ('web' segment) calls that are static assets or CORS preflights. */
export const BROWSER_NOISE = { staticShare: 0.12, preflightShare: 0.08 } as const;
/** Share of calls to 'leaky' endpoints that arrive without credentials and succeed anyway. */
export const LEAK_SHARE = 0.06;
/** Error rates on otherwise healthy endpoints. */
export const ERROR_RATES = { unauthorized: 0.01, notFound: 0.015, serverError: 0.004 } as const;
