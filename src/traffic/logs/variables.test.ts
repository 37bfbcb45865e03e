import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inPlaceSetterFor } from './nginx-bytes.js';
import { missingVariables, setterFor } from './nginx-format.js';
import { emptyRecord } from './record.js';
import { scanProgram } from './scan.js';
import { NGINX_VARIABLES, SCAN_END, SCAN_KINDS, scanKindNumber, scanKindsHeader } from './variables.js';

const source = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');

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
const sample = (v: (typeof NGINX_VARIABLES)[number]) => SAMPLE_BY_NAME[v.name] ?? SAMPLE[v.fills]!;

/** Variables no parser reads: matched and skipped. */
const UNREAD = ['remote_user', 'http_user_agent', 'server_port', 'constructor', '__proto__'];

describe('the nginx variable list (variables.ts), the one source of the three parsers', () => {
  it('names each variable once', () => {
    expect(new Set(NGINX_VARIABLES.map((v) => v.name)).size).toBe(NGINX_VARIABLES.length);
  });

  it('the string parser reads every variable of it, each into the field the list says, and no other', () => {
    for (const v of NGINX_VARIABLES) {
      const record = emptyRecord();
      const before = record[v.fills];
      const setter = setterFor(v.name);
      expect(setter, v.name).toBeDefined();
      setter!(sample(v), record);
      expect(record[v.fills], v.name).not.toEqual(before);
    }
    for (const name of UNREAD) expect(setterFor(name), name).toBeUndefined();
  });

  it('the byte parser reads in place exactly the variables marked `bytes`, as the string parser reads them', () => {
    for (const v of NGINX_VARIABLES) {
      const inPlace = inPlaceSetterFor(v.name, false);
      expect(inPlace !== undefined, v.name).toBe(v.bytes);
      if (!inPlace) continue;
      const bytes = Buffer.from(`[${sample(v)}]`, 'latin1');
      const fromBytes = emptyRecord();
      inPlace(bytes, 1, bytes.length - 1, fromBytes);
      const fromString = emptyRecord();
      setterFor(v.name)!(sample(v), fromString);
      const { clientSlot: _a, ...got } = fromBytes;
      const { clientSlot: _c, ...wanted } = fromString;
      expect(got, v.name).toEqual(wanted);
    }
    for (const name of UNREAD) expect(inPlaceSetterFor(name, false), name).toBeUndefined();
  });

  it("gives the scanner each variable's kind, numbered as scan.c's generated enum", () => {
    for (const v of NGINX_VARIABLES) {
      const time = 'scan' in v && v.scan === 'time' ? `$${v.name}` : '$time_local';
      const base = `$remote_addr [${time}] "$request" $status`;
      const format = base.includes(`$${v.name}`) ? base : `${base} <$${v.name}>`;
      const program = scanProgram(format);
      if (!('scan' in v)) {
        expect(program, v.name).toBeUndefined(); // a variable the scanner cannot read: the byte parser reads the format
        continue;
      }
      const kinds = program!.steps.map((s) => s.kind);
      expect(kinds, v.name).toContain(scanKindNumber(v.scan));
    }
    const skipped = scanProgram('$remote_addr $remote_user [$time_local] "$request" $status');
    expect(skipped!.steps.map((s) => s.kind)).toEqual(
      [...(['client', 'skip', 'time', 'request', 'status'] as const)].map(scanKindNumber).concat(SCAN_END),
    );
  });

  it('says what a format lacks from the fields the list fills (the parser and the config check ask it)', () => {
    expect(missingVariables(['request', 'status'])).toEqual([]);
    expect(missingVariables(['request_method', 'uri', 'status'])).toEqual([]);
    expect(missingVariables(['uri', 'status'])).toEqual([
      'expected $request, or $request_method with $request_uri',
    ]);
    expect(missingVariables(['request', 'body_bytes_sent'])).toEqual(['expected $status']);
  });

  it('scan-kinds.h is what variables.ts lists (npm run build:wasm writes it)', () => {
    expect(source('./wasm/scan-kinds.h')).toBe(scanKindsHeader());
  });

  it('scan.c reads every kind of the list and numbers none itself', () => {
    const c = source('./wasm/scan.c');
    expect(c).toContain('#include "scan-kinds.h"');
    expect(c).not.toMatch(/\bK_[A-Z_]+\s*=/);
    for (const { kind } of SCAN_KINDS.slice(1)) {
      const name = `K_${kind.toUpperCase().replace(/-/g, '_')}`;
      expect(c, name).toMatch(new RegExp(`\\bcase ${name}:`));
    }
    expect(SCAN_KINDS[0].kind).toBe('skip');
  });
});
