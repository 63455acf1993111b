#!/usr/bin/env bash
# A registry office (kirjaamo) clerk's work on one letter, from its arrival to the answers. The
# letter asks for three things: a copy of the data (access, art. 15), the data in a form to take
# elsewhere (portability, art. 20), and then their erasure (art. 17). Each is a request of its
# own with its own deadline; every step is linked to its request, so that `request show` is the
# record of what was done.
#
#   examples/kirjaamo-walkthrough.sh [REGISTER]
#
# It works on a scratch register in a temporary directory, removed at the end with the reply
# letter and the export written there: a copy of REGISTER (which must hold the sample's person,
# 010185-912T) or, without it, one made from examples/sample.ndjson. It never changes REGISTER
# itself: the walk-through erases a person. OULU10_GDPR (default: oulu10-gdpr on PATH) names
# the binary; a copy needs the sqlite3 shell.
set -euo pipefail
gdpr=${OULU10_GDPR:-oulu10-gdpr}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/register.db
if [[ -n ${1:-} ]]; then
  sqlite3 "$1" ".backup '$db'"  # a consistent copy, even while others write to it
else
  "$gdpr" --db "$db" init >/dev/null
  "$gdpr" --db "$db" import "$here/sample.ndjson" >/dev/null
fi
person=(--hetu 010185-912T)
run() {
  echo "\$ oulu10-gdpr $*" >&2
  "$gdpr" --db "$db" --actor kirjaamo.anna "$@"
}
open_request() {  # KIND: opens a request for the letter and prints its id
  run --json request open --kind "$1" --received 2026-11-02 --ref OUKA/1234/2026 \
    --channel letter --identity-verified-by "passport at the service point" "${person[@]}" |
    jq -r .request.id
}

# 1. The letter of 2 November; the clerk checked the passport at the service point.
access=$(open_request access)
portability=$(open_request portability)
erasure=$(open_request erasure)
run request list --open

# 2. The reply to the access request, to print and send, and the export to hand over.
run inspect "${person[@]}" --request "$access" >"$work/reply.txt"
run export "${person[@]}" --request "$portability" -o "$work/export.json"
echo "reply: $(wc -l <"$work/reply.txt") lines; export: $(jq '.data | length' "$work/export.json") categories" >&2
run request close "$access" --outcome completed
run request close "$portability" --outcome completed

# 3. What an erasure would keep, and why; then the erasure. Exit 5: records the law keeps were
#    kept, each listed with its reasons.
run erase "${person[@]}" --request "$erasure" --dry-run
status=0
run erase "${person[@]}" --request "$erasure" || status=$?
case $status in
  0) run request close "$erasure" --outcome completed ;;
  5) run request close "$erasure" --outcome partially-completed \
       --reason "cases of statutory tasks and open complaints are kept (GDPR art. 17(3))" ;;
  *) exit "$status" ;;
esac

# 4. The record of what was done.
run request show "$erasure"
run audit verify
