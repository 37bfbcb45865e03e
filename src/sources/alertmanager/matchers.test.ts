import { describe, expect, it } from 'vitest';
import { literalValues, matcherName, matches, parseMatcherText, parseMatchMap } from './matchers.js';

function parsed(text: string) {
  const out = parseMatcherText(text);
  if (typeof out === 'string') throw new Error(out);
  return out;
}

describe('Alertmanager matchers', () => {
  it('reads quoted, unquoted and braced forms, several to a string', () => {
    expect(parsed('severity="critical"').map(matcherName)).toEqual(['severity=critical']);
    expect(parsed('severity = critical').map(matcherName)).toEqual(['severity=critical']);
    expect(parsed('{team=~"pay.*", env!="dev"}').map(matcherName)).toEqual(['team=~pay.*', 'env!=dev']);
    expect(parsed('"service.name"="a,b"').map(matcherName)).toEqual(['service.name=a,b']);
  });

  it('says what is wrong with a matcher it cannot read', () => {
    expect(parseMatcherText('severity=="critical"')).toBe(
      '`severity=="critical"`: expected a matcher such as severity="critical"',
    );
    expect(parseMatcherText('service=~"(unclosed"')).toBe(
      '`service=~(unclosed`: a regular expression this tool cannot read',
    );
    expect(parseMatchMap({ 'not a label': 'x' }, '=')).toBe('`not a label`: expected a label name');
  });

  it('matches as Alertmanager does: anchored regexes, a missing label is empty, Go flags', () => {
    const [crit] = parsed('severity=~"crit"');
    expect(matches(crit!, { severity: 'critical' })).toBe(false);
    const [either] = parsed('severity=~"critical|page"');
    expect(matches(either!, { severity: 'page' })).toBe(true);
    const [notDev] = parsed('env!="dev"');
    expect(matches(notDev!, {})).toBe(true);
    const [empty] = parsed('team=""');
    expect(matches(empty!, {})).toBe(true);
    const [caseless] = parsed('severity=~"(?i)CRITICAL"');
    expect(matches(caseless!, { severity: 'critical' })).toBe(true);
    const [notRegex] = parsed('team!~"pay.*"');
    expect(matches(notRegex!, { team: 'payments' })).toBe(false);
  });

  it('lists the literal values a severity matcher admits', () => {
    expect(literalValues(parsed('severity="critical"')[0]!)).toEqual(['critical']);
    expect(literalValues(parsed('severity=~"^(critical|page)$"')[0]!)).toEqual(['critical', 'page']);
    expect(literalValues(parsed('severity=~"crit.*"')[0]!)).toEqual([]);
    expect(literalValues(parsed('severity!="info"')[0]!)).toEqual([]);
  });
});
