import { isMap, isSeq, YAMLSeq } from 'yaml';
import type { Audit } from '../model/audit.js';
import type { DecisionKind } from '../model/divergence.js';
import { loadYamlConfig } from '../sources/yaml-package.js';
import { isUndecided } from './decide.js';

export interface DraftOptions {
  decision: DecisionKind;
  now: Date;
  /** Drafts expire so that a baseline adopted today fires again unless someone decides for real. */
  expiresInDays: number;
}

export interface DraftDecision {
  rule: string;
  key: string;
  environment?: string;
  decision: DecisionKind;
  reason: string;
  expires: string;
  verify?: string;
}

/**
 * One draft per undecided divergence (rule + key), so the team can adopt and then hold the line.
 * A draft names the rule and the key, never a value. Pure.
 */
export function draftDecisions(audit: Audit, options: DraftOptions): DraftDecision[] {
  const expires = new Date(options.now.getTime() + options.expiresInDays * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const today = options.now.toISOString().slice(0, 10);
  const seen = new Set<string>();
  const out: DraftDecision[] = [];
  const several = audit.comparisons.length > 1;
  for (const c of audit.comparisons) {
    for (const d of c.divergences) {
      if (!isUndecided(d)) continue;
      const id = `${several ? c.candidate : ''}|${d.rule}|${d.key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const draft: DraftDecision = {
        rule: d.rule,
        key: d.key,
        ...(several ? { environment: c.candidate } : {}),
        decision: options.decision,
        // Never d.message: it quotes both sides' values, and parity.yaml lives in git.
        reason: `DRAFT (parity decide, ${today}): ${d.title} (${d.kind}). Replace with the team's reason.`,
        expires,
      };
      if (options.decision === 'test-elsewhere') draft.verify = 'TODO: the command that tests this elsewhere';
      out.push(draft);
    }
  }
  return out;
}

/** Appends drafts to parity.yaml's `decisions:` list, keeping the file's comments and layout. */
export function appendDecisions(text: string, drafts: readonly DraftDecision[]): string {
  const { doc } = loadYamlConfig(text);
  if (!isMap(doc.contents)) throw new Error('parity.yaml is not a mapping');
  let list = doc.get('decisions', true);
  if (!isSeq(list)) {
    list = new YAMLSeq();
    doc.set('decisions', list);
  }
  for (const draft of drafts) (list as YAMLSeq).add(doc.createNode(draft));
  return doc.toString({ lineWidth: 0 });
}
