import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../errors.js';
import { shopProductionLog } from '../../../test-support/traffic-generators.js';
import { k6Command } from './k6.js';
import type { Io } from './shared.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
// Ten minutes of the shop (GET, POST /api/cart/items, DELETE /api/cart/items/:id, POST /api/checkout).
const dir = mkdtempSync(path.join(tmpdir(), 'parity-k6-'));
writeFileSync(path.join(dir, 'access.log'), shopProductionLog());
writeFileSync(path.join(dir, 'bodies.yaml'), '');

function capture(): Io & { err: string[] } {
  const err: string[] = [];
  return { err, stdout: () => undefined, stderr: (t) => err.push(t), stderrIsTty: false, cwd: dir };
}

interface Sent {
  method: string;
  url: string;
  body: string | null;
  headers: Record<string, string>;
  name: string;
}

/**
 * Runs a generated script's iterations under Node with k6's `http` and `__ENV` stood in for (k6
 * itself is not installable here: no npm package ships it): what each iteration would send.
 */
async function iterate(script: string, env: Record<string, string>, times: number) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'parity-k6-run-')), 'script.mjs');
  writeFileSync(file, script.replace("import http from 'k6/http';", 'const http = globalThis.__k6http;'));
  execFileSync(process.execPath, ['--check', file]);
  const sent: Sent[] = [];
  const g = globalThis as { __k6http?: unknown; __ENV?: unknown };
  g.__ENV = env;
  g.__k6http = {
    request: (
      method: string,
      url: string,
      body: string | null,
      params: { headers: Record<string, string>; tags: { name: string } },
    ) => sent.push({ method, url, body, headers: params.headers, name: params.tags.name }),
  };
  const module = (await import(file)) as {
    default: () => void;
    options: { scenarios: { replay: { stages: { duration: string }[] } } };
  };
  for (let i = 0; i < times; i++) module.default();
  return { sent, options: module.options };
}

const header = (script: string) =>
  script
    .split('\n')
    .filter((l) => l.startsWith('// '))
    .join('\n');

describe('traffic k6: the whole window, and a header that says what was cut and left out', () => {
  it('exports the whole recorded window by default (replay keeps its 60 s)', async () => {
    const script = await k6Command(['access.log'], {}, capture());
    const stages = /"stages":(\[.*?\])\}/s.exec(script)![1]!;
    const seconds = (JSON.parse(stages) as { duration: string }[]).reduce(
      (a, s) => a + Number.parseInt(s.duration, 10),
      0,
    );
    expect(seconds).toBeGreaterThanOrEqual(600);
    expect(header(script)).toContain('// Recorded window: 2026-11-20T10:00:00');
    expect(header(script)).toContain('// Exported: the whole window.');
    // Over 2,000 requests: REQUESTS is a sample, and the header says so.
    expect(header(script)).toMatch(
      /REQUESTS holds [\d,]+ of them \(every \d+(st|nd|rd|th), to keep the script small\)/,
    );
    expect(header(script)).toContain('// Rate: 601 one-second stages, bursts kept.');
  });

  it('says a cut and its reason in the header', async () => {
    const cut = header(await k6Command(['access.log'], { duration: '30s' }, capture()));
    expect(cut).toContain('// Cut: only the first 30s (--duration 30s); the input goes on past it.');
    const capped = header(await k6Command(['access.log'], { maxRequests: '100' }, capture()));
    expect(capped).toContain('// Cut: reading stopped at 100 requests (--max-requests 100)');
  });

  it('lists the methods it left out, with counts and why', async () => {
    const io = capture();
    const h = header(await k6Command(['access.log'], {}, io));
    expect(h).toMatch(
      /\/\/ {3}POST [\d,]+ requests: unsafe method, sent only with --allow-methods POST and a body for each POST endpoint in --body-template FILE\./,
    );
    expect(h).toMatch(
      /\/\/ {3}DELETE [\d,]+ requests: unsafe method, sent only with --allow-methods DELETE\./,
    );
    expect(io.err.join('')).toMatch(/left out [\d,]+ POST requests: unsafe method/);
  });
});

describe('traffic k6 --body-template', () => {
  it('never sends a POST without a body: allowed but bodiless endpoints are left out and listed', async () => {
    const script = await k6Command(['access.log'], { allowMethods: 'POST,DELETE' }, capture());
    expect(header(script)).toMatch(
      /POST \/api\/checkout [\d,]+ requests: POST sends a body and no --body-template FILE was given/,
    );
    const { sent } = await iterate(script, {}, 2000);
    expect(sent.some((s) => s.method === 'POST')).toBe(false);
    // DELETE needs no body: allowed, it is sent without one.
    expect(
      sent.some((s) => s.method === 'DELETE' && s.body === null && s.name === 'DELETE /api/cart/items/:id'),
    ).toBe(true);
  });

  it('sends each endpoint its body, ${VAR} read from the k6 environment at run time, secrets never embedded', async () => {
    const io = capture();
    const script = await k6Command(
      ['access.log'],
      { allowMethods: 'POST', bodyTemplate: path.join(fixtures, 'shop-bodies.yaml') },
      io,
    );
    expect(script).not.toContain('hunter2-literal');
    expect(script).not.toContain('"sku":"SKU-1"');
    const err = io.err.join('');
    expect(err).toMatch(
      /shop-bodies\.yaml:5: POST \/api\/checkout: a value looks like a credential and is written as \*\*\*\*/,
    );
    expect(err).toMatch(
      /shop-bodies\.yaml:8: PATCH \/api\/profile is not sent: PATCH needs --allow-methods PATCH/,
    );
    const { sent } = await iterate(script, { SKU: '4"2', CART_ID: 'c-9' }, 3000);
    const item = sent.find((s) => s.name === 'POST /api/cart/items')!;
    expect(JSON.parse(item.body!)).toEqual({ sku: 'SKU-4"2', quantity: 1 });
    expect(item.headers['content-type']).toBe('application/json');
    const checkout = sent.find((s) => s.name === 'POST /api/checkout')!;
    expect(JSON.parse(checkout.body!)).toEqual({
      cart: 'c-9',
      payment: { method: 'card', password: '****' },
    });
    expect(sent.some((s) => s.method === 'GET' && s.body === null)).toBe(true);
    expect(header(script)).toContain('//   DELETE');
  });

  it('refuses a template it cannot read, naming file:line and what was expected', async () => {
    writeFileSync(path.join(dir, 'bad.yaml'), 'POST /api/checkout:\n  a: 1\nsend everything: {}\n');
    await expect(k6Command(['access.log'], { bodyTemplate: 'bad.yaml' }, capture())).rejects.toThrow(
      'bad.yaml:3: "send everything": expected "METHOD /endpoint/template", such as "POST /api/orders/:id"',
    );
    await expect(k6Command(['access.log'], { bodyTemplate: 'none.yaml' }, capture())).rejects.toThrow(
      UsageError,
    );
  });
});
