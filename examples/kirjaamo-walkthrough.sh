#!/usr/bin/env bash
# A registry office (kirjaamo) clerk's work on one letter, from its arrival to the answers. The
# letter asks for three things: a copy of the data (access, art. 15), the data in a form to take
# elsewhere (portability, art. 20), and then their erasure (art. 17). Each is a request of its
# own with its own deadline; every step is linked to its request, so that `request show` is the
# record of what was done. The erasure is followed to the processors that hold the records in
# their own systems: their tasks are sent to them, their confirmations recorded, and only then is
# the request closed as completed.
#
#   examples/kirjaamo-walkthrough.sh [REGISTER]
#
# It works on a scratch register in a temporary directory, removed at the end with the reply
# letter, the export and the processors' files written there: a copy of REGISTER (which must
# hold the sample's person, 010185-912T) or, without it, one made from examples/sample.ndjson.
# It never changes REGISTER itself: the walk-through erases a person. OULU10_GDPR (default:
# oulu10-gdpr on PATH) names the binary; a copy needs the sqlite3 shell.
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
[[ $status == 0 || $status == 5 ]] || exit "$status"

# 4. The records live first in the systems the notice's processors run for the city, so the
#    erasure also made a task for each processor that holds them (GDPR art. 19, 28(3)): the
#    source ids of the records to erase, never their content. Each processor is sent its open
#    tasks as a file (every export is audited): NDJSON, or a CSV sheet for one that wants a
#    spreadsheet.
run processor-task list --open --request "$erasure"
run processor-task export --processor "Monetra Oulu Oy" --open -o "$work/monetra.ndjson"
run processor-task export --processor "Sysart Oy" --open --format csv -o "$work/sysart.csv"
run processor-task export --processor "Telia Finland Oy" --open -o "$work/telia.ndjson"

# 5. The processors answer, and the clerk records each answer once, with the processor's
#    reference. Monetra replies by e-mail about its one task; Sysart returns the sheet it was
#    sent, and Telia the NDJSON file as it was: every task a returned file lists is confirmed,
#    or none if a line names a task that is not that processor's open one.
monetra_task=$(jq -r --arg request "$erasure" 'select(.request == $request) | .task' \
  "$work/monetra.ndjson")
run processor-task confirm "$monetra_task" --ref "Monetra e-mail MON-2026-118"
run processor-task confirm --processor "Sysart Oy" --from "$work/sysart.csv" \
  --ref "Sysart ticket SYS-4471"
run processor-task confirm --processor "Telia Finland Oy" --from "$work/telia.ndjson" \
  --ref "Telia case 2026-11-0093"

# 6. Only now, with every processor's confirmation recorded, is the erasure completed; a request
#    with unconfirmed tasks is refused as completed (exit 2). When the law kept records, the
#    answer is partial, with the reasons the person is told.
case $status in
  0) run request close "$erasure" --outcome completed ;;
  5) run request close "$erasure" --outcome partially-completed \
       --reason "cases of statutory tasks and open complaints are kept (GDPR art. 17(3))" ;;
esac

# 7. The record of what was done: the request's actions and its processors' tasks.
run request show "$erasure"
run audit verify
