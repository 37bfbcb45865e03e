#!/usr/bin/env bash
# Runs the whole attack against the built CLI (npm run build first). Each part writes
# $ATTACK_OUT/<part>.json; summary.mjs merges them. Parts can be run alone (see README).
set -u
cd "$(dirname "$0")/../.."
export ATTACK_OUT=${ATTACK_OUT:-/tmp/parity-attack-out}
mkdir -p "$ATTACK_OUT"
rm -f "$ATTACK_OUT"/*.json
node bench/attack/run-db.mjs            > "$ATTACK_OUT/db.log" 2>&1
node bench/attack/run-replay.mjs        > "$ATTACK_OUT/replay.log" 2>&1
node bench/attack/run-secrets.mjs       > "$ATTACK_OUT/secrets.log" 2>&1
for part in quadratic outside flags exits files; do
  node bench/attack/run-hostile.mjs $part > "$ATTACK_OUT/hostile-$part.log" 2>&1
done
node bench/attack/summary.mjs | tee "$ATTACK_OUT/summary.txt"
