import { describe, expect, it } from 'vitest';
import { fixtureFile } from '../../test-support/fixtures.js';
import { createFingerprinter } from '../secrets.js';
import { extractHelmValues } from './extract.js';

const fingerprint = createFingerprinter('helm-test-key');
const read = (name: string) => fixtureFile(new URL('./__fixtures__/', import.meta.url), name);
const extract = (names: string[], workload = 'shop') =>
  extractHelmValues(names.map(read), { source: 'helm', fingerprint, workload });
const text = (file: string, body: string) =>
  extractHelmValues([{ file, text: body }], { source: 'helm', fingerprint, workload: 'api' });

describe('helm values: secrets', () => {
  it('never lets a planted secret reach a fact or a skip', () => {
    const result = extract(['shop/values.yaml', 'shop/values-staging.yaml']);
    const json = JSON.stringify(result);
    for (const planted of [
      'sk_test_PLANTEDhelmSECRET0123456789',
      'PLANTED-url-password',
      'PLANTED-redis-password',
      'PLANTED-list-password',
    ]) {
      expect(json).not.toContain(planted);
    }
    expect(result.facts.find((f) => f.key === 'config/env/shop/ADMIN_URL')?.value).toEqual({
      secret: true,
      fingerprint: fingerprint('postgres://admin:PLANTED-url-password@db.staging.internal:5432/shop'),
      redacted: 'postgres://admin:****@db.staging.internal:5432/shop',
    });
    // A list of mappings is compared element by element: the user's name is its key, its password a secret.
    expect(result.facts.find((f) => f.key === 'config/helm/shop/redis.users')?.value).toEqual(['app']);
    expect(
      result.facts.find((f) => f.key === 'config/helm/shop/redis.users[name=app].password')?.value,
    ).toMatchObject({ secret: true });
  });

  it('protects values under secret-named parents, inline credentials and secret-shaped values', () => {
    const result = text(
      'secrets.yaml',
      [
        'secrets:',
        '  DB: PLANTED-under-parent',
        'connectionString: "Server=db;User Id=sa;Password=PLANTED-inline;"',
        'auth:',
        '  rootPassword: 424242',
        'webhook: \'{"url": "https://hooks.example.com", "signingSecret": "PLANTED-in-json"}\'',
        'github: ghp_PLANTED0123456789abcdefghijk',
        'passwordRef: "{{ .Values.global.password }}"',
        '',
      ].join('\n'),
    );
    const json = JSON.stringify(result);
    for (const planted of [
      'PLANTED-under-parent',
      'PLANTED-inline',
      '424242',
      'PLANTED-in-json',
      'ghp_PLANTED',
    ]) {
      expect(json).not.toContain(planted);
    }
    expect(result.facts.find((f) => f.key === 'config/helm/api/webhook/url')?.value).toBe(
      'https://hooks.example.com',
    );
    expect(result.facts.find((f) => f.key === 'config/helm/api/passwordRef')?.value).toBe(
      '{{ .Values.global.password }}',
    );
  });
});
