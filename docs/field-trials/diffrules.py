#!/usr/bin/env python3
"""Rule/severity counts of one run in two phases, side by side; and findings present in only one."""
import json, sys, collections, os
def load(ph, n):
    D = f'/work/trials-out/{ph}'
    for p in (f'{D}/{n}.partial.json', f'{D}/{n}.audit.json'):
        if os.path.exists(p) and os.path.getsize(p) > 0:
            return json.load(open(p))
    return None
a, b, n = sys.argv[1], sys.argv[2], sys.argv[3]
A, B = load(a, n), load(b, n)
if not A or not B: print('missing'); sys.exit()
for ca, cb in zip(A['comparisons'], B['comparisons']):
    ra = collections.Counter((d['severity'], d['rule']) for d in ca['divergences'])
    rb = collections.Counter((d['severity'], d['rule']) for d in cb['divergences'])
    print(f"== {n} {ca['candidate']}: {sum(ra.values())} -> {sum(rb.values())}")
    for k in sorted(set(ra) | set(rb)):
        if ra[k] != rb[k]: print(f"   {k[0]:8} {k[1]:40} {ra[k]:4} -> {rb[k]:4}")
    ka = {(d['rule'], d['key']): d for d in ca['divergences']}
    kb = {(d['rule'], d['key']): d for d in cb['divergences']}
    if len(sys.argv) > 4:
        for k in kb.keys() - ka.keys(): print('   + ', kb[k]['severity'], k[0], kb[k]['message'][:150])
        for k in ka.keys() - kb.keys(): print('   - ', ka[k]['severity'], k[0], ka[k]['message'][:150])
