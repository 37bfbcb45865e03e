import { describe, expect, it } from 'vitest';
import { endpointHost, hostMarker, isInternalHost, isTunnelHost } from './integration-hosts.js';

describe('integration hosts', () => {
  it('takes only the host (and a non-default port) of a URL or an endpoint-named bare host', () => {
    const cases: [string, string, string | undefined][] = [
      ['API_URL', 'https://api.example.com/v1?token=x', 'api.example.com'],
      ['API_URL', 'https://api.example.com:443/', 'api.example.com'],
      ['API_URL', 'http://api.example.com:8080', 'api.example.com:8080'],
      ['API_URL', 'HTTPS://User:pw@API.Example.COM.', 'api.example.com'],
      ['API_URL', 'grpc://[::1]:50051', '[::1]:50051'],
      ['API_URL', 'https://${HOST}/x', undefined],
      ['API_URL', 'redis://cache:6379', undefined],
      ['S3_ENDPOINT', 'localhost:4566', 'localhost:4566'],
      ['MAILGUN_DOMAIN', 'mg.example.com', 'mg.example.com'],
      ['DB_HOST', 'db.example.com', undefined],
      ['GREETING', 'hello.world', undefined],
      ['API_HOST', 'api', undefined],
    ];
    for (const [name, value, host] of cases)
      expect([name, value, endpointHost(name, value)]).toEqual([name, value, host]);
  });

  it('tells local, internal, emulated, sandbox, test and tunnel hosts apart', () => {
    expect(['localhost:4566', 'host.docker.internal', '[::1]'].map(isInternalHost)).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      ['stripe-mock:12111', 'orders.shop.svc:80', '10.0.3.4', 'api.example.com'].map(isInternalHost),
    ).toEqual([true, true, true, false]);
    expect(
      [
        'localstack:4566',
        'mock-fraud.staging.internal',
        'api.sandbox.fraudco.com',
        'checkout-test.adyen.com',
        'api.fraudco.com',
      ].map(hostMarker),
    ).toEqual(['local-emulator', 'local-emulator', 'sandbox', 'test', undefined]);
    expect(['abc.ngrok-free.app', 'webhook.site', 'ngrok.example.com'].map(isTunnelHost)).toEqual([
      true,
      true,
      false,
    ]);
  });
});
