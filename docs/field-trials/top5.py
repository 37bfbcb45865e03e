#!/usr/bin/env python3
"""The first five findings of a text report's risk register (what a reader sees first)."""
import re, sys
for path in sys.argv[1:]:
    txt = open(path).read()
    blocks = re.findall(r'^  (CRITICAL|HIGH|MEDIUM|LOW|INFO)\s+(\S+)\s+(.*?)(?=\n\s+risk:|\n\s+baseline:)', txt, re.M | re.S)
    print('==', path.split('/')[-1])
    for sev, rule, msg in blocks[:5]:
        print(f'   {sev:8} {rule:32} {" ".join(msg.split())[:110]}')
