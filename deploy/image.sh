#!/usr/bin/env bash
# Builds triage's container image without a Docker daemon and proves it:
#   1. the static binary (CGO_ENABLED=0) with the version stamps the
#      Dockerfile also sets,
#   2. the OCI image from an empty base (internal/image/cmd/mkimage build):
#      an OCI layout, a "docker load" tarball, and a push to a registry served
#      on loopback that is pulled back and checked,
#   3. the inspection of the layout and the tarball: entrypoint, numeric
#      non-root user, static ELF, no shell, only the expected files, size,
#   4. the image's own filesystem, unpacked and mounted read-only, runs
#      "triage version" and "triage demo" as uid 65532 (needs root for
#      unshare/mount/chroot; IMAGE_SKIP_RO=1 skips this step elsewhere).
# Usage: deploy/image.sh [OUT_DIR]   (CI: .ci/run, section "OCI image (daemonless)")
# VERSION, COMMIT and DATE may be set; by default they come from git.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
fail() { echo "image: FAIL: $*" >&2; exit 1; }

VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
COMMIT=${COMMIT:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}
DATE=${DATE:-$(TZ=UTC git log -1 --date=format-local:%Y-%m-%dT%H:%M:%SZ --format=%cd 2>/dev/null || echo unknown)}
out=${1:-$(mktemp -d /tmp/triage-image.XXXXXX)}
mkdir -p "$out"
[[ ! -e $out/oci ]] || fail "$out/oci exists already; give an empty OUT_DIR"
echo "image: version $VERSION, commit $COMMIT, date $DATE, out $out"

CGO_ENABLED=0 go build -trimpath \
  -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT} -X main.date=${DATE}" \
  -o "$out/triage" ./cmd/triage || fail "static build of ./cmd/triage"
go build -o "$out/mkimage" ./internal/image/cmd/mkimage || fail "build of mkimage"

created=()
[[ $DATE == unknown ]] || created=(--created "$DATE")
"$out/mkimage" build --binary "$out/triage" --version "$VERSION" --revision "$COMMIT" "${created[@]}" \
  --layout "$out/oci" --tarball "$out/triage.tar" --push || fail "mkimage build"
"$out/mkimage" inspect --layout "$out/oci" || fail "the OCI layout fails its checks"
"$out/mkimage" inspect --tarball "$out/triage.tar" >/dev/null || fail "the docker tarball fails its checks"
echo "image: tarball for docker load -i: $(stat -c %s "$out/triage.tar") bytes"

if [[ ${IMAGE_SKIP_RO:-} == 1 ]]; then
  echo "image: read-only run SKIPPED (IMAGE_SKIP_RO=1)"
  exit 0
fi
[[ $EUID == 0 ]] || fail "the read-only run needs root (unshare, mount, chroot); IMAGE_SKIP_RO=1 skips it"
root="$out/rootfs"
"$out/mkimage" extract --layout "$out/oci" --to "$root" || fail "mkimage extract"
chroot_bin=$(command -v chroot) || fail "chroot missing (coreutils)"
# A private mount namespace: the image's files bind-mounted read-only, the
# process confined to them as 65532:65532 with only the image's PATH.
ro_run() {
  unshare -m -- sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && shift && exec env -i PATH=/usr/local/bin "$@"' \
    sh "$root" "$chroot_bin" --userspec=65532:65532 "$root" "$@"
}
ver=$(ro_run triage version) || fail "triage version in the read-only image"
echo "$ver"
grep -qx "triage $VERSION" <<<"$ver" || fail "triage version does not print the stamped version $VERSION"
grep -q "^commit   $COMMIT\$" <<<"$ver" || fail "triage version does not print the stamped commit $COMMIT"
grep -q "^built    $DATE\$" <<<"$ver" || fail "triage version does not print the stamped date $DATE"
if ro_run sh -c true 2>/dev/null; then fail "a shell ran inside the image"; fi
ro_run triage demo >"$out/demo.log" 2>&1 || { tail -n 20 "$out/demo.log" >&2; fail "triage demo in the read-only image as 65532"; }
tail -n 6 "$out/demo.log"
if (unshare -m -- sh -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && touch "$1/probe"' sh "$root") 2>/dev/null; then
  fail "the root filesystem was writable"
fi
echo "image: the read-only root filesystem runs triage version and triage demo as 65532:65532; no shell"
