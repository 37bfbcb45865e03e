import { describe, expect, it } from 'vitest';
import { fixtureFile } from '../../test-support/fixtures.js';
import { DEFAULT_ENV_LABELS } from '../prometheus-rules/env-labels.js';
import { createFingerprinter } from '../secrets.js';
import { type ExtractInput, extractAlertmanager } from './extract.js';

const fixture = (name: string) => fixtureFile(new URL('./__fixtures__/', import.meta.url), name);
const input: ExtractInput = {
  source: 'am',
  fingerprint: createFingerprinter('k'),
  envLabels: new Set(DEFAULT_ENV_LABELS),
  alertLabels: {},
};
const extract = (names: string[], extra: Partial<ExtractInput> = {}) =>
  extractAlertmanager(names.map(fixture), { ...input, ...extra });
const brief = (facts: { key: string; value: unknown; origin: { line?: number } }[], prefix: string) =>
  facts.filter((f) => f.key.startsWith(prefix)).map((f) => [f.key, f.value, f.origin.line]);

const PLANTED = [
  'R0PLANTEDPAGERDUTYROUTINGKEY0123',
  'plantedGlobalSlackWebhook42',
  'plantedPaymentsWebhook77',
  'planted-opsgenie-api-key-5f0c2e',
  'planted-snitch-token',
  'plantedStagingWebhook99',
  'PLANTEDoncallTOKEN',
];

describe('extractAlertmanager', () => {
  it('tells which receiver kinds each severity reaches in production, and that it pages', () => {
    const { facts, skips } = extract(['production/alertmanager.yml']);
    expect(skips).toEqual([]);
    expect(brief(facts, 'observability/paging/')).toEqual([
      ['observability/paging/severity=critical/receiver-kinds', ['pagerduty', 'slack'], 20],
      ['observability/paging/severity=info/receiver-kinds', ['slack'], 8],
      ['observability/paging/severity=warning/receiver-kinds', ['slack'], 24],
      ['observability/paging/alertname=Watchdog/receiver-kinds', ['webhook'], 15],
      ['observability/paging/team=payments/receiver-kinds', ['pagerduty', 'slack'], 20],
      ['observability/paging/pages', true, 20],
    ]);
  });

  it('names routes by their matchers, without the environment labels, with their receivers and timing', () => {
    const { facts } = extract(['production/alertmanager.yml']);
    expect(brief(facts, 'observability/route/')).toEqual([
      ['observability/route/receiver', 'slack-alerts', 8],
      ['observability/route/group-wait', 30_000, 10],
      ['observability/route/group-interval', 300_000, 11],
      ['observability/route/repeat-interval', 14_400_000, 12],
      ['observability/route/group-by', ['alertname', 'service'], 9],
      ['observability/route/alertname=Watchdog/receiver', 'deadmans-snitch', 15],
      ['observability/route/alertname=Watchdog/repeat-interval', 60_000, 16],
      ['observability/route/severity=critical/receiver', 'pagerduty-oncall', 20],
      ['observability/route/severity=critical/group-wait', 10_000, 21],
      ['observability/route/severity=critical/continue', true, 22],
      ['observability/route/severity=~critical|warning/receiver', 'slack-alerts', 24],
      ['observability/route/team=payments/receiver', 'payments-pager', 27],
      ['observability/route/team=payments/severity=~warning|info/receiver', 'slack-payments', 31],
    ]);
  });

  it('finds that staging pages no one: its critical alerts reach Slack only', () => {
    const { facts } = extract(['staging/alertmanager.yml']);
    expect(brief(facts, 'observability/paging/')).toEqual([
      ['observability/paging/severity=critical/receiver-kinds', ['slack'], 10],
      ['observability/paging/severity=warning/receiver-kinds', ['slack'], 3],
      ['observability/paging/alertname=Watchdog/receiver-kinds', [], 8],
      ['observability/paging/pages', false, 3],
    ]);
    expect(facts.find((f) => f.key === 'observability/route/group-wait')?.value).toBe(60_000);
  });

  it('keeps receiver credentials as fingerprints only, with the host of webhook URLs', () => {
    const result = extract(['production/alertmanager.yml', 'alertmanager-in-secret.yaml']);
    const creds = result.facts.filter((f) => /^observability\/(receiver|alertmanager)\//.test(f.key));
    expect(creds.map((f) => [f.key, f.compare, (f.value as { redacted?: string }).redacted])).toEqual([
      ['observability/receiver/pagerduty-oncall/pagerduty/routing_key', 'presence', undefined],
      ['observability/receiver/payments-pager/opsgenie/api_key', 'presence', undefined],
      ['observability/receiver/slack-payments/slack/api_url', 'presence', 'https://hooks.slack.com/****'],
      ['observability/receiver/deadmans-snitch/webhook/url', 'presence', 'https://nosnch.in/****'],
      ['observability/alertmanager/global/slack_api_url', 'presence', 'https://hooks.slack.com/****'],
    ]);
    const json = JSON.stringify(result) + JSON.stringify(extract(['staging/alertmanager.yml']));
    for (const secret of PLANTED) expect(json).not.toContain(secret);
  });

  it('fingerprints no placeholder: <secret> from the API and ${VAR} references hold no value', () => {
    const text = [
      'route: {receiver: pd}',
      'receivers:',
      '  - name: pd',
      '    pagerduty_configs:',
      '      - routing_key: <secret>',
      '      - service_key: ${PAGERDUTY_KEY}',
      '      - routing_key_file: /etc/alertmanager/secrets/pd',
    ].join('\n');
    const { facts } = extractAlertmanager([{ file: 'am.yml', text }], input);
    expect(facts.filter((f) => f.key.startsWith('observability/receiver/'))).toEqual([]);
    expect(facts.find((f) => f.key === 'observability/paging/pages')?.value).toBe(true);
  });

  it('reads a configuration kept in a Secret, with lines of the file, and names AlertmanagerConfig as unread', () => {
    const { facts, skips } = extract(['alertmanager-in-secret.yaml']);
    expect(brief(facts, 'observability/route/severity')).toEqual([
      ['observability/route/severity=critical/receiver', 'oncall', 13],
    ]);
    expect(facts.find((f) => f.key === 'observability/paging/pages')?.value).toBe(true);
    expect(facts.find((f) => f.key === 'observability/receiver/oncall/webhook/url')?.origin.line).toBe(17);
    expect(skips.map((s) => [s.line, s.reason])).toEqual([
      [
        19,
        'AlertmanagerConfig objects are not read; point this source at the alertmanager.yaml they are merged into',
      ],
    ]);
  });

  it('routes a shared Alertmanager as this environment’s alerts would be, given its labels', () => {
    const text = [
      'route:',
      '  receiver: slack',
      '  routes:',
      '    - matchers: [env="production", severity="critical"]',
      '      receiver: pagerduty',
      '    - matchers: [env="staging"]',
      '      receiver: slack',
      'receivers:',
      '  - name: slack',
      '    slack_configs: [{channel: "#alerts"}]',
      '  - name: pagerduty',
      '    pagerduty_configs: [{routing_key: PLANTED-shared-key}]',
    ].join('\n');
    const run = (env: string) => {
      const { facts } = extractAlertmanager([{ file: 'am.yml', text }], { ...input, alertLabels: { env } });
      return brief(facts, 'observability/paging/').map(([key, value]) => [key, value]);
    };
    expect(run('staging')).toEqual([
      ['observability/paging/severity=critical/receiver-kinds', ['slack']],
      ['observability/paging/severity=warning/receiver-kinds', ['slack']],
      ['observability/paging/pages', false],
    ]);
    expect(run('production')).toEqual([
      ['observability/paging/severity=critical/receiver-kinds', ['pagerduty']],
      ['observability/paging/severity=warning/receiver-kinds', ['slack']],
      ['observability/paging/pages', true],
    ]);
  });

  it('names every odd route and receiver, and keeps reading the rest', () => {
    const { facts, skips } = extract(['alertmanager-with-problems.yml', 'invalid-yaml.yml']);
    expect(brief(facts, 'observability/route/')).toEqual([
      ['observability/route/receiver', 'default', 2],
      ['observability/route/group-interval', 300_000, 1],
      ['observability/route/repeat-interval', 14_400_000, 1],
      ['observability/route/severity=warning/receiver', 'nowhere', 11],
    ]);
    expect(skips.map((s) => [s.file, s.line, s.reason])).toEqual([
      ['invalid-yaml.yml', 4, 'invalid YAML: unexpected end of the stream within a double quoted scalar'],
      ['alertmanager-with-problems.yml', 15, 'expected a receiver with a `name:`'],
      ['alertmanager-with-problems.yml', 16, 'receiver default is defined twice; the first is used'],
      [
        'alertmanager-with-problems.yml',
        5,
        'a route left out: `severity=="critical"`: expected a matcher such as severity="critical"',
      ],
      [
        'alertmanager-with-problems.yml',
        7,
        'a route left out: `service=~(unclosed`: a regular expression this tool cannot read',
      ],
      ['alertmanager-with-problems.yml', 4, 'expected each of `routes:` to be a route (a mapping)'],
      ['alertmanager-with-problems.yml', 3, 'expected `group_wait:` as a duration such as 30s'],
      ['alertmanager-with-problems.yml', 11, 'receiver nowhere is not defined under `receivers:`'],
    ]);
  });

  it('reads one configuration per environment and says which others it left', () => {
    const { skips } = extract(['production/alertmanager.yml', 'staging/alertmanager.yml']);
    expect(skips).toEqual([
      {
        source: 'am',
        file: 'staging/alertmanager.yml',
        line: 1,
        reason:
          'a second Alertmanager configuration: an environment runs one, so only production/alertmanager.yml:1 is read',
      },
    ]);
  });
});
