#!/usr/bin/env bash
# Tests of `ringscope test` itself: scripts that pass, fail, error, loop in Lua, loop in the
# guest, block outside Lua, leak a machine, exit, run out of memory, print; the plain report and
# TAP against golden files (expected-plain.txt, expected-tap.txt), the JUnit file's
# well-formedness and counts, -k, --list, --help, exit statuses and usage errors.
#
# usage: test_runner.sh RINGSCOPE
# RS_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0 cases=0
# In the sanitizer build a used suppression (tests/lsan.supp) would print lines into the
# scripts' captured output; a leak report still does, and fails the comparison.
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"

fail() { echo "FAIL: $case_name: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $case_name"; }

# The fixtures, with the spinning kernel guest_loop.lua boots, in a folder of their own.
cp -r "$here/fixtures" "$tmp/t" || exit 2
nasm -f bin -o "$tmp/t/spin.bin" "$here/fixtures/spin.asm" || { echo "FAIL: nasm spin.asm"; exit 1; }
cd "$tmp/t" || exit 2

# run ARGS...: ringscope test ARGS with a time limit of its own; sets rc, out, err.
run() {
    out=$tmp/out err=$tmp/err
    timeout 120 "$bin" test "$@" > "$out" 2> "$err" < /dev/null
    rc=$?
}

# Instruction counts depend on the teaching kernel, not on the runner; paths on this run's folder.
normalize() { sed -E -e 's/icount [0-9]+/icount N/g' -e "s|$tmp/|TMP/|g" "$1"; }

# golden NAME FILE: FILE (normalized) must equal $here/NAME.
golden() {
    normalize "$2" > "$tmp/normalized"
    if [ "${RS_UPDATE_GOLDEN:-0}" = 1 ]; then
        cp "$tmp/normalized" "$here/$1"
        echo "updated $here/$1"
    elif ! cmp -s "$tmp/normalized" "$here/$1"; then
        fail "output differs from $1:"; diff -u "$here/$1" "$tmp/normalized" | head -40
        return 1
    fi
}

expect_status() {
    cases=$((cases + 1))
    if [ "$rc" = 124 ]; then fail "did not finish within 120 s"; return 1; fi
    if [ "$rc" != "$1" ]; then fail "exit status $rc, expected $1"; sed 's/^/    stderr: /' "$err" | head -5; return 1; fi
}

# Every fixture that ends by itself, plain report and JUnit at once, with a time limit that only
# catches a hang: a machine at load 10 takes seconds to fill memory.lua's 512 MiB.
case_name="every fixture, plain report"
run --timeout 120 --junit "$tmp/junit.xml" -k assert.lua -k error.lua -k exit.lua -k fail.lua -k leak.lua \
    -k memory.lua -k missing.lua -k output.lua -k pass.lua -k sub/nested.lua -k syntax.lua .
expect_status 1 && golden expected-plain.txt "$out" && ok

# The fixtures that only the time limit ends (a loop in Lua, in the guest, outside Lua): a short
# one, which a loaded machine only reaches sooner.
case_name="time limits, plain report"
run --timeout 2 --junit "$tmp/junit-limits.xml" -k guest_loop.lua -k loop.lua -k sleep.lua .
expect_status 1 && golden expected-plain-limits.txt "$out" && ok

case_name="JUnit file"
cases=$((cases + 1))
if command -v xmllint > /dev/null; then
    xmllint --noout "$tmp/junit.xml" 2> "$tmp/xmlerr" || { fail "not well-formed XML:"; head -5 "$tmp/xmlerr"; }
elif command -v python3 > /dev/null; then
    python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$tmp/junit.xml" ||
        fail "not well-formed XML"
else
    echo "note: neither xmllint nor python3: well-formedness not checked"
fi
grep -q '<testsuite name="ringscope test" tests="11" failures="6" errors="3" skipped="0"' "$tmp/junit.xml" ||
    fail "the testsuite element does not count 11 tests, 6 failures, 3 errors: $(grep '<testsuite ' "$tmp/junit.xml")"
[ "$(grep -c '<testcase ' "$tmp/junit.xml")" = 11 ] || fail "not 11 testcase elements"
grep -q '<testsuite name="ringscope test" tests="3" failures="0" errors="3" skipped="0"' "$tmp/junit-limits.xml" ||
    fail "the time limits' testsuite does not count 3 errors: $(grep '<testsuite ' "$tmp/junit-limits.xml")"
grep -q '<error message="sleep.lua: the test' "$tmp/junit-limits.xml" ||
    fail "sleep.lua is not an <error>"
grep -q '<failure message="fail.lua:3: expected error_code 7, got 5" type="failure">' "$tmp/junit.xml" ||
    fail "fail.lua's <failure> is missing"
grep -q '<system-out>line one' "$tmp/junit.xml" || fail "output.lua's <system-out> is missing"
[ "$failures" = 0 ] && ok

case_name="TAP"
run --tap -k pass -k fail -k error -k syntax -k leak -k exit -k output .
expect_status 1 && golden expected-tap.txt "$out" && ok

case_name="all passing: exit 0"
run -k pass -k nested .
expect_status 0 && { [ "$(cat "$out")" = "$(printf 'ok   pass.lua\nok   sub/nested.lua\n2 passed, 0 failed')" ] ||
    fail "unexpected output: $(cat "$out")"; } && ok

case_name="-v shows a passing script's output"
run -v pass.lua
expect_status 0 && { grep -qx '     | hello from pass.lua' "$out" || fail "no output line in: $(cat "$out")"; } && ok

case_name="-k with a shell pattern, --list"
run --list -k 's*/*.lua' -k '*ssert*' .
expect_status 0 && { [ "$(cat "$out")" = "$(printf 'assert.lua\nsub/nested.lua')" ] ||
    fail "unexpected list: $(cat "$out")"; } && ok

case_name="a file given by its path is named by it"
run ./sub/nested.lua
expect_status 0 && { grep -qx 'ok   ./sub/nested.lua' "$out" || fail "unexpected output: $(cat "$out")"; } && ok

case_name="--help"
run --help
expect_status 0 && { grep -q -- '--junit FILE' "$out" && grep -q -- '-k PATTERN' "$out" && grep -q -- '--tap' "$out" &&
    grep -q -- '--timeout SECONDS' "$out" || fail "--help lacks an option: $(head -3 "$out")"; } && ok

# usage_error 'REGEX' ARGS...: exit 2, nothing on stdout, one line on stderr matching REGEX.
usage_error() {
    local regex=$1
    shift
    case_name="ringscope test $*"
    run "$@"
    expect_status 2 || return
    if [ -s "$out" ] || [ "$(wc -l < "$err")" != 1 ] || ! grep -Eq -- "$regex" "$err"; then
        fail "expected one line /$regex/ on stderr, got: $(cat "$err") / stdout: $(head -2 "$out")"
    else
        ok
    fi
}
usage_error "^ringscope test: no test script or folder given \(try 'ringscope test --help'\)$"
usage_error "^ringscope test: unknown option '--bogus'" --bogus .
usage_error "^ringscope test: option -k needs a value" . -k
usage_error "^ringscope test: --timeout takes a number of seconds above 0" --timeout 0 .
usage_error "^ringscope test: --timeout takes a number of seconds above 0" --timeout abc .
usage_error "^ringscope test: cannot read no-such-dir: No such file or directory$" no-such-dir
usage_error "^ringscope test: no test matches the -k pattern given" -k nothing-like-this .
mkdir -p "$tmp/empty"
usage_error "^ringscope test: no \*\.lua test script found" "$tmp/empty"

case_name="--junit to a folder that does not exist"
run --junit "$tmp/no/such/file.xml" pass.lua
expect_status 16 && ok

echo "$((cases - failures)) of $cases runner cases passed"
[ "$failures" = 0 ]
