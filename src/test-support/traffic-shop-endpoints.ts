/** The shop demo's endpoints: production's whole storefront and staging's QA happy path. */
export interface Endpoint {
  method: string;
  path: (rnd: () => number) => string;
  weight: number;
  /** Response size range in bytes. */
  size: [number, number];
  /** Latency range in seconds. */
  latency: [number, number];
  status?: number;
}

const id = (max: number) => (rnd: () => number) => String(1 + Math.floor(rnd() * max));
const hex = (rnd: () => number, n: number) =>
  Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
const uuid = (rnd: () => number) =>
  `${hex(rnd, 8)}-${hex(rnd, 4)}-4${hex(rnd, 3)}-a${hex(rnd, 3)}-${hex(rnd, 12)}`;

/** Production: the whole storefront, with bots, webhooks, analytics beacons and account pages. */
export const PRODUCTION: Endpoint[] = [
  { method: 'GET', path: () => '/', weight: 8, size: [30_000, 60_000], latency: [0.02, 0.12] },
  { method: 'GET', path: () => '/products', weight: 12, size: [40_000, 120_000], latency: [0.03, 0.25] },
  {
    method: 'GET',
    path: (r) => `/products/${id(24_000)(r)}`,
    weight: 20,
    size: [35_000, 90_000],
    latency: [0.02, 0.2],
  },
  {
    method: 'GET',
    path: (r) => `/api/products/${id(24_000)(r)}/reviews`,
    weight: 5,
    size: [4_000, 60_000],
    latency: [0.01, 0.3],
  },
  { method: 'GET', path: () => '/api/cart', weight: 9, size: [1_500, 9_000], latency: [0.005, 0.05] },
  {
    method: 'POST',
    path: () => '/api/cart/items',
    weight: 5,
    size: [1_500, 9_000],
    latency: [0.01, 0.08],
    status: 201,
  },
  {
    method: 'DELETE',
    path: (r) => `/api/cart/items/${id(900_000)(r)}`,
    weight: 1,
    size: [0, 0],
    latency: [0.01, 0.05],
    status: 204,
  },
  {
    method: 'POST',
    path: () => '/api/checkout',
    weight: 2.5,
    size: [800, 3_000],
    latency: [0.15, 1.2],
    status: 201,
  },
  {
    method: 'POST',
    path: (r) => `/api/payments/${uuid(r)}/confirm`,
    weight: 1.5,
    size: [400, 1_200],
    latency: [0.3, 2.5],
  },
  {
    method: 'GET',
    path: (r) => `/api/orders/${id(1_500_000)(r)}`,
    weight: 4,
    size: [2_000, 12_000],
    latency: [0.01, 0.1],
  },
  { method: 'GET', path: () => '/api/orders', weight: 2, size: [5_000, 80_000], latency: [0.05, 0.9] },
  {
    method: 'GET',
    path: (r) => `/static/app.${hex(r, 8)}.js`.replace(/\.[0-9a-f]{8}\./, '.3f9a2c1d.'),
    weight: 6,
    size: [180_000, 180_000],
    latency: [0.001, 0.004],
  },
  {
    method: 'GET',
    path: () => '/static/app.3f9a2c1d.css',
    weight: 3,
    size: [42_000, 42_000],
    latency: [0.001, 0.003],
  },
  { method: 'GET', path: () => '/api/search', weight: 5, size: [3_000, 40_000], latency: [0.05, 0.6] },
  { method: 'POST', path: () => '/api/auth/login', weight: 1.5, size: [600, 900], latency: [0.08, 0.3] },
  { method: 'POST', path: () => '/api/auth/refresh', weight: 1, size: [600, 900], latency: [0.01, 0.04] },
  {
    method: 'GET',
    path: () => '/api/recommendations',
    weight: 3,
    size: [6_000, 25_000],
    latency: [0.08, 0.7],
  },
  { method: 'POST', path: () => '/webhooks/stripe', weight: 1, size: [20, 60], latency: [0.02, 0.2] },
  {
    method: 'GET',
    path: (r) => `/api/inventory/SKU-${id(99_999)(r)}`,
    weight: 2,
    size: [200, 600],
    latency: [0.005, 0.04],
  },
  { method: 'PATCH', path: () => '/api/account', weight: 0.5, size: [900, 2_000], latency: [0.02, 0.1] },
  { method: 'POST', path: () => '/api/events', weight: 4, size: [0, 0], latency: [0.001, 0.01], status: 204 },
  { method: 'GET', path: () => '/sitemap.xml', weight: 0.3, size: [900_000, 1_200_000], latency: [0.3, 0.9] },
  {
    method: 'GET',
    path: () => '/feeds/google-shopping.xml',
    weight: 0.2,
    size: [4_000_000, 5_000_000],
    latency: [1, 3],
  },
  {
    method: 'GET',
    path: (r) => `/api/gift-cards/${hex(r, 16)}`,
    weight: 0.4,
    size: [200, 400],
    latency: [0.01, 0.05],
  },
  { method: 'POST', path: () => '/api/newsletter', weight: 0.3, size: [100, 200], latency: [0.02, 0.1] },
  {
    method: 'GET',
    path: () => '/api/stores/nearby',
    weight: 0.8,
    size: [2_000, 8_000],
    latency: [0.05, 0.4],
  },
];

/** Staging: QA scripts walking the happy path on a small catalogue, plus a debug endpoint. */
export const STAGING: Endpoint[] = [
  { method: 'GET', path: () => '/', weight: 12, size: [4_000, 8_000], latency: [0.01, 0.05] },
  { method: 'GET', path: () => '/products', weight: 14, size: [5_000, 9_000], latency: [0.01, 0.06] },
  {
    method: 'GET',
    path: (r) => `/products/${id(40)(r)}`,
    weight: 18,
    size: [4_000, 8_000],
    latency: [0.01, 0.05],
  },
  { method: 'GET', path: () => '/api/cart', weight: 14, size: [300, 1_200], latency: [0.003, 0.02] },
  {
    method: 'POST',
    path: () => '/api/cart/items',
    weight: 9,
    size: [300, 1_200],
    latency: [0.005, 0.03],
    status: 201,
  },
  {
    method: 'POST',
    path: () => '/api/checkout',
    weight: 6,
    size: [500, 900],
    latency: [0.05, 0.2],
    status: 201,
  },
  {
    method: 'GET',
    path: (r) => `/api/orders/${id(300)(r)}`,
    weight: 6,
    size: [500, 1_500],
    latency: [0.005, 0.03],
  },
  { method: 'POST', path: () => '/api/auth/login', weight: 6, size: [600, 900], latency: [0.05, 0.15] },
  {
    method: 'GET',
    path: () => '/static/app.3f9a2c1d.js',
    weight: 6,
    size: [180_000, 180_000],
    latency: [0.001, 0.004],
  },
  {
    method: 'GET',
    path: () => '/static/app.3f9a2c1d.css',
    weight: 4,
    size: [42_000, 42_000],
    latency: [0.001, 0.003],
  },
  { method: 'GET', path: () => '/api/search', weight: 4, size: [300, 2_000], latency: [0.01, 0.05] },
  {
    method: 'GET',
    path: () => '/api/debug/feature-flags',
    weight: 1,
    size: [500, 800],
    latency: [0.002, 0.01],
  },
];
