import type { Skip } from '../../model/snapshot.js';
import { interpolate } from '../dotenv/interpolate.js';
import type { LineLocator } from '../yaml-docs.js';

/** What the readers of one compose file share: where they are, and where skips go. */
export interface ReadContext {
  source: string;
  file: string;
  /** Folder of the project's first file: relative paths (env_file) resolve against it, as in Compose. */
  projectDir: string;
  lines: readonly string[];
  lineOf: LineLocator;
  docLine: number;
  skips: Skip[];
}

export function skip(ctx: ReadContext, line: number, reason: string): void {
  ctx.skips.push({ source: ctx.source, file: ctx.file, line, reason });
}

/**
 * A part of a service that could not be read: what it would have stated (the keys under `scope`)
 * is unknown, not absent; the rest of the file was read.
 */
export function skipUnread(ctx: ReadContext, line: number, reason: string, scope: string[]): void {
  ctx.skips.push({ source: ctx.source, file: ctx.file, line, reason, unread: true, unreadScope: scope });
}

/**
 * A service whose definition could not be read whole (`extends` not followed, not a mapping): what
 * it would have stated is unknown, not absent; every other service was read.
 */
export function skipService(ctx: ReadContext, line: number, reason: string, service: string): void {
  skipUnread(ctx, line, reason, serviceScope(service));
}

/** Every key prefix one compose service's facts can have (service-facts.ts, hardening.ts), and the registry set its image joins. */
export function serviceScope(service: string): string[] {
  return [
    `infra/workload/${service}/`,
    `access/workload/${service}/`,
    `infra/service/${service}/`,
    `config/env/${service}/`,
    'infra/substrate/registry',
  ];
}

export function lineAt(ctx: ReadContext, node: unknown, key?: string): number {
  return ctx.lineOf(node, key) ?? ctx.docLine;
}

/**
 * Compose interpolation with no variables known: `${VAR:-default}` takes its default, `$$` is a `$`,
 * and `${VAR}` stays as written, because Parity reports the files, not the shell that ran them.
 */
export function interpolated(value: unknown): unknown {
  return typeof value === 'string' ? interpolate(value, () => undefined, { dollarEscape: true }) : value;
}

/** A scalar as text (numbers and booleans as YAML wrote them), or undefined for maps and lists. */
export function text(value: unknown): string | undefined {
  const v = interpolated(value);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * Line of a list item (`- NAME=value`, `- "8080:80"`), searched from the list's first line down to
 * the end of the list; the list's first line when not found.
 */
export function itemLine(ctx: ReadContext, list: readonly unknown[], item: RegExp): number {
  const first = lineAt(ctx, list);
  const firstText = ctx.lines[first - 1] ?? '';
  if (firstText.includes('[')) return first; // flow style: the whole list is on that line
  const indent = firstText.search(/\S/);
  for (let line = first; line <= ctx.lines.length; line++) {
    const current = ctx.lines[line - 1] ?? '';
    const content = /^\s*-\s*["']?(.*)$/.exec(current)?.[1];
    if (content !== undefined && item.test(content)) return line;
    const trimmed = current.trim();
    if (trimmed !== '' && !trimmed.startsWith('#') && current.search(/\S/) < indent) break;
  }
  return first;
}

/** Matches an item's text at the start of a list line. */
export function startsWith(text: string, then = ''): RegExp {
  return new RegExp(`^${escapeRegExp(text)}${then}`);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
