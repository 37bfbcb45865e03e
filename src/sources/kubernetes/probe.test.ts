import { describe, expect, it } from 'vitest';
import { describeProbe } from './probe.js';

describe('describeProbe', () => {
  it('fills Kubernetes defaults so omitted and explicit defaults compare equal', () => {
    const explicit = describeProbe({
      httpGet: { path: '/healthz', port: 8080 },
      periodSeconds: 10,
      timeoutSeconds: 1,
      failureThreshold: 3,
    });
    expect(explicit).toEqual({ value: 'http GET :8080/healthz period=10s timeout=1s failure=3' });
    expect(describeProbe({ httpGet: { path: '/healthz', port: 8080 } })).toEqual(explicit);
  });

  it('shows success and initial delay only when set away from the default', () => {
    expect(describeProbe({ tcpSocket: { port: 5432 }, initialDelaySeconds: 5, successThreshold: 2 })).toEqual(
      {
        value: 'tcp :5432 period=10s timeout=1s failure=3 success=2 initialDelay=5s',
      },
    );
  });

  it('reads https, named ports, grpc services and exec commands', () => {
    expect(describeProbe({ httpGet: { scheme: 'HTTPS', port: 'admin', path: 'live' } })).toEqual({
      value: 'https GET :admin/live period=10s timeout=1s failure=3',
    });
    expect(describeProbe({ grpc: { port: 9090, service: 'health' } })).toEqual({
      value: 'grpc :9090 service=health period=10s timeout=1s failure=3',
    });
    expect(describeProbe({ exec: { command: ['pg_isready', '-U', 'app'] } })).toEqual({
      value: 'exec pg_isready -U app period=10s timeout=1s failure=3',
    });
  });

  it('says what was expected for a probe without a handler or with a wrong type', () => {
    expect(describeProbe({ periodSeconds: 5 })).toEqual({
      problem: 'expected httpGet, tcpSocket, exec or grpc in the probe',
    });
    expect(describeProbe('curl -u admin:hunter2 localhost')).toEqual({
      problem: 'expected a probe mapping, got a string',
    });
    expect(describeProbe({ exec: { command: ['true'] }, failureThreshold: 'x' })).toEqual({
      problem: 'failureThreshold: expected a number of attempts, got "x"',
    });
  });
});
