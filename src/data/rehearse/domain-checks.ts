import type { Client } from 'pg';
import { quoteIdent } from './catalog.js';

/** A CHECK constraint of a domain the candidate schema defines (`CREATE DOMAIN email AS text CHECK ...`). */
export interface DomainCheck {
  /** Schema-qualified and quoted. */
  domain: string;
  name: string;
  definition: string;
}

/**
 * Synthetic rows follow production's statistics, not a domain's rules: like the tables' checks,
 * a domain's checks are dropped for the load and re-added after it (NOT VALID when the rows
 * break them, which the report says).
 */
export async function dropDomainChecks(client: Client): Promise<DomainCheck[]> {
  const { rows } = await client.query<DomainCheck>(
    `SELECT format('%I.%I', n.nspname, t.typname) AS domain, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_type t ON t.oid = c.contypid JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE c.contype = 'c' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
     ORDER BY 1, 2`,
  );
  for (const check of rows)
    await client.query(`ALTER DOMAIN ${check.domain} DROP CONSTRAINT ${quoteIdent(check.name)}`);
  return rows;
}

export async function restoreDomainChecks(client: Client, checks: readonly DomainCheck[]): Promise<string[]> {
  const notes: string[] = [];
  for (const check of checks) {
    const add = `ALTER DOMAIN ${check.domain} ADD CONSTRAINT ${quoteIdent(check.name)} ${check.definition}`;
    try {
      await client.query(add);
    } catch {
      try {
        await client.query(`${add} NOT VALID`);
        notes.push(
          `domain ${check.domain}: check ${check.name} re-added NOT VALID (the synthetic rows break it)`,
        );
      } catch (error) {
        notes.push(
          `domain ${check.domain}: check ${check.name} could not be rebuilt: ${(error as Error).message}`,
        );
      }
    }
  }
  return notes;
}
