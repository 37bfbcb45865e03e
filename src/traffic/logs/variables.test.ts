import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { setterFor } from './nginx-format.js';
import { emptyRecord } from './record.js';
import { NGINX_VARIABLES } from './variables.js';

const source = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');

/** The `case '<name>':` labels of one function of a parser's source: the variables it reads. */
function caseLabels(text: string, fn: string): string[] {
  const start = text.indexOf(`function ${fn}(`);
  const body = text.slice(start, text.indexOf('\n}\n', start));
  return [...body.matchAll(/case '([a-z0-9_]+)':/g)].map((m) => m[1]!).sort();
}

const names = (filter: (v: (typeof NGINX_VARIABLES)[number]) => boolean) =>
  NGINX_VARIABLES.filter(filter)
    .map((v) => v.name)
    .sort();

/** A value of each field's shape, as nginx writes it. */
const SAMPLE: Record<string, string> = {
  client: '203.0.113.7',
  time: '06/Dec/2026:10:00:00 +0000',
  path: 'GET /orders/42 HTTP/1.1',
  method: 'GET',
  status: '201',
  bytesSent: '512',
  bytesReceived: '128',
  durationMs: '0.250',
};
const SAMPLE_BY_NAME: Record<string, string> = {
  time_iso8601: '2026-12-06T10:00:00+00:00',
  msec: '1796551200.000',
  request_uri: '/orders/42',
  uri: '/orders/42',
};

describe('the nginx variable list', () => {
  it('names each variable once', () => {
    expect(new Set(NGINX_VARIABLES.map((v) => v.name)).size).toBe(NGINX_VARIABLES.length);
  });

  it('is what the string parser reads, and each setter fills the field the list says', () => {
    expect(caseLabels(source('./nginx-format.ts'), 'setterFor')).toEqual(names(() => true));
    for (const v of NGINX_VARIABLES) {
      const record = emptyRecord();
      const before = record[v.fills];
      setterFor(v.name)!(SAMPLE_BY_NAME[v.name] ?? SAMPLE[v.fills]!, record);
      expect(record[v.fills], v.name).not.toEqual(before);
    }
  });

  it('is what the byte parser reads in place (the rest go through the string setters)', () => {
    expect(caseLabels(source('./nginx-bytes.ts'), 'byteSetterFor')).toEqual(names((v) => v.bytes));
  });

  it("numbers the scanner's kinds as scan.c's enum does", () => {
    const c = source('./wasm/scan.c');
    const enumBody = c.slice(c.indexOf('enum {'), c.indexOf('};', c.indexOf('enum {')));
    const declared = new Map<string, number>();
    for (const m of enumBody.matchAll(/K_[A-Z_]+ = (\d+),[^\n]*/g))
      for (const name of m[0].matchAll(/\$([a-z0-9_]+)/g)) declared.set(name[1]!, Number(m[1]));
    const listed = new Map(
      NGINX_VARIABLES.flatMap((v) => (v.scanKind === undefined ? [] : [[v.name, v.scanKind]])),
    );
    expect(new Map([...declared].sort())).toEqual(new Map([...listed].sort()));
  });
});
