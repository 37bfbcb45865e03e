#!/usr/bin/env python3
"""Summarise a `parity audit --format json` file: severities, dimensions, skips, findings."""
import json, sys, collections
a = json.load(open(sys.argv[1]))
full = len(sys.argv) > 2
for c in a['comparisons']:
    divs = c['divergences']
    und = [d for d in divs if not d.get('decision')]
    sev = collections.Counter(d['severity'] for d in divs)
    print(f"== {c['candidate']} vs {c['baseline']}: {len(divs)} divergences", dict(sev))
    for d in c['dimensions']:
        print(f"   {d['dimension']:14} {d['status']:8} facts={d.get('facts')} und={d.get('undecided')} b={d.get('baselineSources')} c={d.get('candidateSources')}")
    rules = collections.Counter((d['severity'], d['rule']) for d in divs)
    for (s, r), n in sorted(rules.items(), key=lambda x: (['critical','high','medium','low','info'].index(x[0][0]), x[0][1])):
        print(f"   {n:4} {s:8} {r}")
    if full:
        for d in divs:
            print(f"   [{d['severity']}] {d['rule']} {d['key']} :: {d['message'][:220]}")
sk = a.get('skips', [])
print(f"skips: {len(sk)}")
for s in sk[:40]:
    print("   ", json.dumps(s)[:300])
