#!/usr/bin/env bash
# Builds real initramfs images with the distribution's own tools, for the tests that check
# Remaster against images other tools made. Run as root (it installs packages with apt-get).
#
#   testdata/images/make-real-images.sh [OUTDIR]
#
# OUTDIR (default /var/tmp/remaster-real-images) receives:
#   debian-installer-initrd.gz   the Debian 12 installer's initrd (gzip -9, newc), from the package
#   mkinitramfs-zstd.img         initramfs-tools' mkinitramfs (zstd) with early microcode segments
#   mkinitramfs-gzip.img         the same with -c gzip
#   dracut.img                   dracut --no-hostonly
#   *.list                       the reference listing of each image, made without Remaster
#                                (lsinitramfs / lsinitrd / cpio -t per segment)
# An image that cannot be made is an error: the script stops with a message and a non-zero status
# (CI relies on every image being there; the tests that need one fail in strict mode without it).
set -euo pipefail
out=${1:-/var/tmp/remaster-real-images}
mkdir -p "$out"
export DEBIAN_FRONTEND=noninteractive

apt_install() {
  if ! dpkg -s "$@" >/dev/null 2>&1; then
    [ -n "${apt_updated:-}" ] || { apt-get update -qq; apt_updated=1; }
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  fi
}

kernel_version() {
  ls /lib/modules 2>/dev/null | sort -V | tail -n 1
}

# 1. The Debian installer.
apt_install debian-installer-12-netboot-amd64 cpio
di=/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64
fail() {
  echo "make-real-images: $*" >&2
  exit 1
}

[ -f "$di/initrd.gz" ] || fail "no $di/initrd.gz after installing debian-installer-12-netboot-amd64"
cp -f "$di/initrd.gz" "$out/debian-installer-initrd.gz"
gzip -dc "$di/initrd.gz" | cpio -t --quiet > "$out/debian-installer-initrd.gz.list"


# 2. initramfs-tools, with early microcode (non-free-firmware component on the same mirror).
if ! dpkg -s amd64-microcode >/dev/null 2>&1; then
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    [ -f "$f" ] || continue
    if ! grep -q non-free-firmware "$f"; then
      sed -i -E 's/^(Components:.*main)$/\1 non-free-firmware/; s/^(deb .* main)$/\1 non-free-firmware/' "$f"
      apt_updated=
    fi
  done
fi
apt_install linux-image-amd64 initramfs-tools zstd
apt_install amd64-microcode intel-microcode \
  || fail "microcode packages unavailable: the mkinitramfs images would have no early segment"
kv=$(kernel_version)
[ -n "$kv" ] || fail "no kernel under /lib/modules after installing linux-image-amd64"
command -v mkinitramfs >/dev/null || fail "mkinitramfs not found after installing initramfs-tools"
for c in zstd gzip; do
  img="$out/mkinitramfs-$c.img"
  if [ ! -s "$img" ]; then
    mkinitramfs -c "$c" -o "$img.tmp" "$kv" || fail "mkinitramfs -c $c failed"
    mv "$img.tmp" "$img"
  fi
  lsinitramfs "$img" > "$img.list"
done

# 3. dracut (beside initramfs-tools).
apt_install dracut-core
command -v dracut >/dev/null || fail "dracut not found after installing dracut-core"
if [ ! -s "$out/dracut.img" ]; then
  dracut --quiet --no-hostonly --force --kver "$kv" "$out/dracut.img.tmp" || fail "dracut failed"
  mv "$out/dracut.img.tmp" "$out/dracut.img"
fi
# lsinitramfs (initramfs-tools) splits any multi-segment image with its own tools.
lsinitramfs "$out/dracut.img" > "$out/dracut.img.list"
for f in debian-installer-initrd.gz mkinitramfs-zstd.img mkinitramfs-gzip.img dracut.img; do
  [ -s "$out/$f" ] && [ -s "$out/$f.list" ] || fail "$out/$f or its .list is missing or empty"
done
ls -l "$out"
