/**
 * Kubernetes resource quantities (`250m`, `1.5`, `512Mi`, `1G`, `1e3`) as plain numbers: CPU in
 * cores, memory in bytes. https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
/** Sub-unit suffixes divide, so `250m` is exactly 0.25 rather than 250 * 0.001. */
const FRACTION: Record<string, number> = { n: 1e9, u: 1e6, m: 1e3 };

const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

/** The value of a quantity, or undefined when it is not one (negative quantities included). */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = QUANTITY.exec(value.trim());
  if (!m) return undefined;
  const [, digits = '', exponent, suffix] = m;
  let result = Number(digits);
  if (exponent) result = Number(`${digits}${exponent}`);
  else if (suffix && suffix in BINARY) result *= BINARY[suffix] ?? 1;
  else if (suffix && suffix in DECIMAL) result *= DECIMAL[suffix] ?? 1;
  else if (suffix && suffix in FRACTION) result /= FRACTION[suffix] ?? 1;
  return Number.isFinite(result) ? Number(result.toPrecision(15)) : undefined;
}

/** Container resources as facts: `resources.<group>.<resource>` -> attribute, in `unit` (Kubernetes and Helm values alike). */
export const CONTAINER_RESOURCES = [
  ['requests', 'cpu', 'cpu-request', 'cores'],
  ['limits', 'cpu', 'cpu-limit', 'cores'],
  ['requests', 'memory', 'memory-request', 'bytes'],
  ['limits', 'memory', 'memory-limit', 'bytes'],
] as const;
