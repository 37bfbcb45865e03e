import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFingerprinter } from '../secrets.js';
import { extractTfvars } from './extract.js';
import { parseTfvars } from './hcl.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const extract = (names: string[], sensitive: string[] = []) =>
  extractTfvars(
    names.map((file) => ({ file, text: fixture(file) })),
    {
      source: 'tfvars',
      fingerprint: createFingerprinter('k'),
      workload: 'terraform',
      sensitive: new Set(sensitive),
    },
  );
const byKey = (result: ReturnType<typeof extract>) =>
  Object.fromEntries(result.facts.map((f) => [f.key, f.value]));

describe('tfvars parser', () => {
  it('reads every construct a tfvars file may hold, with lines', () => {
    const doc = parseTfvars(fixture('every-syntax.tfvars'));
    const values = Object.fromEntries(doc.attributes.map((a) => [a.name, a.value]));
    expect(values).toEqual({
      name: 'shop',
      count_n: -3,
      ratio: 150,
      enabled: true,
      nothing: null,
      escaped: 'tab\there "quoted" é literal ${not_a_ref}',
      list_multi: ['a', 'b'],
      map_colon: { a: 1, 'b-c': 'two' },
      policy: '{\n  "Version": "2012-10-17"\n}\n',
      raw: 'line one\n',
      users: [
        { name: 'alice', admin: true },
        { name: 'bob', admin: false },
      ],
    });
    expect(doc.attributes.map((a) => a.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 12, 13, 18, 21]);
    expect(doc.lineOf(values.users, '1')).toBe(23);
  });

  it.each([
    [
      'reference.tfvars',
      2,
      'expected a constant value, found a reference or an unquoted word: tfvars values cannot refer to anything',
    ],
    ['block.tfvars', 3, 'variable: blocks are not allowed in a tfvars file; expected variable = value'],
    ['unterminated.tfvars', 2, 'unterminated string: expected a closing "'],
    ['twice.tfvars', 3, 'a is assigned twice (first at line 1)'],
  ])('%s: a clear error at line %i', (file, line, reason) => {
    expect(extract([file])).toEqual({ facts: [], skips: [{ source: 'tfvars', file, line, reason }] });
  });

  it('never repeats an unquoted value in its error (it may be a credential)', () => {
    const result = extract(['unquoted-secret.tfvars']);
    expect(result.skips[0]).toMatchObject({ line: 1 });
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('refuses references inside templates and bounds nesting', () => {
    expect(() => parseTfvars('a = "x-${var.env}"\n')).toThrow(/template/);
    expect(() => parseTfvars(`a = ${'['.repeat(100_000)}`)).toThrow(/nested deeper than 64/);
    expect(() => parseTfvars('a = <<EOT\nno end\n')).toThrow(/unterminated heredoc/);
  });
});

describe('tfvars extract', () => {
  it('maps sizing variables onto the kubernetes keys and keeps the rest as settings', () => {
    const result = extract(['shop/env/production/terraform.tfvars'], ['db_password', 'support_contact']);
    expect(result.skips).toEqual([]);
    const facts = byKey(result);
    expect(facts).toMatchObject({
      'infra/workload/terraform/instance-types': ['m5.large'],
      'infra/workload/node/replicas': 3,
      'infra/autoscaling/terraform/min-replicas': 3,
      'infra/autoscaling/terraform/max-replicas': 12,
      'infra/workload/db/instance-types': ['db.r6g.xlarge'],
      'infra/workload/node-groups-general/instance-types': ['m5.large', 'm5a.large'],
      'infra/autoscaling/node-groups-general/max-replicas': 12,
      'config/tfvars/allocated_storage': 500,
      'config/tfvars/multi_az': true,
      'config/tfvars/tags.team': 'shop',
    });
    const origin = result.facts.find((f) => f.key === 'infra/autoscaling/terraform/max-replicas')?.origin;
    expect(origin).toEqual({ source: 'tfvars', file: 'shop/env/production/terraform.tfvars', line: 6 });
  });

  it('turns sensitive variables into secrets whatever they look like, and secret-shaped values too', () => {
    const result = extract(['shop/env/production/terraform.tfvars'], ['support_contact']);
    expect(byKey(result)['config/tfvars/support_contact']).toMatchObject({ secret: true });
    expect(byKey(result)['config/tfvars/db_password']).toMatchObject({ secret: true });
    expect(JSON.stringify(result)).not.toMatch(/oncall-prod|Tr0ub4dor/);
    expect(byKey(extract(['staging.tfvars.json']))['config/tfvars/api_token']).toMatchObject({
      secret: true,
    });
  });

  it('lets a later file win a variable whole, as Terraform does', () => {
    const result = extractTfvars(
      [
        { file: 'a.tfvars', text: 'tags = { a = 1, b = 2 }\nregion = "x"\n' },
        { file: 'b.tfvars', text: 'tags = { a = 3 }\n' },
      ],
      { source: 's', fingerprint: createFingerprinter('k'), workload: 'w', sensitive: new Set() },
    );
    expect(byKey(result)).toEqual({ 'config/tfvars/tags.a': 3, 'config/tfvars/region': 'x' });
  });

  it('compares nothing when one of the files cannot be read, and says so', () => {
    const result = extract(['every-syntax.tfvars', 'twice.tfvars']);
    expect(result.facts).toEqual([]);
    expect(result.skips.at(-1)?.reason).toBe(
      'not compared: Terraform reads these with twice.tfvars, which could not be read',
    );
  });

  it('reads .tfvars.json with lines', () => {
    const result = extract(['staging.tfvars.json']);
    expect(result.facts.find((f) => f.key === 'infra/workload/terraform/replicas')).toMatchObject({
      value: 2,
      origin: { line: 3 },
    });
  });
});
