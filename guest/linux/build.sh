#!/usr/bin/env bash
# Builds ringscope's guest Linux: an i386 kernel (bzImage) from Debian 12's linux-source-6.1 with
# tinyconfig + config.fragment, and an initramfs (rootfs.cpio.gz) from Debian 12's i386
# busybox-static and ./init. Prints the output directory on stdout; everything else goes to stderr.
#
# Packages come from Debian's mirror through a private apt configuration for Debian 12 (bookworm),
# architecture i386, kept under the cache: nothing is installed system-wide and the system's dpkg
# architectures are left alone. Outputs are cached under a key of (kernel source version, busybox
# version, config.fragment, init, this script, host compiler): a second run with the same inputs
# only prints the directory.
#
#   RS_LINUX_CACHE   cache root (default ~/.cache/ringscope/linux)
#   RS_LINUX_JOBS    make -j (default 2: the machines have 2 shared cores)
#   RS_LINUX_CLEAN=1 build the kernel in a fresh tree (the tree is otherwise reused per version)
#
# Host needs: build-essential flex bison bc libelf-dev cpio xz-utils lz4 (./dev setup installs them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${RS_LINUX_CACHE:-$HOME/.cache/ringscope/linux}
jobs=${RS_LINUX_JOBS:-2}
suite=bookworm              # the guest is Debian 12's, whatever Debian the host runs
source_pkg=linux-source-6.1
busybox_pkg=busybox-static
log() { echo "linux: $*" >&2; }
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

# ---- private apt configuration: Debian 12, i386 -------------------------------------------------
# Mirrors come from this machine's apt sources (deb822 or one-line format).
list_mirrors() {
  cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {print $2}' || true
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' || true
}
apt_dir=$cache/apt
apt_opts=(-o Dir::Etc::sourcelist="$apt_dir/sources.list"
          -o Dir::Etc::sourceparts="$apt_dir/sources.list.d"
          -o Dir::Etc::preferencesparts="$apt_dir/preferences.d"
          -o Dir::State::Lists="$apt_dir/lists"
          -o Dir::State::status="$apt_dir/status"
          -o Dir::Cache="$apt_dir/cache"
          -o APT::Architecture=i386 -o APT::Architectures=i386)
# As root, apt would hand downloads to user _apt, who cannot write into a private cache: skip that
[ "$(id -u)" != 0 ] || apt_opts+=(-o APT::Sandbox::User=root)
apt_update() {
  local mirror security
  mirror=$(list_mirrors | grep -v -- '-security' | grep -i debian | head -n 1 || true)
  security=$(list_mirrors | grep -- '-security' | grep -i debian | head -n 1 || true)
  if [ -z "$mirror" ]; then log "no Debian mirror in /etc/apt/sources.list{,.d}"; exit 1; fi
  [ -n "$security" ] || security=${mirror%/}-security
  mkdir -p "$apt_dir"/{lists/partial,cache/archives/partial,preferences.d,sources.list.d}
  : > "$apt_dir/status"
  local opt="[signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]"
  printf 'deb %s %s %s main\n' "$opt" "$mirror" "$suite" "$opt" "$mirror" "$suite-updates" \
    "$opt" "$security" "$suite-security" > "$apt_dir/sources.list"
  log "apt-get update (private, $suite i386)"
  apt-get "${apt_opts[@]}" update -q >&2
}
ls "$apt_dir"/lists/*_Packages* > /dev/null 2>&1 || apt_update
# Both candidate versions from one apt-cache run (each run parses the 9 MB package list)
read -r kver bbver < <(apt-cache "${apt_opts[@]}" policy "$source_pkg" "$busybox_pkg" |
  awk -v k="$source_pkg:" -v b="$busybox_pkg:" '/^[^ ]/ {p = $1} /Candidate:/ {c[p] = $2}
                                               END {print c[k], c[b]}')
if [ -z "$kver" ] || [ "$kver" = "(none)" ] || [ -z "$bbver" ] || [ "$bbver" = "(none)" ]; then
  log "no candidate for $source_pkg ($kver) or $busybox_pkg ($bbver)"; exit 1
fi

# ---- the cache key ------------------------------------------------------------------------------
sha() { sha256sum "$1" | cut -c1-64; }
key_text="$source_pkg=$kver
$busybox_pkg:i386=$bbver
config.fragment=$(sha "$here/config.fragment")
init=$(sha "$here/init")
build.sh=$(sha "$here/build.sh")
cc=$(cc --version | head -n 1)"
key=$(printf '%s\n' "$key_text" | sha256sum | cut -c1-16)
out=$cache/$key
if [ -f "$out/.complete" ]; then log "cached ($kver, busybox $bbver)"; echo "$out"; exit 0; fi
# One build at a time per cache (they share the source and build trees); then look again
exec 9> "$cache/.lock"
flock 9
if [ -f "$out/.complete" ]; then log "cached ($kver, busybox $bbver)"; echo "$out"; exit 0; fi
log "building $key: $source_pkg $kver, busybox $bbver"

# ---- packages -----------------------------------------------------------------------------------
debs=$cache/debs
mkdir -p "$debs"
find_deb() {  # package version -> its .deb in $debs, if there
  local d
  for d in "$debs/$1_"*.deb; do
    [ -f "$d" ] && [ "$(dpkg-deb -f "$d" Version)" = "$2" ] && { echo "$d"; return; }
  done
  true
}
fetch_deb() {  # package version -> its .deb in $debs, downloaded if need be
  if [ -z "$(find_deb "$1" "$2")" ]; then
    # An old package list may name a version the mirror has dropped: refresh once and retry
    (cd "$debs" && apt-get "${apt_opts[@]}" download "$1=$2" >&2) ||
      { apt_update; (cd "$debs" && apt-get "${apt_opts[@]}" download "$1=$2" >&2); }
  fi
  find_deb "$1" "$2"
}
kdeb=$(fetch_deb "$source_pkg" "$kver")
bbdeb=$(fetch_deb "$busybox_pkg" "$bbver")

# The kernel release date from the package's changelog: the one timestamp in the kernel and the cpio
stamp=$(dpkg-deb --fsys-tarfile "$kdeb" |
        tar -xO "./usr/share/doc/$source_pkg/changelog.Debian.gz" | gzip -dc |
        awk '/^ -- / && !seen {sub(/.*>  /, ""); print; seen = 1}')
epoch=$(date -d "$stamp" +%s)
export KBUILD_BUILD_TIMESTAMP="$(date -u -d "@$epoch")" KBUILD_BUILD_USER=ringscope KBUILD_BUILD_HOST=ringscope
export KBUILD_BUILD_VERSION=1 SOURCE_DATE_EPOCH=$epoch LOCALVERSION= LC_ALL=C TZ=UTC

# ---- kernel source: the tarball inside the .deb, unpacked once per version ----------------------
src=$cache/src/$kver
if [ ! -f "$src/.complete" ]; then
  log "unpacking $(basename "$kdeb")"
  rm -rf "$src"; mkdir -p "$src"
  dpkg-deb --fsys-tarfile "$kdeb" | tar -xO "./usr/src/$source_pkg.tar.xz" | xz -dc -T0 |
    tar -x -C "$src" --strip-components=1
  touch "$src/.complete"
fi

# ---- kernel -------------------------------------------------------------------------------------
# One build tree per source version, reused: after a change to the fragment kbuild rebuilds only
# what the changed options touch. RS_LINUX_CLEAN=1 starts it afresh.
bdir=$cache/build-$kver
[ "${RS_LINUX_CLEAN:-0}" = 0 ] || rm -rf "$bdir"
rm -rf "$out.tmp"; mkdir -p "$bdir" "$out.tmp"
kmake() { nice -n 10 make -s -C "$src" O="$bdir" ARCH=i386 "$@"; }
{ kmake tinyconfig
  "$src/scripts/kconfig/merge_config.sh" -m -O "$bdir" "$bdir/.config" "$here/config.fragment"
  kmake olddefconfig; } > "$bdir/config.log" 2>&1 || { cat "$bdir/config.log" >&2; exit 1; }
# Every setting of the fragment must have made it (a missing dependency silently drops one)
missing=0
while IFS= read -r line; do
  case "$line" in
    CONFIG_*=*) grep -qxF -- "$line" "$bdir/.config" || { log "config: $line did not stick"; missing=1; } ;;
    "# CONFIG_"*" is not set") name=${line#\# }; name=${name%% *}
      if grep -q "^$name=" "$bdir/.config"; then log "config: $name is still set"; missing=1; fi ;;
  esac
done < "$here/config.fragment"
[ "$missing" = 0 ] || exit 1
log "${SECONDS}s: make -j$jobs bzImage (log: $bdir/make.log)"
kmake -j"$jobs" bzImage > "$bdir/make.log" 2>&1 || { tail -n 40 "$bdir/make.log" >&2; exit 1; }
cp "$bdir/arch/x86/boot/bzImage" "$bdir/System.map" "$bdir/vmlinux" "$out.tmp/"
cp "$bdir/.config" "$out.tmp/config"

# ---- initramfs: busybox + /init as a newc cpio, written by the kernel's own gen_init_cpio --------
# A text list instead of a staging tree: device nodes need no root, and owners and mtimes are fixed
bb=$bdir/busybox-deb
rm -rf "$bb"; dpkg-deb -x "$bbdeb" "$bb"
cc -O2 -o "$bdir/gen_init_cpio" "$src/usr/gen_init_cpio.c"
cat > "$out.tmp/rootfs.list" <<EOF
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /tmp 1777 0 0
dir /root 0700 0 0
dir /bin 0755 0 0
dir /sbin 0755 0 0
dir /usr 0755 0 0
dir /usr/bin 0755 0 0
dir /usr/sbin 0755 0 0
file /bin/busybox $bb/bin/busybox 0755 0 0
slink /bin/sh busybox 0777 0 0
file /init $here/init 0755 0 0
EOF
"$bdir/gen_init_cpio" -t "$epoch" "$out.tmp/rootfs.list" > "$out.tmp/rootfs.cpio"
gzip -n -9 < "$out.tmp/rootfs.cpio" > "$out.tmp/rootfs.cpio.gz"
sed -i "s|$bb/|busybox-static_i386.deb:/|; s|$here/|guest/linux/|" "$out.tmp/rootfs.list"

printf '%s\n' "$key_text" > "$out.tmp/KEY"
rm -rf "$out"; mv "$out.tmp" "$out"; touch "$out/.complete"
log "${SECONDS}s: done: $(stat -c %s "$out/bzImage") bytes bzImage, $(stat -c %s "$out/rootfs.cpio.gz") bytes rootfs.cpio.gz"
echo "$out"
