import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import input from '@inquirer/input';
import select from '@inquirer/select';
import { MAX_CONFIG_BYTES } from '../../config/load.js';
import type { Audit } from '../../model/audit.js';
import type { DecisionKind, Divergence } from '../../model/divergence.js';
import { decisionState } from '../../policy/decide.js';
import { type EntryFields, editDecisions } from '../../policy/yaml-edit.js';
import { readRegularText } from '../../regular-file.js';
import { renderRule } from '../../report/explain.js';
import { largestFirst } from '../../report/order.js';
import { findRule } from '../../rules/index.js';
import { redactDeep } from '../../secrets/redact.js';
import { cleanText } from '../../units/clean.js';
import { plural } from '../../units/plural.js';
import { useColor } from '../run.js';

type Choice = DecisionKind | 'skip' | 'explain' | 'quit';

interface Item {
  divergence: Divergence;
  environment?: string;
}

/**
 * Undecided, expired and drafted divergences, largest first as the report lists them (severity,
 * then the size of the difference where known), once per rule and key.
 */
export function walkOrder(audit: Audit): Item[] {
  const several = audit.comparisons.length > 1;
  const seen = new Set<string>();
  const items: Item[] = [];
  for (const c of audit.comparisons) {
    for (const d of c.divergences) {
      if (decisionState(d) === 'decided') continue;
      const id = `${several ? c.candidate : ''}|${d.rule}|${d.key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      items.push({ divergence: d, ...(several ? { environment: c.candidate } : {}) });
    }
  }
  return items.sort((a, b) => largestFirst(a.divergence, b.divergence));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * `parity decide` on a terminal: each undecided divergence in turn, largest first; accept /
 * eliminate / test-elsewhere / skip, then the reason, owner and expiry. Each answer is written into
 * parity.yaml at once (an expired decision or a draft is updated in place), so stopping midway
 * keeps what was decided. Everything written is redacted first.
 */
export async function decideInteractively(
  audit: Audit,
  options: { file: string; expiresInDays: number },
): Promise<number> {
  const items = walkOrder(audit);
  const out = process.stdout;
  if (items.length === 0) {
    out.write('parity: every divergence has a decision; nothing to decide\n');
    return 0;
  }
  const color = useColor(out, undefined);
  const file = path.resolve(options.file);
  const defaultExpiry = isoDay(new Date(Date.now() + options.expiresInDays * 86_400_000));
  let written = 0;
  out.write(`${items.length} divergences to decide, largest first. Ctrl-C stops; answers so far are kept.\n`);
  try {
    for (const [index, { divergence: d, environment }] of items.entries()) {
      const state = decisionState(d);
      out.write(
        `\n[${index + 1}/${items.length}] ${d.severity.toUpperCase()}  ${cleanText(d.rule)}${environment ? `  (${cleanText(environment)})` : ''}\n  ${cleanText(d.message)}\n  key: ${cleanText(d.key)}\n  risk: ${cleanText(d.risk)}\n`,
      );
      if (state !== 'undecided')
        out.write(`  ${state === 'drafted' ? 'drafted' : 'expired'}: ${cleanText(d.decision!.reason)}\n`);
      let choice: Choice;
      for (;;) {
        choice = await select<Choice>({
          message: 'Decision',
          choices: [
            {
              value: 'accept',
              name: 'accept',
              description: 'keep the difference; say why and what covers the risk',
            },
            { value: 'eliminate', name: 'eliminate', description: 'make staging match production' },
            { value: 'test-elsewhere', name: 'test-elsewhere', description: 'test the risk another way' },
            { value: 'skip', name: 'skip', description: 'decide later' },
            { value: 'explain', name: `explain ${d.rule}`, description: "the rule's risk and remedy" },
            { value: 'quit', name: 'quit', description: 'stop here; answers so far are kept' },
          ],
        });
        if (choice !== 'explain') break;
        const rule = findRule(d.rule);
        out.write(
          rule
            ? `\n${renderRule(rule, { color, width: Math.min(out.columns || 100, 100) })}\n`
            : `no explanation for ${d.rule}\n`,
        );
      }
      if (choice === 'quit') break;
      if (choice === 'skip') continue;
      const reason = await input({
        message: 'Reason',
        default: state === 'expired' ? d.decision!.reason : undefined,
        validate: (v) => v.trim().length > 0 || 'every decision needs a reason',
      });
      const verify =
        choice === 'test-elsewhere'
          ? await input({
              message: 'Verify (the command that tests it elsewhere)',
              default: d.decision?.verify,
              validate: (v) => v.trim().length > 0 || 'test-elsewhere needs the command',
            })
          : undefined;
      const owner = await input({ message: 'Owner (optional)', default: d.decision?.owner });
      const expires = await input({
        message: 'Expires (YYYY-MM-DD, empty for never)',
        default: defaultExpiry,
        validate: (v) => v.trim() === '' || DATE.test(v.trim()) || 'expected a date as YYYY-MM-DD',
      });
      const fields: EntryFields = redactDeep({
        decision: choice,
        reason: reason.trim(),
        verify: verify?.trim() || undefined,
        owner: owner.trim() || undefined,
        expires: expires.trim() || undefined,
      });
      await writeDecision(file, d, environment, fields);
      written++;
      out.write(`  written to ${options.file}\n`);
    }
  } catch (error) {
    if ((error as Error).name !== 'ExitPromptError') throw error;
    out.write('\n');
  }
  out.write(`parity: ${plural(written, 'decision')} written to ${options.file}\n`);
  return 0;
}

async function writeDecision(
  file: string,
  d: Divergence,
  environment: string | undefined,
  fields: EntryFields,
): Promise<void> {
  const text = await readRegularText(file, MAX_CONFIG_BYTES);
  const line = d.decision?.origin?.line;
  const edits =
    line !== undefined
      ? // The expired decision or the draft that matched: updated in place, its comments kept.
        { add: [], update: [{ line, set: { ...fields, draft: undefined } }] }
      : {
          add: [redactDeep({ rule: d.rule, key: d.key, environment, ...fields }) as EntryFields],
          update: [],
        };
  await writeFile(file, editDecisions(text, edits, path.relative(process.cwd(), file) || file));
}
