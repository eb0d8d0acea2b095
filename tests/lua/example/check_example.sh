#!/usr/bin/env bash
# Runs the README's worked example ("## Writing a test guest") exactly as written, in an empty
# folder: every block after an <!-- example-file: NAME --> comment becomes the file NAME, and
# every block after <!-- example-transcript --> is a terminal session: each "$ COMMAND" line is
# run there (with RINGSCOPE's folder first on PATH) and what it prints, standard output and error,
# must be the lines that follow it. Instruction counts and the program's own addresses (which
# depend on the kernel build and on the linker) are compared as "N" and "0x080XXXXX".
#
# usage: check_example.sh RINGSCOPE MARKDOWN
set -u
bin_dir=$(cd "$(dirname "$1")" && pwd)
md=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/folder" "$work/blocks"
export PATH="$bin_dir:$PATH"
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"

# The section, split into numbered blocks, with a plan line per block: "file NAME" or "transcript".
awk -v dir="$work/blocks" '
    /^## / { inside = ($0 == "## Writing a test guest") }
    !inside { next }
    /^<!-- example-file: .* -->$/ { kind = "file " $3; next }
    /^<!-- example-transcript -->$/ { kind = "transcript"; next }
    /^```/ {
        if (in_block) { in_block = 0; kind = ""; next }
        if (kind != "") { in_block = 1; n++; print kind > (dir "/plan"); out = dir "/" n; printf "" > out }
        next
    }
    in_block { print >> out }
' "$md"
[ -s "$work/blocks/plan" ] || { echo "FAIL: no example blocks in the 'Writing a test guest' section of $md"; exit 1; }

normalize() { sed -E -e 's/icount [0-9]+/icount N/g' -e 's/0x080[0-9a-f]{5}/0x080XXXXX/g'; }

failures=0 commands=0
# run_transcript FILE: runs its commands in the folder, comparing their output.
run_transcript() {
    local cmd="" expected=$work/expected
    : > "$expected"
    while IFS= read -r line || [ -n "$line" ]; do
        if [ "${line:0:2}" = '$ ' ]; then
            [ -n "$cmd" ] && check_command "$cmd" "$expected"
            cmd=${line:2}
            : > "$expected"
        else
            printf '%s\n' "$line" >> "$expected"
        fi
    done < "$1"
    [ -n "$cmd" ] && check_command "$cmd" "$expected"
}

check_command() {
    commands=$((commands + 1))
    (cd "$work/folder" && timeout 120 bash -c "$1" < /dev/null > "$work/actual" 2>&1)
    if cmp -s <(normalize < "$2") <(normalize < "$work/actual"); then
        echo "ok: \$ $1"
    else
        echo "FAIL: \$ $1: the output differs from the README:"
        diff -u <(normalize < "$2") <(normalize < "$work/actual") | tail -n +3 | head -30
        failures=$((failures + 1))
    fi
}

n=0
while read -r kind name; do
    n=$((n + 1))
    if [ "$kind" = file ]; then
        cp "$work/blocks/$n" "$work/folder/$name"
    else
        run_transcript "$work/blocks/$n"
    fi
done < "$work/blocks/plan"
echo "$((commands - failures)) of $commands commands of the worked example as the README shows them"
[ "$failures" = 0 ] && [ "$commands" -gt 0 ]
