#!/usr/bin/env bash
# Exports the data of many people at once (GDPR art. 20), one file per person, for a script that
# hands them on: the subjects come one a line ("hetu:…", "phone:…", "email:…", "customer:…"),
# `export --batch` writes one JSON document a line, each becomes a file, and jq writes an index
# of the files with their records by category. Lines that match nothing or are not valid are
# reported on stderr with their line numbers; the exit status is the batch's (0: every line
# exported). OUTPUT-DIR must be new or empty.
#
#   examples/bulk-export.sh SUBJECTS-FILE OUTPUT-DIR [REGISTER]
#
# REGISTER defaults to $OULU10_GDPR_DB; OULU10_GDPR (default: oulu10-gdpr on PATH) names the
# binary.
set -euo pipefail
if (($# < 2 || $# > 3)); then
  echo "usage: bulk-export.sh SUBJECTS-FILE OUTPUT-DIR [REGISTER]" >&2
  exit 2
fi
gdpr=${OULU10_GDPR:-oulu10-gdpr}
subjects=$1
out=$2
db_option=()
[[ -n ${3:-} ]] && db_option=(--db "$3")
umask 077  # exports are personal data: the directory and files for this user only
mkdir -p "$out"
if [[ -n $(ls -A "$out") ]]; then
  echo "bulk-export.sh: $out is not empty; give a new directory" >&2
  exit 2
fi
# The batch's output is personal data too: gone however the script ends.
batch=$(mktemp "$out/.batch.XXXXXX")
trap 'rm -f "$batch"' EXIT

status=0
"$gdpr" "${db_option[@]}" --actor "${USER:-bulk-export}" export --batch "$subjects" \
  >"$batch" || status=$?
# One file per document, as the tool wrote it, numbered in the order written; the person's
# identifiers are inside, not in the file name. jq makes the index: file, and records by
# category, nothing personal.
n=0
while IFS= read -r document; do
  n=$((n + 1))
  name=export-$(printf '%05d' "$n").json
  printf '%s\n' "$document" >"$out/$name"
  jq -r --arg name "$name" \
    '[$name] + [.data | to_entries[] | "\(.key)=\(.value | length)"] | @tsv' "$out/$name" \
    >>"$out/index.tsv"
done <"$batch"
echo "$n export(s) in $out (index.tsv lists them)" >&2
exit "$status"
