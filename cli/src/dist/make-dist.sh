#!/usr/bin/env bash
# Makes the installable distributions from the packaged CLI (run by `mvn package` in cli/):
#   target/remaster-VERSION.tar.gz   bin/remaster, lib/remaster.jar, share/man/man1/remaster.1,
#                                    share/bash-completion/completions/remaster
#   target/remaster_VERSION_all.deb  /usr/bin/remaster, /usr/share/remaster/lib, the man page and
#                                    the completion in their standard places; depends on Java 17+
# Usage: make-dist.sh VERSION TARGET_DIR
set -euo pipefail
version="$1"
target="$(cd "$2" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for f in remaster.jar remaster.1 remaster_completion; do
  [ -f "$target/$f" ] || { echo "make-dist.sh: $target/$f is missing (run mvn package)" >&2; exit 1; }
done
stage="$target/dist"
rm -rf "$stage"
mkdir -p "$stage"
umask 022

# ---- the .tar.gz -------------------------------------------------------------------------------
tree="$stage/remaster-$version"
install -D -m 0755 "$here/bin/remaster" "$tree/bin/remaster"
install -D -m 0644 "$target/remaster.jar" "$tree/lib/remaster.jar"
install -D -m 0644 "$target/remaster.1" "$tree/share/man/man1/remaster.1"
install -D -m 0644 "$target/remaster_completion" "$tree/share/bash-completion/completions/remaster"
# Reproducible: sorted names, fixed owner and time (the jar's own time).
mtime="@$(stat -c %Y "$target/remaster.jar")"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$mtime" -C "$stage" -cf - "remaster-$version" \
  | gzip -9n > "$target/remaster-$version.tar.gz"

# ---- the .deb ----------------------------------------------------------------------------------
if ! command -v dpkg-deb >/dev/null; then
  echo "make-dist.sh: dpkg-deb not found: no Debian package made" >&2
  exit 0
fi
debversion="${version/-SNAPSHOT/~snapshot}"
deb="$stage/deb"
install -D -m 0755 "$here/bin/remaster" "$deb/usr/share/remaster/bin/remaster"
install -D -m 0644 "$target/remaster.jar" "$deb/usr/share/remaster/lib/remaster.jar"
mkdir -p "$deb/usr/bin"
ln -s ../share/remaster/bin/remaster "$deb/usr/bin/remaster"
install -d "$deb/usr/share/man/man1"
gzip -9n < "$target/remaster.1" > "$deb/usr/share/man/man1/remaster.1.gz"
chmod 0644 "$deb/usr/share/man/man1/remaster.1.gz"
install -D -m 0644 "$target/remaster_completion" "$deb/usr/share/bash-completion/completions/remaster"
install -d "$deb/DEBIAN"
size="$(du -sk --exclude=DEBIAN "$deb" | cut -f1)"
cat > "$deb/DEBIAN/control" <<CONTROL
Package: remaster
Version: $debversion
Architecture: all
Maintainer: Remaster developers <remaster@localhost>
Installed-Size: $size
Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless | java21-runtime-headless
Section: utils
Priority: optional
Description: open, edit and rebuild Linux initramfs images without root
 Remaster lists, extracts, edits and creates initramfs images (cpio archives,
 plain or compressed with gzip, zstd, xz, lzma, bzip2, lz4 or lzo) without root
 and without unpacking them to disk, and remasters Tiny Core images.
CONTROL
find "$deb" -exec touch -h -d "$mtime" {} +
dpkg-deb --root-owner-group -Zgzip --build "$deb" "$target/remaster_${debversion}_all.deb" >/dev/null
echo "make-dist.sh: made $target/remaster-$version.tar.gz and $target/remaster_${debversion}_all.deb"
