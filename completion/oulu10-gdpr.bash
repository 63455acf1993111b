# bash completion for oulu10-gdpr: subcommands, their options, and the fixed values some options
# take. Plain bash, no bash-completion helpers needed. A test checks that
# it offers exactly what `oulu10-gdpr ... --help` shows (tests/e2e/test_help_and_completion.py).

# Options that take a value, so that their value is not mistaken for a subcommand.
_oulu10_gdpr_takes_value() {
  case $1 in
    --db | --actor | --journal | --anchor | --anchors | --policy | --customers | --seed | \
      --lang | --hetu | --phone | --email | --customer | --request | -o | --output | --batch | --since | --until | --set | --ground | \
      --purpose | --as-of | --batch-size | --kind | --received | --ref | --channel | \
      --identity-verified-by | --due-within | --reason | --outcome | --processor | --format | \
      --from)
      return 0 ;;
  esac
  return 1
}

_oulu10_gdpr_options() {
  local subject="--hetu --phone --email --customer"
  case $1 in
    "") echo "--help --version --db --json --actor --journal --anchor --policy" ;;
    init | import | backup | request | "request show" | "request approve" | processor-task | \
      "processor-task show") echo "--help" ;;
    "audit verify") echo "--help --anchors" ;;
    demo) echo "--help --customers --seed" ;;
    notice) echo "--help --lang" ;;
    inspect) echo "--help $subject --request --lang --redact" ;;
    export) echo "--help $subject --request --output --batch --no-redact" ;;
    audit) echo "--help --since --until --actor --request" ;;
    rectify) echo "--help $subject --set --request --dry-run" ;;
    erase) echo "--help $subject --request --dry-run" ;;
    restrict) echo "--help $subject --ground --lift --request --dry-run" ;;
    object | withdraw-consent) echo "--help $subject --purpose --request --dry-run" ;;
    survey-eligible) echo "--help --since" ;;
    purge) echo "--help --as-of --dry-run --batch-size --quiet" ;;
    restore) echo "--help --replay --dry-run" ;;
    "request open") echo "--help --kind --received --ref --channel --identity-verified-by $subject" ;;
    "request list") echo "--help --open --overdue --due-within --kind" ;;
    "request extend") echo "--help --reason" ;;
    "request close") echo "--help --outcome --reason" ;;
    "processor-task list") echo "--help --open --processor --request" ;;
    "processor-task export") echo "--help --processor --open --format --output" ;;
    "processor-task confirm") echo "--help --processor --from --ref" ;;
  esac
}

# Called in the completion's own shell, not a subshell, so that compopt takes effect.
_oulu10_gdpr_file_reply() {
  compopt -o filenames 2>/dev/null  # quoted, and directories marked, as file names are
  mapfile -t COMPREPLY < <(compgen -f -- "$1")
}

_oulu10_gdpr_values() {
  case $1 in
    --purpose) compgen -W "sms-survey quality-monitoring" -- "$2" ;;
    --lang) compgen -W "fi en" -- "$2" ;;
    --kind)
      compgen -W "access portability rectification erasure restriction objection consent-withdrawal" \
        -- "$2" ;;
    --channel) compgen -W "letter email in-person" -- "$2" ;;
    --outcome) compgen -W "completed refused partially-completed" -- "$2" ;;
    --ground) compgen -W "accuracy unlawful legal-claims objection" -- "$2" ;;
    --format) compgen -W "ndjson csv" -- "$2" ;;
  esac
}

_oulu10_gdpr() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  # bash splits --option=value into --option, =, value.
  if [[ $cur == "=" ]]; then
    cur=""
  elif [[ $prev == "=" ]]; then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi
  local commands="init import demo notice inspect export audit rectify erase restrict object
    withdraw-consent survey-eligible purge backup request processor-task restore"
  local command="" word i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if _oulu10_gdpr_takes_value "$word"; then
      [[ ${COMP_WORDS[i + 1]-} == "=" ]] && ((i++))
      ((i++))
    elif [[ $word != -* ]]; then
      case $command in
        "") command=$word ;;
        request | audit | processor-task) command="$command $word" ;;
      esac
    fi
  done
  if _oulu10_gdpr_takes_value "$prev"; then
    case $prev in
      --db | --journal | --anchor | --anchors | --policy | -o | --output | --batch | --from)
        _oulu10_gdpr_file_reply "$cur" ;;
      *) mapfile -t COMPREPLY < <(_oulu10_gdpr_values "$prev" "$cur") ;;
    esac
    return
  fi
  case "$command" in
    "")
      [[ $cur == -* ]] || { mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur"); return; } ;;
    request) [[ $cur == -* ]] || {
      mapfile -t COMPREPLY < <(compgen -W "open list show extend close approve" -- "$cur"); return; } ;;
    audit) [[ $cur == -* ]] || { mapfile -t COMPREPLY < <(compgen -W "verify" -- "$cur"); return; } ;;
    processor-task) [[ $cur == -* ]] || {
      mapfile -t COMPREPLY < <(compgen -W "list show export confirm" -- "$cur"); return; } ;;
    import | backup | restore) [[ $cur == -* ]] || { _oulu10_gdpr_file_reply "$cur"; return; } ;;
  esac
  mapfile -t COMPREPLY < <(compgen -W "$(_oulu10_gdpr_options "$command")" -- "$cur")
}

complete -F _oulu10_gdpr oulu10-gdpr
