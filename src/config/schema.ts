import { z } from 'zod';
import { DecisionKind } from '../model/divergence.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A source entry: `kind`, `path`, `id` and `optional` are common; every other key belongs to the source kind. */
export const SourceEntry = z
  .object({
    kind: z.string().min(1),
    id: z.string().min(1).optional(),
    path: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** Reading nothing (no file matched, an unset ${VAR}, a server down) is accepted, not an error. */
    optional: z.boolean().optional(),
  })
  .catchall(z.unknown());
export type SourceEntry = z.infer<typeof SourceEntry>;

export const EnvironmentEntry = z
  .object({
    /** Marks an environment as production: sources stay strictly read-only, replay refuses it. */
    production: z.boolean().optional(),
    sources: z.array(SourceEntry).default([]),
    /**
     * Words this environment's own names are written with, besides its name and the usual aliases
     * (`stg`, `prd`, ...): values that differ only by them are reported as one grouped finding.
     */
    tokens: z
      .array(z.string().regex(/^[A-Za-z0-9]+$/, 'expected a word of letters and digits (e.g. eu1, blue)'))
      .optional(),
  })
  .strict();

const Ratio = z.number().positive().max(1000);

export const ScaleEntry = z
  .object({
    replicas: Ratio.optional(),
    resources: Ratio.optional(),
    data: Ratio.optional(),
    traffic: Ratio.optional(),
    /** Accepted relative deviation from the ratio: 0.5 accepts expected/1.5 .. expected*1.5. */
    tolerance: z.number().min(0).max(100).optional(),
  })
  .strict();

export const RenameEntry = z
  .object({
    match: z.string().min(1),
    replace: z.string().default(''),
  })
  .strict();

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const DecisionEntry = z
  .object({
    rule: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    environment: z.string().min(1).optional(),
    decision: DecisionKind,
    reason: z.string().trim().min(1, 'every decision needs a reason'),
    owner: z.string().min(1).optional(),
    expires: z.string().regex(DATE, 'expected a date as YYYY-MM-DD').optional(),
    verify: z.string().min(1).optional(),
    /** For `accept`: the compensating control that covers the risk. */
    control: z.string().min(1).optional(),
    /** Written by `parity decide --write`: awaiting the team's reason; holds the gate until removed. */
    draft: z.boolean().optional(),
  })
  .strict()
  .refine((d) => d.rule !== undefined || d.key !== undefined, {
    message: 'a decision needs `rule`, `key` or both to say what it matches',
  })
  .refine((d) => d.decision !== 'test-elsewhere' || d.verify !== undefined, {
    message: 'a `test-elsewhere` decision needs `verify`: the command that tests it elsewhere',
    path: ['verify'],
  });
export type DecisionEntry = z.infer<typeof DecisionEntry>;

/** `traffic.replay`: where `parity traffic replay` may send requests, and hosts it must refuse. */
export const TrafficEntry = z
  .object({
    replay: z
      .object({
        allow: z.array(z.string().min(1)).default([]),
        production: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ allow: [], production: [] }),
  })
  .strict();

export const ConfigFile = z
  .object({
    version: z.literal(1),
    baseline: z.string().regex(NAME).optional(),
    environments: z
      .record(
        z.string().regex(NAME, 'expected an environment name of letters, digits, . _ -'),
        EnvironmentEntry,
      )
      .refine((envs) => Object.keys(envs).length >= 2, {
        message: 'expected at least two environments to compare',
      }),
    scale: ScaleEntry.default({}),
    rename: z.array(RenameEntry).default([]),
    // `decisions:` with nothing under it yet (init writes it so) is no decisions, not a type error.
    decisions: z.preprocess((v) => v ?? undefined, z.array(DecisionEntry).default([])),
    traffic: TrafficEntry.optional(),
  })
  .strict();
export type ConfigFile = z.infer<typeof ConfigFile>;
