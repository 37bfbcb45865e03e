import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instant } from './query.js';

describe('prometheus query', () => {
  const seen: { url: string; authorization: string | undefined }[] = [];
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends a URL user and password as basic authentication, never in the request line', async () => {
    await instant(`http://prom:p%40ss%20word@127.0.0.1:${port}/`, 'up', 0, 2000);
    expect(seen.at(-1)?.authorization).toBe(`Basic ${Buffer.from('prom:p@ss word').toString('base64')}`);
    expect(seen.at(-1)?.url).not.toContain('prom');
  });
});
