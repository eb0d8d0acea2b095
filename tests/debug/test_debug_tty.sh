#!/usr/bin/env bash
# `ringscope debug` on a real terminal: a tmux pane (a pty) runs the debugger, keys are typed
# into it (editing, history with the arrow keys, Ctrl-A/E, Ctrl-C, Backspace), and the whole
# screen, scrollback included, must equal expected/tty.txt. After quit, the shell in the pane
# prints the exit status and the terminal modes, which must be back to normal (icanon, echo, isig).
#
# usage: test_debug_tty.sh RINGSCOPE GUEST_OUT
# Exit 77 (ctest: skipped) when tmux is not installed. RS_UPDATE_EXPECTED=1 writes the screen.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
guest=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v tmux > /dev/null; then
    echo "SKIP: tmux is not installed (./dev setup installs it); the pty test did not run"
    exit 77
fi
tmp=$(mktemp -d)
sock=ringscope-debug-tty-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2> /dev/null; rm -rf "$tmp"' EXIT
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"

# The pane: the debugger, then what the shell sees of the terminal afterwards.
cat > "$tmp/session.sh" <<EOF
cd "$guest" || exit 1
"$bin" debug kernel.elf --module user/hello.elf 2> "$tmp/stderr"
echo "[exit \$?]"
echo "[modes: \$(stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo|isig)' | tr '\n' ' ')]"
sleep 120
EOF
tm new-session -d -s t -x 100 -y 50 "bash --norc --noprofile $tmp/session.sh"

screen() { tm capture-pane -p -S - -E - -t t; }

# wait_prompts N: until the screen shows N prompts (each command line begins with one).
wait_prompts() {
    for _ in $(seq 1 300); do
        [ "$(screen | grep -cE '^\(rs\)( |$)')" -ge "$1" ] && return 0
        sleep 0.1
    done
    echo "FAIL: waited 30 s for prompt number $1; the screen:"
    screen
    exit 1
}

keys() { tm send-keys -t t "$@"; }
text() { tm send-keys -t t -l "$1"; }

wait_prompts 1
text 'step'; keys Enter;                             wait_prompts 2
text 'x/1i $eip'; keys Enter;                        wait_prompts 3
keys Up Up Enter;                                    wait_prompts 4   # step again
keys Up Up Up Down Enter;                            wait_prompts 5   # x/1i $eip again
text 'sep'; keys Left Left; text 't'; keys Enter;    wait_prompts 6   # fixed to "step"
text 'tep'; keys C-a; text 's'; keys C-e; text ' 2'; keys Enter; wait_prompts 7   # "step 2"
text 'garbage'; keys C-c;                            wait_prompts 8   # abandoned
text 'info bz'; keys BSpace; keys Enter;              wait_prompts 9   # "info b"
text 'x/2i $eip junk'; keys C-w; keys Enter;         wait_prompts 10  # Ctrl-W: the last word
keys Enter;                                          wait_prompts 11  # repeats the last x
text 'quit'; keys Enter
for _ in $(seq 1 300); do
    screen | grep -q '^\[modes:' && break
    sleep 0.1
done

screen | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' > "$tmp/screen"
if [ -n "${RS_UPDATE_EXPECTED:-}" ]; then
    cp "$tmp/screen" "$here/expected/tty.txt"
    echo "updated $here/expected/tty.txt"
    exit 0
fi
status=0
if ! diff -u "$here/expected/tty.txt" "$tmp/screen"; then
    echo "FAIL: the screen differs from expected/tty.txt"
    status=1
fi
if [ -s "$tmp/stderr" ]; then
    echo "FAIL: the debugger wrote to stderr:"
    head -5 "$tmp/stderr"
    status=1
fi
[ $status = 0 ] && echo "ok: the terminal session matches expected/tty.txt"
exit $status
