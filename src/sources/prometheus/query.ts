import type { VectorSample } from './extract.js';

/** Why a query failed, in words a user can act on (never a stack). */
export class PrometheusQueryError extends Error {
  override name = 'PrometheusQueryError';
}

interface ApiResponse {
  status?: string;
  error?: string;
  data?: {
    resultType?: string;
    result?: { metric?: Record<string, string>; value?: [number, string]; values?: [number, string][] }[];
  };
}

async function get(
  base: string,
  path: string,
  params: Record<string, string>,
  timeoutMs: number,
): Promise<ApiResponse> {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  // fetch refuses a URL with credentials: they travel as basic authentication instead.
  const headers: Record<string, string> = { accept: 'application/json' };
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const what =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : (cause ?? (error as Error).message);
    throw new PrometheusQueryError(`cannot reach Prometheus at ${url.origin}: ${what}`);
  }
  const body = (await response.json().catch(() => ({}))) as ApiResponse;
  if (!response.ok || body.status !== 'success') {
    throw new PrometheusQueryError(
      `Prometheus answered ${response.status}: ${body.error ?? 'not a Prometheus API response'}`,
    );
  }
  return body;
}

/** An instant query: one sample per series. */
export async function instant(
  base: string,
  query: string,
  time: number,
  timeoutMs: number,
): Promise<VectorSample[]> {
  const body = await get(base, 'api/v1/query', { query, time: String(time) }, timeoutMs);
  return (body.data?.result ?? []).map((r) => ({ metric: r.metric ?? {}, value: Number(r.value?.[1]) }));
}

/** A range query summed to one series: the values at each step (missing steps are left out). */
export async function range(
  base: string,
  query: string,
  start: number,
  end: number,
  step: number,
  timeoutMs: number,
): Promise<number[]> {
  const body = await get(
    base,
    'api/v1/query_range',
    { query, start: String(start), end: String(end), step: `${step}s` },
    timeoutMs,
  );
  const first = body.data?.result?.[0];
  return (first?.values ?? []).map((v) => Number(v[1])).filter(Number.isFinite);
}
