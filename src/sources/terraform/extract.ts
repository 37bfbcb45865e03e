import { parseJsonDocument } from '../json-docs.js';
import type { Fingerprinter, SourceResult } from '../types.js';
import { attributeFacts } from './attributes.js';
import { dnsFacts } from './dns.js';
import type { TfEmit } from './emit.js';
import { iamFacts } from './iam.js';
import { readTerraformJson } from './resources.js';
import { tlsFacts } from './tls.js';

export interface TerraformExtractInput {
  source: string;
  /** Path as shown to users. */
  file: string;
  fingerprint: Fingerprinter;
  /** The environment's name, stripped from host names so both environments' records pair. */
  environment: string;
}

/**
 * `terraform show -json` (state or plan) or a raw state file in, facts out: sizes, versions,
 * counts, DNS TTLs, certificates and IAM permissions. Sensitive attributes are never read. Pure.
 */
export function extractTerraform(text: string, input: TerraformExtractInput): SourceResult {
  const out: TfEmit = { ...input, facts: [], skips: [] };
  const document = parseJsonDocument(text);
  if (!document) {
    out.skips.push({ source: input.source, file: input.file, reason: notJson(text) });
    return { facts: [], skips: out.skips };
  }
  const read = readTerraformJson(document.value, document.lineOf);
  if ('problem' in read) {
    out.skips.push({ source: input.source, file: input.file, line: 1, reason: read.problem });
    return { facts: [], skips: out.skips };
  }
  if (read.tooDeep) {
    out.skips.push({
      source: input.source,
      file: input.file,
      line: 1,
      reason: 'modules nested more than 64 levels deep were not read',
    });
  }
  if (read.resources.length === 0) {
    out.skips.push({
      source: input.source,
      file: input.file,
      line: 1,
      reason: `the ${read.format} holds no resources`,
    });
    return { facts: [], skips: out.skips };
  }
  attributeFacts(out, read.resources);
  dnsFacts(out, read.resources);
  tlsFacts(out, read.resources);
  iamFacts(out, read.resources);
  return { facts: out.facts, skips: out.skips };
}

function notJson(text: string): string {
  const start = text.trimStart();
  if (/^(resource|module|provider|terraform|variable|data|locals|output)\b/.test(start)) {
    return 'this is Terraform configuration (HCL), not evidence of what exists: give `terraform show -json` output';
  }
  return 'expected JSON from `terraform show -json` (a state or a plan)';
}
