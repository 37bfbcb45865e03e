import { ParityError } from '../../errors.js';
import {
  compareDatabases,
  type DatabaseIdentity,
  describeIdentity,
  IdentityUnknown,
  readIdentity,
} from '../../postgres/identity.js';
import type { Session } from '../../postgres/session.js';

/** An environment `rehearse` reads or measures. */
export interface GuardTarget {
  name: string;
  url: string;
  production: boolean;
}

export interface StagingClearance {
  /** Production's identity, to check again over the session that runs EXPLAIN ANALYZE. */
  production?: DatabaseIdentity;
  /** A loud note when the check was skipped on request (--allow-unverified-staging). */
  warning?: string;
}

const OVERRIDE = '--allow-unverified-staging';

/**
 * Clears staging for EXPLAIN ANALYZE (which runs the queries) only when it is provably not
 * production: its server `system_identifier` and database OID differ from production's. Refuses
 * when they match, and when either cannot be read, unless told to go ahead unverified.
 * A staging marked production needs no clearance: it is only ever EXPLAINed.
 */
export async function clearStagingForAnalyze(
  staging: GuardTarget,
  production: GuardTarget | undefined,
  options: { allowUnverified?: boolean } = {},
): Promise<StagingClearance> {
  if (staging.production) return {};
  const unverified = (why: string): StagingClearance => {
    if (!options.allowUnverified)
      throw new ParityError(
        `refusing to EXPLAIN ANALYZE ${staging.name}: whether it is production cannot be checked (${why}). Fix that, or pass --staging-production to plan ${staging.name} estimated only, or ${OVERRIDE} to run the queries there anyway`,
      );
    return {
      warning: `WARNING: ${staging.name} was not checked against production (${why}); its queries were EXPLAIN ANALYZEd (run) on your word (${OVERRIDE})`,
    };
  };
  if (!production)
    return unverified(
      'production is known only from a snapshot here; --from-url lets its server identity be compared',
    );
  const same = await compareDatabases(production, staging);
  if (same.verdict === 'unknown') return unverified(same.reason);
  if (same.verdict === 'same') throw sameDatabase(staging.name, same.b);
  return { production: same.a };
}

function sameDatabase(name: string, id: DatabaseIdentity): ParityError {
  return new ParityError(
    `refusing to EXPLAIN ANALYZE ${name}: ${id.display} is the production database (${describeIdentity(id)}, the same as --from-url's), whatever its URL says; EXPLAIN ANALYZE would run the queries on production. Pass a staging URL, or --staging-production to plan it estimated only`,
  );
}

/**
 * Checks again over the very session that will run EXPLAIN ANALYZE (a DNS name or a load
 * balancer can send the second connection elsewhere than the first).
 */
export async function recheckSession(
  session: Session,
  name: string,
  production: DatabaseIdentity,
): Promise<void> {
  let id: DatabaseIdentity;
  try {
    id = await readIdentity(session);
  } catch (error) {
    if (error instanceof IdentityUnknown)
      throw new ParityError(`refusing to EXPLAIN ANALYZE ${name}: ${error.message}`);
    throw error;
  }
  if (id.systemIdentifier === production.systemIdentifier && id.databaseOid === production.databaseOid)
    throw sameDatabase(name, id);
}
