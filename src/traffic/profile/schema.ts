import { z } from 'zod';

import { PROFILE_SCHEMA_VERSION } from './finish.js';

export { PROFILE_SCHEMA_VERSION };

const Percentiles = z.object({
  p50: z.number(),
  p90: z.number(),
  p99: z.number(),
  max: z.number(),
  mean: z.number(),
});

/** Where something was first seen: index into `files` and 1-based line, so facts can cite file:line. */
const FirstSeen = z.object({ file: z.number(), line: z.number() });

export const EndpointShare = z.object({
  method: z.string(),
  template: z.string(),
  requests: z.number(),
  share: z.number(),
  /** Responses with status >= 500. */
  errors: z.number(),
  firstSeen: FirstSeen.optional(),
});
export type EndpointShare = z.infer<typeof EndpointShare>;

const CountShare = z.object({ requests: z.number(), share: z.number(), firstSeen: FirstSeen.optional() });

/**
 * The shape of a traffic sample: what `parity traffic profile` prints and stores, what the
 * access-log source turns into facts, and what replay and k6 export synthesise a workload from.
 */
export const TrafficProfile = z.object({
  schemaVersion: z.literal(PROFILE_SCHEMA_VERSION),
  files: z.array(z.string()),
  lines: z.number(),
  requests: z.number(),
  unparsed: z.number(),
  /** Lines whose time went back more than 2 s (clock jumps, interleaved files). */
  clockJumps: z.number(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  /** Seconds from the first to the last request, inclusive: the windows rates are taken over. */
  seconds: z.number(),
  rate: z.object({
    meanRps: z.number(),
    p50Rps: z.number(),
    p99Rps: z.number(),
    peakRps: z.number(),
    peakAt: z.string().nullable(),
    /** Requests per `step` seconds from `start`, downsampled to at most 3,600 points. */
    series: z.object({ step: z.number(), counts: z.array(z.number()) }),
  }),
  burstiness: z.object({
    peakToMean: z.number(),
    /** Variance over mean of the per-second counts: 1 for Poisson arrivals, far above for bursts. */
    dispersionIndex: z.number(),
  }),
  /** From logged request times (Little's law per second); null when times are not logged. */
  concurrency: z.object({ mean: z.number(), peak: z.number() }).nullable(),
  endpoints: z.array(EndpointShare),
  /** Requests that fell beyond the endpoint limit, counted rather than dropped. */
  otherEndpoints: z.number(),
  methods: z.record(z.string(), CountShare),
  statuses: z.record(z.string(), CountShare),
  writeShare: z.number(),
  sizes: z.object({ response: Percentiles.nullable(), request: Percentiles.nullable() }),
  /** Request times read in milliseconds: from formats that document the unit, or where it was named. */
  latencyMs: Percentiles.nullable(),
  /**
   * Request times logged in a field whose unit is unknown (a JSON `latency` of bare numbers, no
   * `--duration-unit`): how many, which fields, the smallest and largest number as logged. They
   * are not latencies in any unit and are left out of latencyMs and concurrency. Absent when none.
   */
  durationUnitUnknown: z
    .object({ requests: z.number(), fields: z.array(z.string()), min: z.number(), max: z.number() })
    .optional(),
  clients: z.object({
    unique: z.number(),
    /** Write requests repeating the same client, method and path within a second. */
    duplicateSubmits: z.number(),
    duplicateSubmitShare: z.number(),
    /** Requests repeating a client's request that just got a 5xx, 429 or 408 (within 10 s). */
    retries: z.number(),
    retryShare: z.number(),
    /** Clients that sent 10 or more requests within one second at least once. */
    parallelSessions: z.number(),
    parallelSessionShare: z.number(),
  }),
});
export type TrafficProfile = z.infer<typeof TrafficProfile>;
