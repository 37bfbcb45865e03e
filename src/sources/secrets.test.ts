import { describe, expect, it } from 'vitest';
import {
  createFingerprinter,
  isSecretName,
  looksLikeSecret,
  protectValue,
  redactUrlCredentials,
} from './secrets.js';

const fp = createFingerprinter('test');

describe('protectValue', () => {
  it('fingerprints values of secret-named variables', () => {
    expect(protectValue('DB_PASSWORD', 'hunter2', fp)).toEqual({ secret: true, fingerprint: fp('hunter2') });
    expect(protectValue('STRIPE_SECRET_KEY', 'x', fp)).toMatchObject({ secret: true });
  });

  it('fingerprints secret-shaped values whatever the name', () => {
    expect(protectValue('PAYMENT_KEY_X', 'sk_live_abcdefgh12345678', fp)).toMatchObject({ secret: true });
    expect(looksLikeSecret('AKIAABCDEFGHIJKLMNOP')).toBe(true);
  });

  it('keeps the non-secret part of a connection URL', () => {
    expect(protectValue('DATABASE_URL', 'postgres://app:pw@db:5432/shop', fp)).toEqual({
      secret: true,
      fingerprint: fp('postgres://app:pw@db:5432/shop'),
      redacted: 'postgres://app:****@db:5432/shop',
    });
    expect(redactUrlCredentials('https://example.com/a')).toBeUndefined();
  });

  it('keeps the mode of payment keys and the host of webhook URLs, never the rest', () => {
    expect(protectValue('STRIPE_KEY', 'sk_live_abcdefgh12345678', fp)).toMatchObject({
      redacted: 'sk_live_****',
    });
    const hook = protectValue('ALERT_HOOK', 'https://hooks.slack.com/services/T000/B000/XXXXSECRET', fp);
    expect(hook).toMatchObject({ secret: true, redacted: 'https://hooks.slack.com/****' });
    expect(JSON.stringify(hook)).not.toContain('XXXXSECRET');
  });

  it('fingerprints token-shaped values of *_KEY names, not short settings', () => {
    expect(protectValue('RAILS_MASTER_KEY', '9f1c3b7a2d4e6f8091a2b3c4d5e6f7a8', fp)).toMatchObject({
      secret: true,
    });
    expect(protectValue('CACHE_KEY', 'v2', fp)).toBe('v2');
  });

  it('leaves plain settings and bare references alone', () => {
    expect(protectValue('PAYMENT_TIMEOUT_MS', '5000', fp)).toBe('5000');
    expect(protectValue('DB_PASSWORD', '${DB_PASSWORD}', fp)).toBe('${DB_PASSWORD}');
    expect(protectValue('DATABASE_URL', 'postgres://app:${PW}@db/shop', fp)).toBe(
      'postgres://app:${PW}@db/shop',
    );
    expect(protectValue('TOKEN_TTL', '3600', fp)).toBe('3600');
  });

  it('tells secret names from configuration about secrets', () => {
    expect(isSecretName('GITHUB_TOKEN')).toBe(true);
    expect(isSecretName('PASSWORD_MIN_LENGTH')).toBe(false);
    expect(isSecretName('SECRET_FILE')).toBe(false);
  });

  it('fingerprints differ by key, so snapshots from different keys never match', () => {
    expect(createFingerprinter('a')('x')).not.toBe(createFingerprinter('b')('x'));
  });

  it('keeps what is not secret around a credential inside a longer value', () => {
    expect(protectValue('JDBC_URL', 'jdbc:postgresql://db/shop?user=app&password=PLANTEDx', fp)).toEqual({
      secret: true,
      fingerprint: fp('jdbc:postgresql://db/shop?user=app&password=PLANTEDx'),
      redacted: 'jdbc:postgresql://db/shop?user=app&password=****',
    });
    const file = `db.url=jdbc:postgresql://db/shop\ndb.password=PLANTEDy\n${'# padding\n'.repeat(30)}`;
    const hint = protectValue('application.properties', file, fp);
    expect(hint).toMatchObject({
      secret: true,
      redacted: expect.stringMatching(/^\(\d+ characters with credentials masked, sha256 [0-9a-f]{16}\)$/),
    });
  });
});
