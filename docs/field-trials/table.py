#!/usr/bin/env python3
"""One markdown row per audit JSON: exit code, findings by severity, dimension statuses, skips."""
import json, sys, os, re, collections
phase = sys.argv[1]
D = f'/work/trials-out/{phase}'
names = ['nm', 'nm5', 'govuk', 'hmpps', 'bat', 'tf', 'tfb', 'planx', 'korri', 'flux', 'typo-kind', 'typo-path', 'typo-var']
print('| run | exit | findings (C/H/M/L/I) | dimensions (P=parity, D=drift, U=unknown; * = parity with 0 facts) | skips | time |')
print('|---|---|---|---|---|---|')
for n in names:
    p = f'{D}/{n}.audit.json'
    txt = open(f'{D}/{n}.audit.txt').read() if os.path.exists(f'{D}/{n}.audit.txt') else ''
    t = re.findall(r'^([0-9.]+) s$', txt, re.M)
    part = ''
    if os.path.exists(f'{D}/{n}.partial.json') and os.path.getsize(f'{D}/{n}.partial.json') > 0:
        p = f'{D}/{n}.partial.json'; part = ' (findings via --allow-partial, exit ' + open(f'{D}/{n}.partial.rc').read().strip() + ')'
    if not os.path.exists(p) or os.path.getsize(p) == 0:
        first = txt.strip().splitlines()[0] if txt.strip() else ''
        print(f'| {n} | see text | - | {first[:120]} | - | {t[-1] if t else "?"} s |'); continue
    a = json.load(open(p))
    rows = []
    for c in a['comparisons']:
        sev = collections.Counter(d['severity'] for d in c['divergences'])
        s = '/'.join(str(sev.get(k, 0)) for k in ['critical', 'high', 'medium', 'low', 'info'])
        dims = ' '.join(f"{d['dimension'][:5]}={d['status'][0].upper()}{'*' if d['status']=='parity' and not d.get('facts') else ''}" for d in c['dimensions'])
        rows.append((c['candidate'], len(c['divergences']), s, dims))
    m = re.search(r'rc=(\d+)', '')
    for cand, tot, s, dims in rows:
        rc = open(f'{D}/{n}.rc').read().strip() if os.path.exists(f'{D}/{n}.rc') else '?'
        print(f"| {n} ({cand}) | {rc}{part} | {tot} ({s}) | {dims} | {len(a.get('skips', []))} | {t[-1] if t else '?'} s |")
