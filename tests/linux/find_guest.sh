# Sourced by the Linux tests: sets GUEST to the guest Linux's directory (bzImage, rootfs.cpio.gz,
# System.map; built by `./dev linux`), from $RS_LINUX_DIR or the newest complete build in
# ${RS_LINUX_CACHE:-~/.cache/ringscope/linux}; exits 77 (ctest: skipped) when there is none.
GUEST=${RS_LINUX_DIR:-}
if [ -z "$GUEST" ]; then
  cache=${RS_LINUX_CACHE:-$HOME/.cache/ringscope/linux}
  GUEST=$(ls -td "$cache"/*/ 2>/dev/null | while read -r d; do
            [ -f "$d/.complete" ] && [ -f "$d/bzImage" ] && { echo "${d%/}"; break; }; done)
fi
if [ -z "$GUEST" ] || [ ! -f "$GUEST/bzImage" ]; then
  echo "SKIP: no guest Linux built (run ./dev linux, or set RS_LINUX_DIR)"
  exit 77
fi
