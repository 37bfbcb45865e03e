import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PlanComparison } from '../../data/plans/plans.js';
import type { RehearseResult } from '../../data/rehearse/rehearse.js';
import { REPORT_FORMATS } from '../../model/constants.js';
import { redactDeep, redactText } from '../../secrets/redact.js';
import { emptyRecord } from '../../traffic/logs/record.js';
import { finishProfile } from '../../traffic/profile/finish.js';
import { addRecord, createAccumulator } from '../../traffic/profile/profile.js';
import type { ReplayResult } from '../../traffic/replay/run.js';
import { driftedAudit } from '../__fixtures__/audit-drifted.js';
import { renderAudit } from '../index.js';
import { REPORT_WRITERS, type ReportKind, type ReportWriter, writerFor } from './index.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FORMATS_DIR = path.join(SRC, 'report/formats');

/** One of each report, small but with every part a writer shows. */
function renderEach(writer: ReportWriter): Record<ReportKind, string> {
  const plan = { totalCost: 10, rows: 1, shape: 'Seq Scan', tree: ['Seq Scan on orders'] };
  const comparisons = [
    { name: 'by-status', verdict: 'flip', note: 'Seq Scan | Index Scan', baseline: { summary: plan } },
  ] as unknown as PlanComparison[];
  const rehearsal = {
    scale: 1,
    tables: [{ key: 'orders', rows: 10, skew: [], notes: [] }],
    generation: { rows: 10, ms: 5, rowsPerSecond: 2000, indexMs: 1, analyzeMs: 1, totalMs: 7 },
    queries: [{ name: 'by-status', rehearsal: { summary: plan }, flip: false }],
    notes: ['a note'],
  } as unknown as RehearseResult;
  const acc = createAccumulator();
  const record = { ...emptyRecord(), time: 1_700_000_000_000, method: 'GET', path: '/orders/1', status: 200 };
  addRecord(acc, record);
  const replay: ReplayResult = {
    target: 'http://127.0.0.1:8080',
    ...{ planned: 1, sent: 1, completed: 1, dropped: 0, notSent: 0, unfinished: 0, elapsedMs: 10 },
    ...{ achievedRps: 100, latencyMs: null, serviceMs: null, scheduleLagMs: null },
    statuses: { '200': 1 },
    errors: {},
    endpoints: [{ template: '/orders/{id}', sent: 1, errors: 0, dropped: 0, latencyMs: null }],
  };
  return {
    audit: writer.audit(driftedAudit, {}),
    plans: writer.plans({ comparisons, names: { baseline: 'prod', candidate: 'stg' }, skips: [] }),
    rehearsal: writer.rehearsal({ result: rehearsal, skips: [], stagingName: 'stg' }),
    profile: writer.profile(finishProfile(acc, ['access.log'])),
    replay: writer.replay({ result: replay, skippedMethods: { POST: 2 }, notOriginForm: 0 }),
  };
}

/** Production files under src/, as paths relative to it. */
function productionFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory())
      return e.name === '__fixtures__' || e.name === 'test-support' ? [] : productionFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path.relative(SRC, full)] : [];
  });
}

describe('REPORT_WRITERS', () => {
  it('has a writer for every format of REPORT_FORMATS and none besides', () => {
    expect(Object.keys(REPORT_WRITERS).sort()).toEqual([...REPORT_FORMATS].sort());
    for (const format of REPORT_FORMATS) expect(writerFor(format)).toBe(REPORT_WRITERS[format]);
    expect(() => writerFor('nonesuch' as never)).toThrow(/unknown report format "nonesuch"; expected one of/);
    expect(() => writerFor('constructor' as never)).toThrow(/unknown report format/);
  });

  it('lists every writer file of src/report/formats/', () => {
    const index = readFileSync(path.join(FORMATS_DIR, 'index.ts'), 'utf8');
    const writerFiles = readdirSync(FORMATS_DIR).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts' && f !== 'writer.ts',
    );
    expect(writerFiles.sort()).toEqual([...REPORT_FORMATS].map((f) => `${f}.ts`).sort());
    for (const file of writerFiles) expect(index).toContain(`from './${file.replace(/\.ts$/, '.js')}'`);
  });

  it('makes every format write every report, each its own way', () => {
    const outputs = REPORT_FORMATS.map((f) => renderEach(REPORT_WRITERS[f]));
    for (const kind of Object.keys(outputs[0]!) as ReportKind[]) {
      for (const out of outputs) expect(out[kind].trim().length, kind).toBeGreaterThan(0);
      // Two formats writing one report alike means one of them borrowed the other's writer.
      expect(new Set(outputs.map((o) => o[kind])).size, kind).toBe(REPORT_FORMATS.length);
    }
  });

  it('renderAudit writes through the format writer: prose redacted as text, data value by value', () => {
    for (const format of REPORT_FORMATS) {
      const writer = REPORT_WRITERS[format];
      const safe = writer.audit(redactDeep(driftedAudit), {});
      expect(renderAudit(driftedAudit, format)).toBe(writer.medium === 'data' ? safe : redactText(safe));
      expect(renderAudit(driftedAudit, format)).not.toContain('sk_live_51Planted');
    }
  });

  it('is the only place that picks a rendering by format: no command dispatches past it', () => {
    // A format compared with a literal, a switch over formats, or a per-format renderer called
    // outside the writers would keep a new format from its writer (it would print another's).
    const names = `['"](${REPORT_FORMATS.join('|')})['"]`;
    const dispatch = [
      new RegExp(`\\bformat\\w*\\)?\\s*[!=]==?\\s*${names}`, 'i'),
      new RegExp(`${names}\\s*[!=]==?\\s*\\w*format\\b`, 'i'),
      // (`case 'json'` alone is also a log format's or a column type's: a switch over report formats has the others)
      new RegExp(`\\bcase\\s+['"](${REPORT_FORMATS.filter((f) => f !== 'json').join('|')})['"]`),
      /\brender\w*(Text|Markdown|Json)\(/,
    ];
    const offenders: string[] = [];
    for (const rel of productionFiles()) {
      if (rel.startsWith(path.join('report', 'formats'))) continue; // the writers themselves
      readFileSync(path.join(SRC, rel), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/^\s*export function/.test(line)) return; // a renderer's own definition
          if (dispatch.some((re) => re.test(line))) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
