import { describe, expect, it } from 'vitest';
import { allUnknownAudit } from '../report/__fixtures__/audit-all-unknown.js';
import { driftedAudit } from '../report/__fixtures__/audit-drifted.js';
import type { UnreadSource } from './audit.js';
import { cannotJudge } from './judgement.js';

const unread = (over: Partial<UnreadSource>): UnreadSource => ({
  environment: 'production',
  source: 'orders-db',
  kind: 'postgres',
  read: 'none',
  optional: false,
  file: 'parity.yaml',
  line: 24,
  reason: 'connection refused',
  ...over,
});

describe('cannotJudge', () => {
  it('is empty for an audit that compared and read every required source', () => {
    expect(cannotJudge(driftedAudit)).toEqual([]);
  });

  it('names each required source that read nothing, with its parity.yaml line', () => {
    expect(cannotJudge({ ...driftedAudit, unread: [unread({})] })).toEqual([
      'production: the postgres source orders-db (parity.yaml:24) read nothing: connection refused',
    ]);
  });

  it('accepts an optional source that read nothing, and a source read in part', () => {
    expect(
      cannotJudge({ ...driftedAudit, unread: [unread({ optional: true }), unread({ read: 'partial' })] }),
    ).toEqual([]);
  });

  it('says so when a comparison compared nothing', () => {
    expect(cannotJudge(allUnknownAudit)).toEqual([
      'preview against production: nothing was compared (no dimension has evidence on both sides)',
    ]);
  });
});
