#!/usr/bin/env bash
# Records kubectl kustomize's output for the engine fixtures, so unit tests assert kubectl's behaviour.
#
# A case directory either holds a complete kustomization.yaml (with the files it names), or the patch
# shorthand: target.yaml (resources), patch.yaml and optionally schema.json (used as
# `openapi: {path: schema.json}`) and extra.yaml (lines appended to the patches entry, e.g. a target or
# options). The script writes expected.yaml, or expected-error.txt when kubectl fails.
#
# A case with root/kustomization.yaml is built from root/ with --load-restrictor LoadRestrictionsNone.
#
# Usage: packages/kustomize/scripts/record-kubectl-fixtures.sh [CASE_DIR...]
# (default: every case under test/fixtures/patch/*/ and test/fixtures/{replacements,vars,openapi}/)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../test/fixtures"
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  cases=("$fixtures"/patch/*/*/ "$fixtures"/replacements/*/ "$fixtures"/vars/*/ "$fixtures"/openapi/*/)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for dir in "${cases[@]}"; do
  dir="${dir%/}"
  rm -rf "$work/case" && mkdir -p "$work/case"
  (cd "$dir" && find . -type f ! -name 'expected.yaml' ! -name 'expected-error.txt' -exec cp --parents {} "$work/case/" \;)
  build=("$work/case")
  if [ -f "$dir/root/kustomization.yaml" ]; then
    build=("$work/case/root" --load-restrictor LoadRestrictionsNone)
  elif [ ! -f "$dir/kustomization.yaml" ]; then
    {
      echo "resources: [target.yaml]"
      [ -f "$dir/schema.json" ] && echo "openapi: {path: schema.json}"
      echo "patches:"
      echo "- path: patch.yaml"
      if [ -f "$dir/extra.yaml" ]; then sed 's/^/  /' "$dir/extra.yaml"; fi
    } > "$work/case/kustomization.yaml"
  fi
  rm -f "$dir/expected.yaml" "$dir/expected-error.txt"
  if kubectl kustomize "${build[@]}" > "$work/out" 2> "$work/err"; then
    cp "$work/out" "$dir/expected.yaml"
  else
    grep -v '^# Warning' "$work/err" | sed -e "s#$work/case#\$CASE_DIR#g" -e 's/^E[0-9]* [0-9:.]* *[0-9]* /E /' > "$dir/expected-error.txt"
  fi
  echo "recorded $(basename "$dir")"
done
