#!/usr/bin/env bash
# Fails when an intra-doc link written in src/ (`[`Name`]`) rendered as
# literal brackets in target/doc (rustdoc prints a link it cannot resolve to
# a page, such as another crate's item under `--no-deps`, as plain text,
# without a warning). Run after `cargo doc --no-deps`.
set -euo pipefail
cd "$(dirname "$0")/.."

doc=target/doc/sentinel_incidents
if [[ ! -d $doc ]]; then
  echo "no $doc: run cargo doc --no-deps first" >&2
  exit 2
fi
# The names our docs link to without an explicit target.
mapfile -t names < <(grep -rhoE '\[`[A-Za-z_][A-Za-z0-9_:]*`\]' src | sed -E 's/^\[`(.*)`\]$/\1/' | sort -u)
failed=0
for name in "${names[@]}"; do
  if hits=$(grep -rlF "[<code>$name</code>]" "$doc"); then
    echo "[\`$name\`] renders as brackets in: $hits" >&2
    failed=1
  fi
done
if ((failed)); then
  exit 1
fi
echo "${#names[@]} intra-doc link names from src/ render as links"
