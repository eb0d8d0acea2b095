#!/usr/bin/env bash
# Puts Unicorn >= 2.1 where CMake finds it.
#
# Debian 13 and later: the system package libunicorn-dev is new enough; install it.
# Debian 12: its libunicorn 2.0.1 ignores page-table frame addresses (unicorn#1953) and cannot
# run our guests, so take Debian 13's libunicorn-dev/libunicorn2t64 packages with apt-get download
# and unpack them into a project-local prefix (.deps/unicorn). The mirror comes from this machine's
# own apt sources; nothing is installed system-wide and no system package is replaced.
#
# Usage: tools/fetch-unicorn.sh PREFIX      prints the prefix to use ("system" for the system one)
set -euo pipefail
prefix=${1:?usage: fetch-unicorn.sh PREFIX}
need_major_minor=2.1

have_system_ok() {
  local v
  v=$(dpkg-query -W -f='${Version}' libunicorn-dev 2>/dev/null || true)
  [ -n "$v" ] && dpkg --compare-versions "$v" ge "$need_major_minor"
}

candidate_ok() {
  local v
  v=$(apt-cache policy libunicorn-dev 2>/dev/null | awk '/Candidate:/ {print $2}')
  [ -n "$v" ] && [ "$v" != "(none)" ] && dpkg --compare-versions "$v" ge "$need_major_minor"
}

if have_system_ok; then echo system; exit 0; fi
if candidate_ok; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q libunicorn-dev >&2
  echo system; exit 0
fi

if [ -f "$prefix/.complete" ]; then echo "$prefix"; exit 0; fi

# The first Debian mirror named in this machine's apt sources (deb822 or one-line format).
list_mirrors() {
  cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {print $2}' || true
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' || true
}
mirror=$(list_mirrors | grep -v -- '-security' | grep -i debian | head -n 1 || true)
if [ -z "$mirror" ]; then
  echo "fetch-unicorn: no Debian mirror found in /etc/apt/sources.list{,.d}; cannot fetch Unicorn 2.1" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/etc/preferences.d" "$work/etc/sources.list.d"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$work/etc/sources.list"
# Both APT::Architecture and APT::Architectures: with only the first, a machine with foreign
# architectures enabled (dpkg --add-architecture) would fetch and resolve those too
opts=(-o Dir::Etc::sourcelist="$work/etc/sources.list"
      -o Dir::Etc::sourceparts="$work/etc/sources.list.d"
      -o Dir::Etc::preferencesparts="$work/etc/preferences.d"
      -o Dir::State::Lists="$work/lists"
      -o Dir::Cache="$work/cache"
      -o APT::Architecture=amd64 -o APT::Architectures=amd64)
echo "fetch-unicorn: Debian 12's Unicorn is too old; taking Debian 13's packages from $mirror" >&2
apt-get "${opts[@]}" update -q >&2
(cd "$work" && apt-get "${opts[@]}" download libunicorn-dev libunicorn2t64 >&2)
rm -rf "$prefix.tmp"; mkdir -p "$prefix.tmp"
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$prefix.tmp"; done
rm -rf "$prefix"; mv "$prefix.tmp" "$prefix"
dpkg-deb -f "$work"/libunicorn-dev_*.deb Version > "$prefix/VERSION"
touch "$prefix/.complete"
echo "$prefix"
