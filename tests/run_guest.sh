#!/usr/bin/env bash
# Runs one guest in ringscope or in QEMU and checks its COM1 transcript and exit status.
#
# usage: run_guest.sh (ringscope BINARY | qemu) WORKDIR EXPECTED STATUS KERNEL [--append A]
#                     [--memory MIB] [--serial-in FILE] [--rtc DATE] [--keyboard TEXT] [MODULE...]
#   --serial-in FILE  COM1's receive line: ringscope --serial-in FILE; QEMU -serial stdio < FILE
#   --rtc DATE        the RTC's start: ringscope --rtc DATE; QEMU -rtc base=DATE,clock=vm
#   --keyboard TEXT   typed on the keyboard (ringscope only)
#   WORKDIR   directory to run in (paths below are relative to it, as the guest sees them)
#   EXPECTED  golden transcript; STATUS: the exit status both must give
#             ("triple" = ringscope 6 / QEMU 0, "halt" = ringscope 0, "unsupported" = ringscope 14)
# The transcript must match byte for byte; on a difference the diff is printed.
set -u
mode=$1; shift
if [ "$mode" = ringscope ]; then bin=$1; shift; fi
workdir=$1 expected=$2 status=$3 kernel=$4; shift 4
append= memory= serial_in= rtc= keyboard=
while [ "${1:-}" = --append ] || [ "${1:-}" = --memory ] || [ "${1:-}" = --serial-in ] || [ "${1:-}" = --rtc ] ||
      [ "${1:-}" = --keyboard ]; do
  case $1 in --append) append=$2 ;; --memory) memory=$2 ;; --rtc) rtc=$2 ;; --keyboard) keyboard=$2 ;; *) serial_in=$2 ;; esac
  shift 2
done
modules=("$@")
out=$(mktemp); trap 'rm -f "$out"' EXIT
cd "$workdir" || exit 2

case "$status" in
  triple) want_rs=6 want_qemu=0 ;;
  halt) want_rs=0 want_qemu=none ;;
  unsupported) want_rs=14 want_qemu=none ;;
  *) want_rs=$(( (status << 1) | 1 )) want_qemu=$want_rs ;;
esac

if [ "$mode" = ringscope ]; then
  args=(run --serial "$out" --timeout 60)
  [ -n "$append" ] && args+=(--append "$append")
  [ -n "$memory" ] && args+=(--memory "$memory")
  [ -n "$serial_in" ] && args+=(--serial-in "$serial_in")
  [ -n "$rtc" ] && args+=(--rtc "$rtc")
  [ -n "$keyboard" ] && args+=(--keyboard "$keyboard")
  for m in "${modules[@]}"; do args+=(--module "$m"); done
  "$bin" "${args[@]}" "$kernel" 2> "$out.err" < /dev/null
  got=$? want=$want_rs
  [ -s "$out.err" ] && sed 's/^/  stderr: /' "$out.err"
  rm -f "$out.err"
else
  [ "$want_qemu" = none ] && { echo "not a QEMU guest"; exit 2; }
  initrd=$(IFS=,; echo "${modules[*]}")
  args=(-kernel "$kernel" -serial "file:$out" -display none -no-reboot
        -device isa-debug-exit,iobase=0xf4,iosize=0x04)
  [ -n "$append" ] && args+=(-append "$append")
  [ -n "$memory" ] && args+=(-m "$memory")
  [ ${#modules[@]} -gt 0 ] && args+=(-initrd "$initrd")
  [ -n "$rtc" ] && args+=(-rtc "base=$rtc,clock=vm")
  if [ -n "$serial_in" ]; then
    args[3]=stdio
    timeout 60 qemu-system-i386 "${args[@]}" < "$serial_in" > "$out"
  else
    timeout 60 qemu-system-i386 "${args[@]}" < /dev/null
  fi
  got=$? want=$want_qemu
fi

fail=0
if ! cmp -s "$expected" "$out"; then
  echo "transcript differs from $expected (- expected, + $mode):"
  diff -u "$expected" "$out" | tail -n +3 | head -40
  fail=1
fi
if [ "$got" != "$want" ]; then
  echo "exit status $got, expected $want"
  fail=1
fi
[ $fail = 0 ] && echo "ok: $mode $kernel ${modules[*]}: $(wc -l < "$out") lines, exit $got"
exit $fail
