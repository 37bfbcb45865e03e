import type { Client } from 'pg';
import type { LiteralPlace } from './column.js';
import { placeKey, type TablePlan } from './plan.js';

/**
 * Measures, on the scratch server, where each matched query literal falls among its column's
 * generated keys: which keys would produce the literal itself (stand-ins must step over them)
 * and how many sort below it (its place in value order). Types without an order get equality only.
 */
export async function measurePlaces(
  client: Client,
  plans: readonly TablePlan[],
): Promise<Map<string, Map<string, LiteralPlace>>> {
  const out = new Map<string, Map<string, LiteralPlace>>();
  for (const plan of plans)
    for (const probe of plan.probes) {
      const places = new Map<string, LiteralPlace>();
      for (const sql of [probe.sql, probe.equalOnly]) {
        try {
          const { rows } = await client.query<{ literal: string; equal: string[]; below: string }>(sql, [
            probe.lastKey,
            probe.literals,
          ]);
          for (const r of rows) places.set(r.literal, { equal: r.equal.map(Number), below: Number(r.below) });
          break;
        } catch {
          // No order (or no equality) for this type: try equality alone, else leave it unplaced.
        }
      }
      out.set(placeKey(plan.key, probe.column), places);
    }
  return out;
}
