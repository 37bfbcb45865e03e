import type { Divergence, DivergenceGroup, Side } from '../model/divergence.js';
import { formatValue } from '../rule-kit/values.js';
import { cleanText } from '../units/clean.js';
import { paintSeverity, visibleLength } from './ansi.js';
import { decisionTerms, expiredNote, formatOrigin } from './summary.js';
import { hangingIndent, type TextContext } from './text-context.js';
import { padEnd, wrap } from './wrap.js';

const SEVERITY_WIDTH = 'CRITICAL'.length;
/** Where the indented lines under a risk register entry start: `  CRITICAL  `. */
const DETAIL_INDENT = ' '.repeat(2 + SEVERITY_WIDTH + 2);

/** A labelled line under an entry, wrapped so continuation lines align after the label. */
function detailLine(label: string, text: string, ctx: TextContext, paint?: (t: string) => string): string {
  const first = `${DETAIL_INDENT}${label}`;
  return wrap(cleanText(text), {
    width: ctx.width,
    first,
    rest: hangingIndent(first.length, ctx.width),
    ...(paint ? { paint } : {}),
  });
}

function sideText(side: Side | undefined, ctx: TextContext): string {
  if (!side) return '(absent)';
  const where = formatOrigin(side.origin);
  // formatValue shows secrets as "(secret)" (or their redacted form): a fingerprint is never printed.
  return ctx.verbose ? `${where}  = ${formatValue(side.value)}` : where;
}

function renderEntry(divergence: Divergence, ctx: TextContext, riskShown: Set<string>): string {
  const { palette } = ctx;
  const severity = paintSeverity(palette, divergence.severity, divergence.severity.toUpperCase());
  const head = `  ${padEnd(severity, SEVERITY_WIDTH)}  ${palette.bold(cleanText(divergence.rule))}  `;
  const lines = [wrap(cleanText(divergence.message), { width: ctx.width, first: head, rest: DETAIL_INDENT })];
  if (ctx.verbose) lines.push(detailLine('key: ', divergence.key, ctx, palette.dim));
  // A rule's risk is the same words each time: print it once, at its first (most severe) entry.
  if (ctx.verbose || !riskShown.has(divergence.rule)) lines.push(detailLine('risk: ', divergence.risk, ctx));
  else lines.push(detailLine('risk: ', `as above (${divergence.rule})`, ctx, palette.dim));
  riskShown.add(divergence.rule);
  if (divergence.baseline || divergence.candidate) {
    lines.push(detailLine('baseline:  ', sideText(divergence.baseline, ctx), ctx, palette.dim));
    lines.push(detailLine('candidate: ', sideText(divergence.candidate, ctx), ctx, palette.dim));
  }
  if (divergence.group) lines.push(...groupLines(divergence.group, ctx));
  if (ctx.verbose && divergence.detail) {
    const detail = Object.entries(divergence.detail).map(
      ([k, v]) => `${k}=${v === null ? 'null' : String(v)}`,
    );
    if (detail.length > 0) lines.push(detailLine('detail: ', detail.join(' '), ctx, palette.dim));
  }
  if (divergence.decision?.expired) {
    lines.push(detailLine('', expiredNote(divergence.decision), ctx, palette.yellow));
    if (ctx.verbose) lines.push(detailLine('reason: ', divergence.decision.reason, ctx, palette.dim));
  }
  return lines.join('\n');
}

/** A grouped finding's members: how many (the message names the first few), all of them in verbose. */
function groupLines(group: DivergenceGroup, ctx: TextContext): string[] {
  const n = group.members.length;
  if (!ctx.verbose)
    return [detailLine('members: ', `${n} (--verbose or --format json lists them)`, ctx, ctx.palette.dim)];
  return group.members.map((m) =>
    detailLine(
      '- ',
      `${m.candidateKey ? `${m.key} / ${m.candidateKey}` : m.key}: ${formatValue(m.baseline?.value)} -> ${formatValue(m.candidate?.value)}`,
      ctx,
      ctx.palette.dim,
    ),
  );
}

/** The risk register: undecided divergences, most severe first, each with its risk and both origins. */
export function renderRiskRegister(undecided: Divergence[], emptyNote: string, ctx: TextContext): string {
  const title = ctx.palette.bold(`Risk register: ${undecided.length} undecided`);
  if (undecided.length === 0) return `${title}\n  ${emptyNote}`;
  const riskShown = new Set<string>();
  return [title, ...undecided.map((d) => renderEntry(d, ctx, riskShown))].join('\n\n');
}

const DECISION_WIDTH = 'test-elsewhere'.length;

/** Decided divergences, one compact line each: decision, rule, key, owner, expiry, verify command. */
export function renderDecided(decided: Divergence[], ctx: TextContext): string {
  const { palette } = ctx;
  const ruleWidth = Math.max(0, ...decided.map((d) => visibleLength(cleanText(d.rule))));
  const rest = ' '.repeat(2 + DECISION_WIDTH + 2);
  const lines = decided.map((divergence) => {
    const decision = divergence.decision;
    if (!decision) return ''; // unreachable: only divergences with a live decision are decided
    const terms = decisionTerms(decision);
    const text = `${cleanText(divergence.key)}${terms.length ? `  (${cleanText(terms.join(', '))})` : ''}`;
    const first = `  ${palette.green(padEnd(decision.decision, DECISION_WIDTH))}  ${padEnd(cleanText(divergence.rule), ruleWidth)}  `;
    const out = [wrap(text, { width: ctx.width, first, rest: hangingIndent(rest.length, ctx.width) })];
    if (ctx.verbose) {
      out.push(
        wrap(cleanText(divergence.message), { width: ctx.width, first: rest, rest, paint: palette.dim }),
      );
      out.push(
        wrap(cleanText(`reason: ${decision.reason}`), {
          width: ctx.width,
          first: rest,
          rest,
          paint: palette.dim,
        }),
      );
    }
    return out.join('\n');
  });
  return [palette.bold(`Decided: ${decided.length}`), ...lines].join('\n');
}

/** Drafts awaiting a reason (`draft: true`): not decisions, so they get their own section. */
export function renderDrafted(drafted: Divergence[], ctx: TextContext): string {
  const { palette } = ctx;
  const ruleWidth = Math.max(0, ...drafted.map((d) => visibleLength(cleanText(d.rule))));
  const rest = ' '.repeat(2 + SEVERITY_WIDTH + 2);
  const lines = drafted.map((d) => {
    const severity = paintSeverity(palette, d.severity, d.severity.toUpperCase());
    const line = d.decision?.origin?.line
      ? `  (${d.decision.decision}, parity.yaml:${d.decision.origin.line})`
      : '';
    const first = `  ${padEnd(severity, SEVERITY_WIDTH)}  ${padEnd(cleanText(d.rule), ruleWidth)}  `;
    return wrap(`${cleanText(d.key)}${line}`, {
      width: ctx.width,
      first,
      rest: hangingIndent(rest.length, ctx.width),
    });
  });
  const title = palette.bold(`Drafted, awaiting a reason: ${drafted.length}`);
  const hint = wrap(
    'A draft is not a decision: it holds the gate until someone writes its reason and removes `draft: true`.',
    { width: ctx.width, first: '  ', rest: '  ', paint: palette.dim },
  );
  return [title, hint, ...lines].join('\n');
}
