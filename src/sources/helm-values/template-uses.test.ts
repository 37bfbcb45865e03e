import { describe, expect, it } from 'vitest';
import { valuesPaths } from './template-uses.js';

describe('valuesPaths', () => {
  it('collects the values paths templates read, through .Values, $.Values and index', () => {
    const read = new Set<string>();
    const whole = valuesPaths(
      '{{ .Values.image.repository }} {{ $.Values.api.replicas }} {{ index .Values "resources" "limits" }} {{- with .Values.env }}',
      read,
    );
    expect(whole).toBe(false);
    expect([...read].sort()).toEqual(['api.replicas', 'env', 'image.repository', 'resources.limits']);
  });

  it('says when a template hands .Values on whole: then any value may be read', () => {
    for (const t of ['{{ toYaml .Values }}', '{{ $v := .Values }}', '{{ include "x" (dict "v" .Values) }}'])
      expect(valuesPaths(t, new Set()), t).toBe(true);
  });
});
