#!/usr/bin/env bash
# Field-trial regression guard (issue 12). NOT part of `npm test`: it needs the real repositories.
#
# Fetch each repository of trials.tsv once (the session's `fetch` tool: `fetch github:OWNER/NAME`,
# which leaves a git directory under /work/.mirror/OWNER+NAME/; or any clone, see MIRROR below),
# then `npm run build` and run:
#   bench/field-trials/run.sh            audit every trial, print the summary, compare with expected-summary.txt
#   bench/field-trials/run.sh --update   same, and rewrite expected-summary.txt (commit it with the change that moved it)
#   bench/field-trials/run.sh --init     also run `parity init --baseline production` on each repository copy
# Each trial: the repository at its pinned commit is archived into $OUT/<name>/repo (mechanical edits
# applied: k5 = kustomize v5 spelling + env.example as .env), its hand-written config from
# docs/field-trials/ is audited there with --allow-partial in json, text and markdown
# ($OUT/<name>.{json,txt,md,rc}). Summary per trial and candidate: findings C/H/M/L/I, markdown size,
# the first five rule ids of the register. Exit 0 when the summary equals expected-summary.txt,
# 1 when it changed (the diff is printed), 2 when a repository or the build is missing.
# Environment: MIRROR (default /work/.mirror; a repository is $MIRROR/OWNER+NAME/repo[/.git]),
# OUT (default /tmp/parity-field-trials), ONLY="nm5 govuk" (re-run some trials; the others' last outputs stay). Needs kubectl on PATH for the trials with renderer: kubectl.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
MIRROR=${MIRROR:-/work/.mirror}
OUT=${OUT:-/tmp/parity-field-trials}
bin="$root/dist/cli/bin.js"
update=0 init=0
for a in "$@"; do
  case $a in
  --update) update=1 ;;
  --init) init=1 ;;
  *) echo "usage: $0 [--update] [--init]" >&2; exit 2 ;;
  esac
done
[[ -f $bin ]] || { echo "no $bin: run npm run build first" >&2; exit 2; }
mkdir -p "$OUT"
missing=0
while IFS=$'\t' read -r name repo commit folder config edit; do
  [[ -z $name || $name == \#* ]] && continue
  [[ -n ${ONLY:-} && " $ONLY " != *" $name "* ]] && continue
  gitdir="$MIRROR/${repo/\//+}/repo"
  [[ -d $gitdir/.git ]] && gitdir="$gitdir/.git"
  if ! git --git-dir="$gitdir" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "missing: $repo@$commit (fetch github:$repo)" >&2; missing=1; continue
  fi
  dir="$OUT/$name/repo"
  rm -rf "$OUT/$name"; mkdir -p "$dir"
  # A snapshot may lack its largest blobs: archive every file but those (listed in $OUT/<name>.absent).
  git --git-dir="$gitdir" ls-tree -r "$commit" | awk '$2 == "blob" { print $3 }' |
    git --git-dir="$gitdir" cat-file --batch-check='%(objectname) %(objecttype)' |
    awk '$2 == "missing" { print $1 }' >"$OUT/$name.absent-blobs"
  git --git-dir="$gitdir" ls-tree -r "$commit" | grep -F -f "$OUT/$name.absent-blobs" | cut -f2 >"$OUT/$name.absent" || true
  mapfile -t skip < <(sed 's/^/:(exclude,literal)/' "$OUT/$name.absent")
  git --git-dir="$gitdir" archive "$commit" -- . "${skip[@]}" 2>"$OUT/$name.archive.err" | tar -x -C "$dir"
  if [[ $edit == k5 ]]; then
    for e in production staging; do
      sed -i 's/^patches:/patchesStrategicMerge:/' "$dir/env/$e/kustomization.yaml"
      cp "$dir/env.example" "$dir/env/$e/.env"
    done
  fi
  work="$dir/$folder"
  if [[ $init == 1 ]]; then
    cp -r "$work" "$OUT/$name/init"
    (cd "$OUT/$name/init" && timeout 300 node "$bin" init --baseline production --no-color >"$OUT/$name.init.txt" 2>&1; echo $? >"$OUT/$name.init.rc")
  fi
  cp "$root/docs/field-trials/$config" "$work/parity.yaml"
  for f in json txt:text md:markdown; do
    ext=${f%%:*} fmt=${f#*:}
    (cd "$work" && timeout 300 node "$bin" audit --allow-partial --no-color --format "$fmt" -o "$OUT/$name.$ext" 2>"$OUT/$name.$ext.err"; echo $? >"$OUT/$name.$ext.rc")
  done
done < <(grep -v '^#' "$here/trials.tsv")
[[ $missing == 0 ]] || exit 2
node "$here/summary.mjs" "$here/trials.tsv" "$OUT" | { if [[ -n ${ONLY:-} ]]; then grep -E "^($(tr ' ' '|' <<<"$ONLY")) "; else cat; fi; } >"$OUT/summary.txt"
cat "$OUT/summary.txt"
if [[ $update == 1 && -z ${ONLY:-} ]]; then cp "$OUT/summary.txt" "$here/expected-summary.txt"; exit 0; fi
expected=$(cat "$here/expected-summary.txt")
[[ $init == 1 ]] || expected=$(grep -v ' init exit=' <<<"$expected") # init lines only with --init
[[ -z ${ONLY:-} ]] || expected=$(grep -E "^($(tr ' ' '|' <<<"$ONLY")) " <<<"$expected")
diff -u <(echo "$expected") "$OUT/summary.txt" && echo "field trials: unchanged" && exit 0
echo "field trials: the summary changed (run with --update when the change is intended)" >&2
exit 1
