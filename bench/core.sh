#!/usr/bin/env bash
# Core benchmarks (issue 2): audit of a large estate, and CLI cold start. Reported, not asserted.
# Needs: npm run build; hyperfine (Debian package) for timings; GNU time for peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f bench/out/estate/parity.yaml ] || node bench/estate-generate.mjs bench/out/estate
cmd="node dist/cli/bin.js audit -c bench/out/estate/parity.yaml --format json -o /dev/null"
echo "== audit: 2 x 2,000 workloads, 50,000 env entries per environment, 500 CronJobs"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs 5 -i "$cmd"
  echo "== parity --help cold start"
  hyperfine --warmup 3 --runs 30 -N 'node dist/cli/bin.js --help'
  echo "== node itself, for reference"
  hyperfine --warmup 3 --runs 30 -N "node -e ''"
else
  time $cmd || true
fi
echo "== peak RSS of the audit"
/usr/bin/time -f "peak RSS %M KB, wall %e s" $cmd || true
echo "== audit growth: 1k, 2k, 4k, 8k workloads per environment (time and peak RSS; growth must be linear)"
node bench/audit-growth.mjs --sizes 1000,2000,4000,8000 --runs 3
