# bash completion for recall(1)                               -*- shell-script -*-
#
# Installed as share/bash-completion/completions/recall; to try it from a
# checkout:  . completion/recall.bash
#
# Everything is read from recall itself when Tab is pressed, so a new
# command, option or deck needs no change here:
#   commands     the "Commands:" section of `recall --help`
#   subcommands  the word after "recall CMD" on the usage lines of
#                `recall CMD --help` (card explain|grade, deck stamp...)
#   options      the lines of `recall [CMD [SUB]] --help` that start with
#                two spaces and a dash, and the [-x ...] groups of its usage
#                lines; an option written with a value ("--seed <n>") takes
#                one, and "[--algo fsrs | sm2]" gives the values to offer
#   arguments    the placeholders of the usage line: <deck> completes deck
#                ids (first column of `recall decks`), <card> or
#                <deck>/<note> card names (`recall cards DECK`), a
#                profile name the profiles (`recall profile list --json`),
#                <file...> file names, and "again | hard | good | easy"
#                those words
# The queries use the collection named by --db before the command (else
# RECALL_DB, else the default), and are only made when that file exists:
# completing creates no collection.  A --profile on the command line is
# skipped but not passed on, since recall creates a profile on first use
# and ids do not depend on it.  Needs bash 4 and nothing else; jq and
# the bash-completion package are not used.

# Run recall with the global options seen on the command line.
_recall_run()
{
    "$_recall_bin" "${_recall_globals[@]}" --no-color "$@" </dev/null 2>/dev/null
}

# compopt fails outside a completion (when a test calls _recall itself).
_recall_compopt()
{
    compopt "$@" 2>/dev/null
    return 0
}

# Add to COMPREPLY the words of $@ that start with $cur, each once.
_recall_add()
{
    local w
    local -A seen=()
    for w in "${COMPREPLY[@]}"; do
        seen[$w]=1
    done
    for w in "$@"; do
        [[ $w && $w == "$cur"* && ! ${seen[$w]-} ]] || continue
        seen[$w]=1
        COMPREPLY+=("$w")
    done
    return 0
}

# A word as typed, with a leading "~/" made $HOME/.
_recall_untilde()
{
    # shellcheck disable=SC2088 # the tilde is matched, not expanded
    if [[ $1 == "~/"* ]]; then
        printf '%s\n' "$HOME/${1#"~/"}"
    else
        printf '%s\n' "$1"
    fi
}

# The collection the queries would open: --db, RECALL_DB, the XDG default.
_recall_db_exists()
{
    local db=$_recall_db
    [[ $db ]] || db=${RECALL_DB-}
    if [[ ! $db ]]; then
        if [[ ${XDG_DATA_HOME-} == /* ]]; then
            db=$XDG_DATA_HOME/recall/collection.db
        else
            db=${HOME:-.}/.local/share/recall/collection.db
        fi
    fi
    [[ -f $db ]]
}

# First column of a table printed by recall, without its header line.
_recall_column()
{
    local line first=1
    while IFS= read -r line; do
        if ((first)); then
            first=0
            continue
        fi
        line=${line%%[[:space:]]*}
        [[ $line ]] && printf '%s\n' "$line"
    done
}

_recall_decks()
{
    _recall_db_exists || return 0
    local -a ids
    mapfile -t ids < <(_recall_run decks | _recall_column)
    _recall_add "${ids[@]}"
}

# Profile names, from `recall profile list --json` ("name": lines).
_recall_profiles()
{
    _recall_db_exists || return 0
    local -a names
    local i
    mapfile -t names < <(_recall_run profile list --json |
        sed -n 's/^    "name": "\(.*\)",$/\1/p')
    for i in "${!names[@]}"; do
        names[i]=$(printf '%q' "${names[i]//\\\"/\"}")
    done
    _recall_add "${names[@]}"
}

# Card names: deck ids followed by "/" until a deck is chosen, then the
# cards of that deck.
_recall_cards()
{
    _recall_db_exists || return 0
    local -a ids
    if [[ $cur == */* ]]; then
        mapfile -t ids < <(_recall_run cards "${cur%%/*}" | _recall_column)
        _recall_add "${ids[@]}"
    else
        mapfile -t ids < <(_recall_run decks | _recall_column)
        _recall_add "${ids[@]/%//}"
        ((${#COMPREPLY[@]})) && _recall_compopt -o nospace
    fi
    return 0
}

# File names; with a pattern ("*.deck"), those files and directories,
# falling back to every file when nothing matches.
_recall_files()
{
    local -a found
    _recall_compopt -o filenames
    if [[ ${1-} ]]; then
        mapfile -t found < <(compgen -d -- "$cur"; compgen -f -X "!$1" -- "$cur")
        ((${#found[@]})) || mapfile -t found < <(compgen -f -- "$cur")
    else
        mapfile -t found < <(compgen -f -- "$cur")
    fi
    COMPREPLY+=("${found[@]}")
}

_recall_commands()
{
    local -a cmds
    mapfile -t cmds < <("$_recall_bin" --help 2>/dev/null </dev/null |
        sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z0-9_-]*\).*/\1/p')
    _recall_add "${cmds[@]}"
}

# Read a --help text (stdin) for command $1 (empty: recall itself) and
# subcommand $2 (may be empty) into the caller's variables:
#   opts     option names
#   argopts  " NAME NAME " of the options that take a value
#   optvals  option name -> values to offer, space-separated
#   subs     subcommand names (when $2 is empty)
#   slots    positional arguments: deck, card, file, deckfile, none, or
#            "words a b c"; repeat=1 when the last one repeats
_recall_parse_help()
{
    local cmd=$1 sub=$2 line col w in_usage=0 entry chosen=0 plain=0
    local -a entries words
    while IFS= read -r line; do
        if [[ $line == "usage: "* ]]; then
            in_usage=1
            entries+=("${line#usage: }")
            continue
        fi
        if ((in_usage)); then
            if [[ ! $line =~ [^[:space:]] ]]; then
                in_usage=0
            elif [[ $line =~ ^[[:space:]]+recall[[:space:]] ]]; then
                entries+=("${line#"${line%%[![:space:]]*}"}")
            elif ((${#entries[@]})); then
                entries[-1]+=" ${line#"${line%%[![:space:]]*}"}"
            fi
            continue
        fi
        # An option line: "  -o, --output <file>   write to <file>".
        [[ $line == "  -"* ]] || continue
        col=${line#  }
        col=${col%%  *}
        col=${col//,/ }
        local takes=0
        local -a names=()
        for w in $col; do
            if [[ $w == -* ]]; then
                [[ $w == *=* || $w == *"[="* ]] && takes=1
                w=${w%%[=[]*}
                names+=("$w")
            else
                takes=1
            fi
        done
        opts+=("${names[@]}")
        ((takes)) && for w in "${names[@]}"; do argopts+="$w "; done
    done

    # The usage entries: "recall CMD [SUB] [-x ...] <arg>... a | b".
    local tok depth c i
    for entry in "${entries[@]}"; do
        # Split at spaces outside brackets, joining "a | b" alternatives.
        words=()
        tok='' depth=0
        for ((i = 0; i < ${#entry}; i++)); do
            c=${entry:i:1}
            case $c in
            '[') ((depth++)) ;;
            ']') ((depth--)) ;;
            esac
            if [[ $c == ' ' ]] && ((depth == 0)); then
                [[ $tok ]] && words+=("$tok")
                tok=''
            else
                tok+=$c
            fi
        done
        [[ $tok ]] && words+=("$tok")
        local -a merged=()
        for ((i = 0; i < ${#words[@]}; i++)); do
            if [[ ${words[i]} == '|' ]] && ((${#merged[@]} && i + 1 < ${#words[@]})); then
                merged[-1]+="|${words[i + 1]}"
                ((i++))
            else
                merged+=("${words[i]}")
            fi
        done
        [[ ${merged[0]-} == recall ]] || continue
        if [[ $cmd ]]; then
            [[ ${merged[1]-} == "$cmd" ]] || continue
            merged=("${merged[@]:2}")
        else
            merged=("${merged[@]:1}")
        fi
        # A subcommand: a plain word right after the command.
        if [[ ${merged[0]-} =~ ^[a-z][a-z0-9-]*$ ]]; then
            if [[ ! $sub ]]; then
                subs+=("${merged[0]}")
                continue
            fi
            [[ ${merged[0]} == "$sub" ]] || continue
            merged=("${merged[@]:1}")
        elif [[ $sub ]]; then
            continue
        fi
        local -a inner eslots=()
        local kind erepeat=0 ewant=0 ehave=0
        for tok in "${merged[@]}"; do
            if [[ $tok == '[-'* ]]; then
                # "[--algo fsrs | sm2]", "[-o <file>]", "[--json]".
                tok=${tok#[}
                tok=${tok%]}
                read -r -a inner <<<"$tok"
                w=${inner[0]%%=*}
                opts+=("$w")
                if ((${#inner[@]} > 1)); then
                    argopts+="$w "
                    tok=${inner[*]:1}
                    if [[ $tok =~ ^[a-z0-9_-]+(\ \|\ [a-z0-9_-]+)+$ ]]; then
                        tok=${tok// | / }
                        optvals[$w]=$tok
                    fi
                fi
                continue
            fi
            if [[ $tok == -* ]]; then
                # A form of the command chosen by an option ("recall quiz
                # --history [<deck>]"): its arguments apply when it is given.
                opts+=("$tok")
                ((ewant++))
                for w in "${words[@]:0:cword}"; do
                    [[ $w == "$tok" ]] && { ((ehave++)); break; }
                done
                continue
            fi
            erepeat=0
            [[ $tok == *... || $tok == *...']' ]] && erepeat=1
            if [[ $tok == *'|'* && $tok != *'<'* ]]; then
                kind="words ${tok//|/ }"
            elif [[ $cmd == profile && $sub != add &&
                ($tok == '<name>' || $tok == '<old>') ]]; then
                kind=profile # an existing profile, but not a new name
            else
                case ${tok,,} in
                *profile*) kind=profile ;;
                *card* | *note*) kind=card ;;
                *deck*) kind=deck ;;
                *command*) kind='command' ;;
                *file* | *folder* | *dir* | *path*)
                    kind='file'
                    # Deck files for the commands that read decks.
                    [[ $cmd == import || $cmd == deck ]] && kind=deckfile
                    ;;
                *) kind=none ;;
                esac
            fi
            eslots+=("$kind")
        done
        # The arguments of the first plain form, or of the form whose
        # options are all on the command line.
        if ((ewant)); then
            ((ehave == ewant)) || continue
            slots=("${eslots[@]}") repeat=$erepeat chosen=1
        elif ((!chosen && !plain)); then
            slots=("${eslots[@]}") repeat=$erepeat plain=1
        fi
    done
    return 0
}

# Complete the value of option $1 (its value being $cur).
_recall_option_value()
{
    local opt=$1
    if [[ ${optvals[$opt]-} ]]; then
        # shellcheck disable=SC2086
        _recall_add ${optvals[$opt]}
        return 0
    fi
    case $opt in
    --profile) _recall_profiles ;;
    --now | --seed) ;;
    *) _recall_files ;;
    esac
    return 0
}

_recall()
{
    COMPREPLY=()
    local _recall_bin _recall_db='' cur
    local -a _recall_globals=() words=()
    local cword=0 i w joined=0

    # Undo the split of "--opt=value" at COMP_WORDBREAKS' "=".
    for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
        w=${COMP_WORDS[i]}
        if ((i > 0)) && [[ $w == '=' && ${words[-1]} == -* && ${words[-1]} != *=* ]]; then
            words[-1]+='='
            joined=1
        elif ((joined)); then
            words[-1]+=$w
            joined=0
        else
            words+=("$w")
            joined=0
        fi
        ((i == COMP_CWORD)) && cword=$((${#words[@]} - 1))
    done
    ((COMP_CWORD >= ${#COMP_WORDS[@]})) && { words+=(''); cword=$((${#words[@]} - 1)); }
    cur=${words[cword]-}

    _recall_bin=${words[0]}
    _recall_bin=$(_recall_untilde "$_recall_bin")
    if [[ $_recall_bin == */* ]]; then
        [[ -x $_recall_bin ]] || _recall_bin=recall
    fi
    type -P "$_recall_bin" >/dev/null 2>&1 || [[ -x $_recall_bin ]] || return 0

    local -a opts=() subs=() slots=()
    local argopts=' ' repeat=0
    local -A optvals=()

    # The global options, up to the command.
    _recall_parse_help '' '' < <("$_recall_bin" --help 2>/dev/null </dev/null)
    opts+=(--version)
    local cmd='' cmd_at=0
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        if [[ $w == -* ]]; then
            local opt=$w val
            if [[ $w == --*=* ]]; then
                opt=${w%%=*} val=${w#*=}
            elif [[ $argopts == *" $w "* ]]; then
                val=${words[i + 1]-}
                ((i++))
            else
                continue
            fi
            val=$(_recall_untilde "$val")
            # Only --db is passed on: deck ids and card names are the same
            # for every profile, and recall creates a profile on first use,
            # which pressing Tab after a mistyped --profile must not do.
            [[ $opt == --db ]] && _recall_db=$val _recall_globals+=(--db "$val")
            continue
        fi
        cmd=$w
        cmd_at=$i
        break
    done

    local prev=${words[cword - 1]-}
    if [[ ! $cmd ]]; then
        if [[ $cur == --*=* ]]; then
            cur=${cur#*=}
            _recall_option_value "${words[cword]%%=*}"
        elif ((cword > 1)) && [[ $prev == -* && $argopts == *" $prev "* ]]; then
            _recall_option_value "$prev"
        elif [[ $cur == -* ]]; then
            _recall_add "${opts[@]}"
        else
            _recall_commands
        fi
        return 0
    fi

    if [[ $cmd == help ]]; then
        ((cword == cmd_at + 1)) && _recall_commands
        return 0
    fi

    # The command's options, subcommands and arguments.
    opts=() subs=() slots=() argopts=' ' optvals=()
    _recall_parse_help "$cmd" '' < <(_recall_run "$cmd" --help)
    local sub='' first=$((cmd_at + 1))
    if ((${#subs[@]})); then
        for ((i = cmd_at + 1; i < cword; i++)); do
            [[ ${words[i]} == -* ]] && continue
            sub=${words[i]}
            first=$((i + 1))
            break
        done
        if [[ ! $sub ]]; then
            if [[ $cur == -* ]]; then
                _recall_add "${opts[@]}" --help
            else
                _recall_add "${subs[@]}"
            fi
            return 0
        fi
        opts=() subs=() slots=() argopts=' ' optvals=()
        _recall_parse_help "$cmd" "$sub" < <(_recall_run "$cmd" "$sub" --help)
    fi

    # Count the arguments before the cursor, skipping options and values.
    local npos=0 dashdash=0
    for ((i = first; i < cword; i++)); do
        w=${words[i]}
        if ((!dashdash)) && [[ $w == -- ]]; then
            dashdash=1
        elif ((!dashdash)) && [[ $w == -* ]]; then
            [[ $w != *=* && $argopts == *" $w "* ]] && ((i++))
        else
            ((npos++))
        fi
    done

    if ((!dashdash)); then
        if [[ $cur == --*=* ]]; then
            local opt=${cur%%=*}
            cur=${cur#*=}
            _recall_option_value "$opt"
            return 0
        fi
        if ((cword > first)) && [[ $prev == -* && $argopts == *" $prev "* ]]; then
            _recall_option_value "$prev"
            return 0
        fi
        if [[ $cur == -* ]]; then
            _recall_add "${opts[@]}" --help
            return 0
        fi
    fi

    ((${#slots[@]})) || return 0
    local slot
    if ((npos < ${#slots[@]})); then
        slot=${slots[npos]}
    elif ((repeat)); then
        slot=${slots[-1]}
    else
        return 0
    fi
    case $slot in
    deck) _recall_decks ;;
    card) _recall_cards ;;
    profile) _recall_profiles ;;
    file) _recall_files ;;
    deckfile) _recall_files '*.deck' ;;
    command) _recall_commands ;;
    words\ *)
        # shellcheck disable=SC2086
        _recall_add ${slot#words }
        ;;
    esac
    return 0
}

complete -F _recall recall
