import { execFile } from 'node:child_process';
import { findOnPath } from '../files.js';
import { extractKubernetes } from '../kubernetes/extract.js';
import type { Fingerprinter, SourceResult } from '../types.js';

export interface RenderInput {
  source: string;
  fingerprint: Fingerprinter;
  release: string;
  /** Absolute chart folder (holding Chart.yaml). */
  chartDir: string;
  /** Chart folder as shown to users. */
  chartDisplay: string;
  /** Absolute values files in merge order. */
  valuesFiles: readonly string[];
  /** PATH to look for helm in; the process's own by default. */
  searchPath?: string;
}

const TIMEOUT_MS = 60_000;

/**
 * `helm template` with the same values files, read by the kubernetes source's extractor: what the
 * chart really renders, conditionals and helpers included. Never contacts a cluster.
 */
export async function renderChart(input: RenderInput): Promise<SourceResult> {
  const helm = await findOnPath('helm', input.searchPath ?? process.env.PATH ?? '');
  if (!helm) {
    return {
      facts: [],
      skips: [
        { source: input.source, reason: 'render: true needs helm on PATH; only the values files were read' },
      ],
    };
  }
  const args = ['template', input.release, input.chartDir];
  for (const file of input.valuesFiles) args.push('--values', file);
  const run = await execHelm(helm, args);
  if ('problem' in run) {
    return {
      facts: [],
      skips: [
        { source: input.source, file: input.chartDisplay, reason: `helm template failed: ${run.problem}` },
      ],
    };
  }
  return extractKubernetes([{ file: `helm template ${input.chartDisplay}`, text: run.stdout }], {
    source: input.source,
    fingerprint: input.fingerprint,
  });
}

function execHelm(helm: string, args: string[]): Promise<{ stdout: string } | { problem: string }> {
  return new Promise((resolve) => {
    execFile(
      helm,
      args,
      { timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HELM_NO_PLUGINS: '1' } },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout });
          return;
        }
        const code = (error as { code?: unknown }).code;
        resolve({ problem: `${describeExit(code, error.killed)}${firstLine(stderr)}` });
      },
    );
  });
}

function describeExit(code: unknown, killed: boolean | undefined): string {
  if (killed) return `no answer within ${TIMEOUT_MS / 1000} s`;
  return typeof code === 'number' ? `exit code ${code}` : `could not run (${String(code)})`;
}

/**
 * Helm's own message, without quoted text: a template error can quote a value, and values may
 * hold secrets.
 */
function firstLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.trim() !== '');
  if (!line) return '';
  const safe = line
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .trim();
  return `: ${safe.length > 200 ? `${safe.slice(0, 197)}...` : safe}`;
}
