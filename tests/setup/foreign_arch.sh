#!/usr/bin/env bash
# Setup on a Debian 12 machine with foreign architectures enabled (`dpkg --add-architecture i386`,
# common on desktops): the project's private apt configurations (tools/fetch-unicorn.sh for Unicorn
# 2.1, guest/linux/build.sh for the guest Linux) must pin both APT::Architecture and
# APT::Architectures, or apt mixes the machine's architecture list into them.
#
# The machine is not changed: a throwaway APT_CONFIG points apt at a dpkg that reports i386 as a
# foreign architecture (apt asks dpkg for that list), so every apt call below sees what it would
# see on such a machine. Needs Debian's mirror (as setup does); run by .ci/run.
#
# Usage: tests/setup/foreign_arch.sh [--linux]   (--linux also checks the guest Linux's fetcher,
#        which needs its cached build to be quick)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/dpkg" <<'DPKG'
#!/bin/sh
for a in "$@"; do [ "$a" = --print-foreign-architectures ] && { echo i386; exit 0; }; done
exec /usr/bin/dpkg "$@"
DPKG
chmod +x "$work/dpkg"
printf 'Dir::Bin::dpkg "%s/dpkg";\n' "$work" > "$work/apt.conf"
export APT_CONFIG=$work/apt.conf

fail=0
archs=$(apt-config dump | awk '/^APT::Architectures::/ { gsub(/[";]/, "", $2); print $2 }' | sort | tr '\n' ' ')
if [ "$archs" != "amd64 i386 " ]; then
  echo "FAIL: the throwaway configuration does not look like a machine with i386 enabled ($archs)"
  exit 1
fi
echo "ok: apt sees the architectures: $archs"

# Unicorn 2.1 into a scratch prefix (on Debian 12 that is the private apt path).
if out=$(tools/fetch-unicorn.sh "$work/unicorn" 2> "$work/unicorn.log") &&
   [ -f "$out/.complete" ]; then
  echo "ok: tools/fetch-unicorn.sh with i386 enabled -> Unicorn $(cat "$out/VERSION")"
else
  echo "FAIL: tools/fetch-unicorn.sh with i386 enabled:"; tail -n 5 "$work/unicorn.log"; fail=1
fi

if [ "${1:-}" = --linux ]; then
  if out=$(guest/linux/build.sh 2> "$work/linux.log") && [ -f "$out/bzImage" ]; then
    echo "ok: guest/linux/build.sh with i386 enabled -> $out"
  else
    echo "FAIL: guest/linux/build.sh with i386 enabled:"; tail -n 5 "$work/linux.log"; fail=1
  fi
fi

exit $fail
