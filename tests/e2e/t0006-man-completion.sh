#!/bin/bash
# t0006 -- the man page and the bash completion.
#   0006.1  recall.1 has every section, one .SS per command `recall --help`
#           lists, each command's options, and every environment variable
#   0006.2  it renders without warnings (only when groff is installed)
#   0006.3  `cmake --install` installs share/man/man1/recall.1 and
#           share/bash-completion/completions/recall
#   0006.4  the installed completion completes commands, options, option
#           values, subcommands, deck ids (of --db's collection), card
#           names, profiles and deck files, and creates no collection
#           and no profile
. "$(dirname "$0")/lib.sh"
: "${RECALL_BUILD_DIR:?ctest sets RECALL_BUILD_DIR}"
page=$RECALL_SOURCE_DIR/doc/recall.1
[ -f "$page" ] || fail "no doc/recall.1"

# 0006.1 -- sections, commands, options, environment.
for s in NAME SYNOPSIS DESCRIPTION 'GLOBAL OPTIONS' COMMANDS 'DECK FILES' \
    ENVIRONMENT FILES 'EXIT STATUS' EXAMPLES 'SEE ALSO'; do
    grep -Eqx "\.SH \"?$s\"?" "$page" || fail "recall.1 has no section $s"
done
"$RECALL" --help >help.out
commands=$(awk '/^Commands:/{on=1;next} on && /^  [a-z]/{print $1} /^$/{on=0}' help.out)
[ "$(echo "$commands" | wc -l)" -ge 8 ] || fail "too few commands: $commands"
# man_section NAME: the lines of ".SS NAME" up to the next .SS or .SH.
man_section() {
    awk -v want="$1" '/^\.S[SH] /{on = ($0 == ".SS " want)} on' "$page"
}
for cmd in $commands; do
    man_section "$cmd" >section.out
    [ -s section.out ] || fail "recall.1 has no '.SS $cmd' for command $cmd"
    [ "$cmd" = help ] && continue
    "$RECALL" "$cmd" --help >cmd.out
    # The options of its option lines ("  -o, --output <file>") and its
    # usage line ("[--json]"), as roff writes them (\-\-dry\-run).
    opts=$( (sed -n 's/^  \(-[^ ].*\)/\1/p' cmd.out | sed 's/  .*//' | tr ', ' '\n'
        sed -n '/^usage:/,/^$/p' cmd.out | grep -o '\[-[-a-zA-Z0-9]*') |
        sed -n 's/^\[//; /^-/p' | sort -u)
    for opt in $opts; do
        grep -qF -- "$(printf '%s' "$opt" | sed 's/-/\\-/g')" section.out ||
            fail "recall.1: command $cmd does not describe $opt"
    done
done
for o in --db --profile --now --json --no-color --verbose --help --version; do
    sed -n '/^\.SH "\{0,1\}GLOBAL OPTIONS/,/^\.SH [^G]/p' "$page" |
        grep -qF -- "$(printf '%s' "$o" | sed 's/-/\\-/g')" ||
        fail "GLOBAL OPTIONS does not describe $o"
done
sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$page" >env.out
for v in RECALL_DB RECALL_PROFILE RECALL_NOW RECALL_DECKS_DIR XDG_DATA_HOME \
    HOME NO_COLOR TERM EDITOR VISUAL TZ; do
    grep -Eq "^\.B[R]? ([^ ]*[ ,\"]+)*$v\b" env.out ||
        fail "ENVIRONMENT does not describe $v"
done

# 0006.2 -- renders without warnings (a fresh machine may lack groff).
if command -v groff >/dev/null; then
    groff -man -ww -z "$page" 2>groff.err || fail "groff failed"
    compare /dev/null groff.err
    if command -v man >/dev/null; then
        LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
            man --warnings -E UTF-8 -l "$page" >man.out 2>man.err ||
            fail "man -l failed: $(cat man.err)"
        compare /dev/null man.err
        grep -q '^COMMANDS' man.out || fail "man -l rendered no COMMANDS"
    fi
else
    echo "t0006: groff missing, rendering not checked"
fi

# 0006.3 -- installation.
cmake --install "$RECALL_BUILD_DIR" --prefix "$TEST_DIR/prefix" >/dev/null
[ -f prefix/share/man/man1/recall.1 ] || fail "recall.1 not installed"
cmp -s "$page" prefix/share/man/man1/recall.1 || fail "installed recall.1 differs"
comp=$TEST_DIR/prefix/share/bash-completion/completions/recall
[ -f "$comp" ] || fail "bash completion not installed"
cmp -s "$RECALL_SOURCE_DIR/completion/recall.bash" "$comp" ||
    fail "installed completion differs"

# 0006.4 -- completion.  completions WORD...: COMPREPLY, one per line, for
# the command line WORD... with the cursor at the end of the last word,
# in a fresh bash where `recall` is the binary under test.
bindir=$(cd "$(dirname "$RECALL")" && pwd)
[ "$(basename "$RECALL")" = recall ] || fail "the binary is not named recall"
completions() {
    PATH="$bindir:$PATH" bash --norc --noprofile -c '
        . "$1" || exit 1
        shift
        spec=$(complete -p recall) || exit 1
        fn=${spec#*-F }
        fn=${fn%% *}
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        COMPREPLY=()
        "$fn" recall "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"' bash "$comp" "$@" | LC_ALL=C sort
}
# expect_comp WANT WORD...: the completions of WORD... are WANT (one a line).
expect_comp() {
    want=$1
    shift
    got=$(completions "$@")
    [ "$got" = "$want" ] ||
        fail "completing '$*': got '$(echo "$got" | tr '\n' ' ')'," \
            "expected '$(echo "$want" | tr '\n' ' ')'"
}
nl='
'
# Nothing to query yet: completion must not create the collection.
expect_comp "" recall cards ""
[ ! -e "$RECALL_DB" ] || fail "completion created the collection"

"$RECALL" init >/dev/null
expect_comp import recall im
expect_comp --dry-run recall import --d
expect_comp "caste${nl}context${nl}theses${nl}trials" recall cards ""
expect_comp "theses${nl}trials" recall cards t
expect_comp "theses${nl}trials" recall review caste t
expect_comp "caste${nl}context${nl}theses${nl}trials" recall export -o out.deck ""
expect_comp "$(echo "$commands" | LC_ALL=C sort)" recall ""
expect_comp "decks" recall --now 2026-01-05 --db "$RECALL_DB" decks
expect_comp "--db" recall --d
expect_comp "explain${nl}grade" recall card ""
expect_comp "again${nl}easy${nl}good${nl}hard" recall card grade theses/thesis-a ""
expect_comp "fsrs${nl}sm2" recall sched replay --algo ""
expect_comp "--json" recall card explain --j
expect_comp "theses/thesis-e#2" recall show theses/thesis-e#
"$RECALL" profile add ana >/dev/null
expect_comp "ana${nl}default" recall --profile ""
expect_comp "ana" recall profile remove a
expect_comp "" recall profile add ""
expect_comp "list" recall profile l
completions recall show "" | grep -qx 'theses/' || fail "show: no 'theses/'"
completions recall help "" | grep -qx import || fail "help: no import"

# --db before the command picks the collection the ids come from.
mkdir -p mine/sub
printf 'deck: mini\ntitle: Mini\n\nbasic: one\nQ: q\nA: a\n' >mine/mini.deck
: >mine/notes.txt
"$RECALL" --db other.db import mine/mini.deck >/dev/null
expect_comp mini recall --db other.db cards ""
expect_comp mini recall --profile someone --db = other.db review --seed 3 ""
expect_comp mini recall --profile=someone --db=other.db review ""
expect_comp "mini/one" recall --db "$TEST_DIR/other.db" show mini/
expect_comp "" recall --db nothere.db cards ""
[ ! -e nothere.db ] || fail "completion created nothere.db"
[ "$(sqlite3 other.db "SELECT count(*) FROM profiles WHERE name = 'someone'")" = 0 ] ||
    fail "completion created a profile"

# Deck files (and folders) for import and deck stamp.
expect_comp "mine/mini.deck${nl}mine/sub" recall import mine/
expect_comp "mine/mini.deck${nl}mine/sub" recall deck stamp mine/
completions recall export -o mine/ | grep -qx mine/notes.txt ||
    fail "export -o: no file names"
echo "t0006: ok"
