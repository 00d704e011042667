#!/usr/bin/env bash
# Records kubectl kustomize's output for the patch fixtures, so unit tests assert kubectl's behaviour.
#
# Each case directory holds target.yaml (one or more resources), patch.yaml and optionally schema.json
# (used as `openapi: {path: schema.json}`) and extra.yaml (lines appended to the patches entry, e.g. a
# target or options). The script writes expected.yaml, or expected-error.txt when kubectl fails.
#
# Usage: packages/kustomize/scripts/record-kubectl-fixtures.sh [CASE_DIR...]
# (default: every directory under packages/kustomize/test/fixtures/patch/smp and .../json6902)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../test/fixtures/patch"
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then cases=("$fixtures"/*/*/); fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for dir in "${cases[@]}"; do
  dir="${dir%/}"
  rm -rf "$work/case" && mkdir -p "$work/case" && cp "$dir"/*.yaml "$work/case/" && rm -f "$work/case/expected.yaml"
  [ -f "$dir/schema.json" ] && cp "$dir/schema.json" "$work/case/"
  {
    echo "resources: [target.yaml]"
    [ -f "$dir/schema.json" ] && echo "openapi: {path: schema.json}"
    echo "patches:"
    echo "- path: patch.yaml"
    if [ -f "$dir/extra.yaml" ]; then sed 's/^/  /' "$dir/extra.yaml"; fi
  } > "$work/case/kustomization.yaml"
  rm -f "$dir/expected.yaml" "$dir/expected-error.txt"
  if kubectl kustomize "$work/case" > "$work/out" 2> "$work/err"; then
    cp "$work/out" "$dir/expected.yaml"
  else
    sed -e "s#$work/case#\$CASE_DIR#g" -e 's/^E[0-9]* [0-9:.]* *[0-9]* /E /' "$work/err" > "$dir/expected-error.txt"
  fi
  echo "recorded $(basename "$dir")"
done
