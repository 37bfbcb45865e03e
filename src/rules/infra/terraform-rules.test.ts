import { describe, expect, it } from 'vitest';
import type { FactValue } from '../../model/fact.js';
import { fact } from '../../test-support/facts.js';
import { expectFires, expectSilent } from '../../test-support/rule-cases.js';

const db = (attr: string, value: FactValue, compare?: 'version') =>
  fact(`infra/terraform/aws_db_instance/main/${attr}`, value, compare ? { compare } : {});
const count = (type: string, name: string, n: number) =>
  fact(`infra/terraform/${type}/${name}/count`, n, { compare: 'scaled', scale: 'replicas' });
/** Terraform read on both sides: the web servers exist in each. */
const web = count('aws_instance', 'web', 1);

describe('infra rules on Terraform resources (fires; silent on the near miss)', () => {
  it('infra.resource-missing: a WAF production has; silent when both have it and only its size differs', () => {
    const waf = (n: number) => count('aws_wafv2_web_acl', 'edge', n);
    expectFires('infra.resource-missing', [web, waf(1)], [web]);
    expectSilent('infra.resource-missing', [web, waf(2)], [web, waf(1)]);
    // An attribute set on one side of a resource both have is that attribute's story, told by the fallback.
    const retention = fact('infra/terraform/aws_db_instance/main/backup_retention_period', 7);
    expectSilent('infra.resource-missing', [web, db('count', 1), retention], [web, db('count', 1)]);
    expectFires('infra.setting-differs', [web, db('count', 1), retention], [web, db('count', 1)]);
  });

  it('infra.capacity-out-of-scale: one instance where production runs six; silent at the declared fifth', () => {
    const nodes = (n: number) => count('aws_instance', 'app', n);
    const found = expectFires('infra.capacity-out-of-scale', [web, nodes(6)], [web, nodes(1)]);
    expect(found.map((d) => d.severity)).toEqual(['high']);
    expectSilent('infra.capacity-out-of-scale', [web, nodes(10)], [web, nodes(2)]);
  });

  it('infra.instance-class-differs: a burstable class; silent on the class of a database staging lacks', () => {
    expectFires(
      'infra.instance-class-differs',
      [db('count', 1), db('instance_class', 'db.r6g.2xlarge')],
      [db('count', 1), db('instance_class', 'db.t3.micro')],
    );
    // The database is missing in staging: infra.resource-missing tells it once, not its class.
    expectSilent(
      'infra.instance-class-differs',
      [web, db('count', 1), db('instance_class', 'db.r6g.2xlarge')],
      [web],
    );
  });

  it('infra.multi-az-differs: multi-AZ in production only; silent on a database staging lacks', () => {
    expectFires(
      'infra.multi-az-differs',
      [db('count', 1), db('multi_az', true)],
      [db('count', 1), db('multi_az', false)],
    );
    expectSilent('infra.multi-az-differs', [web, db('count', 1), db('multi_az', true)], [web]);
  });

  it('infra.engine-version-differs: another major version; silent on the same version written with a v', () => {
    const found = expectFires(
      'infra.engine-version-differs',
      [db('count', 1), db('engine_version', '16.4', 'version')],
      [db('count', 1), db('engine_version', '14.11', 'version')],
    );
    expect(found.map((d) => d.severity)).toEqual(['high']);
    expectSilent(
      'infra.engine-version-differs',
      [db('count', 1), db('engine_version', '16.4', 'version')],
      [db('count', 1), db('engine_version', 'v16.4', 'version')],
    );
  });

  it('infra.dns-ttl-differs: 60 s against an hour; silent where staging was read in part', () => {
    const ttl = (v: number) => fact('infra/dns/api.shop.example/ttl', v, { unit: 's' });
    expectFires('infra.dns-ttl-differs', [web, ttl(60)], [web, ttl(3600)]);
    expectSilent('infra.dns-ttl-differs', [web, ttl(60)], [web], {}, { candidate: 'partial' });
  });

  it('infra.tls-issuer-differs: another CA; silent on a certificate on one side only (not an issuer difference)', () => {
    const issuer = (v: string) => fact('infra/tls/api.shop.example/issuer', v);
    expectFires('infra.tls-issuer-differs', [web, issuer("Let's Encrypt R11")], [web, issuer('self-signed')]);
    expectSilent('infra.tls-issuer-differs', [web, issuer("Let's Encrypt R11")], [web]);
  });
});
