import { describe, expect, it } from 'vitest';
import { compatible, readOnly, readRules } from './triggers.js';

describe('GitLab triggers as neutral tokens', () => {
  it('reads rules: branches, tags, pipeline sources; never-rules add nothing', () => {
    expect(
      readRules([
        { if: '$CI_COMMIT_BRANCH == "main"' },
        { if: '$CI_COMMIT_TAG =~ /^v\\d+/' },
        { if: '$CI_PIPELINE_SOURCE == "schedule"' },
        { if: '$CI_PIPELINE_SOURCE == "merge_request_event"', when: 'never' },
        { if: '$CI_PIPELINE_SOURCE == "web"', when: 'manual' },
      ]),
    ).toEqual({ tokens: ['branch:main', 'manual', 'schedule', 'tag:/^v\\d+/'], manual: true });
  });

  it('prefers the ref of a conjunction, splits alternatives and keeps unread conditions as written', () => {
    expect(
      readRules([{ if: '$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }]).tokens,
    ).toEqual(['branch:$CI_DEFAULT_BRANCH']);
    expect(readRules([{ if: '$CI_COMMIT_TAG || $CI_MERGE_REQUEST_IID' }]).tokens).toEqual([
      'merge-request',
      'tag:*',
    ]);
    expect(readRules([{ if: '$DEPLOY_ENABLED == "true"' }]).tokens).toEqual(['if:$DEPLOY_ENABLED == "true"']);
    expect(readRules([{ changes: ['src/**'] }]).tokens).toEqual(['any']);
  });

  it('tells apart long unread conditions that differ only past what is shown', () => {
    const long = (env: string) =>
      readRules([
        {
          if: `$DEPLOY_ENABLED == "true" && $REGION == "eu-west-1" && $CLUSTER == "shared" && $TARGET == "${env}"`,
        },
      ]).tokens;
    expect(long('production')[0]).toMatch(/^if:\$DEPLOY_ENABLED == "true" .*\.\.\. \(#[0-9a-f]{8}\)$/);
    expect(long('production')).not.toEqual(long('staging'));
  });

  it('never shows a literal compared with a secret-named variable', () => {
    expect(readRules([{ if: '$DEPLOY_TOKEN == "glpat-abcdefghijklmnop"' }]).tokens).toEqual([
      'if:$DEPLOY_TOKEN == "****"',
    ]);
  });

  it('reads only: refs and keywords', () => {
    expect(readOnly(['main', 'tags', 'schedules', '/^release-.*$/'])).toEqual([
      'branch:main',
      'ref:/^release-.*$/',
      'schedule',
      'tag:*',
    ]);
    expect(readOnly({ refs: ['web'] })).toEqual(['manual']);
  });

  it('tells which jobs can share a pipeline', () => {
    expect(compatible(['push'], ['tag:/^v/'])).toBe(true);
    expect(compatible(['branch:main'], ['tag:*'])).toBe(false);
    expect(compatible(['branch:/^release/'], ['branch:release-1'])).toBe(true);
    expect(compatible(['branch:/^release/'], ['branch:main'])).toBe(false);
    expect(compatible(['merge-request'], ['tag:*'])).toBe(false);
    expect(compatible(['if:$X == "1"'], ['tag:*'])).toBe(true);
    expect(compatible(['branch:/(/'], ['branch:main'])).toBe(true);
    expect(compatible([], ['push'])).toBe(false);
  });
});
