#!/usr/bin/env bash
# Exports the data of many people at once (GDPR art. 20), one file per person, for a script that
# hands them on: the subjects come one a line ("hetu:…", "phone:…", "email:…", "customer:…"),
# `export --batch` writes one JSON document a line, and jq splits them into files numbered in
# the order they were written. Lines that match nothing or are not valid are reported on stderr with
# their line numbers; the exit status says whether every line was exported.
#
#   examples/bulk-export.sh SUBJECTS-FILE OUTPUT-DIR [REGISTER]
#
# REGISTER defaults to $OULU10_GDPR_DB; OULU10_GDPR (default: oulu10-gdpr on PATH) names the
# binary.
set -euo pipefail
gdpr=${OULU10_GDPR:-oulu10-gdpr}
subjects=$1
out=$2
db_option=()
[[ -n ${3:-} ]] && db_option=(--db "$3")
umask 077  # exports are personal data: the directory and files for this user only
mkdir -p "$out"

status=0
"$gdpr" "${db_option[@]}" --actor "${USER:-bulk-export}" export --batch "$subjects" \
  >"$out/exports.ndjson" || status=$?
# One file per document; the exported person's identifiers are inside, not in the file name.
jq -c '.' "$out/exports.ndjson" | {
  n=0
  while IFS= read -r document; do
    n=$((n + 1))
    printf '%s\n' "$document" | jq '.' >"$out/export-$(printf '%05d' "$n").json"
  done
  echo "$n export(s) in $out" >&2
}
rm "$out/exports.ndjson"
exit "$status"
