#!/usr/bin/env bash
# Builds the cpio fixtures in this directory from a small source tree made in a temp dir.
#
# Run as root (device nodes and owners need it): testdata/cpio/make-fixtures.sh
# Rerunnable: every output is overwritten. The archives are committed rather than rebuilt in CI,
# since inode and device numbers (and so the bytes) depend on the machine that ran this.
#
# Needs: GNU cpio, bsdcpio (libarchive-tools), busybox (busybox-static), coreutils.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $(id -u) -ne 0 ]]; then
    echo "make-fixtures.sh: run as root (mknod and chown need it)" >&2
    exit 1
fi
for tool in cpio bsdcpio busybox; do
    command -v "$tool" >/dev/null || { echo "make-fixtures.sh: $tool is missing" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
src="$work/src"
mkdir "$src"
cd "$src"

export LC_ALL=C TZ=UTC
stamp='2024-01-02 03:04:05 UTC'

# ---- the source tree --------------------------------------------------------------------------
mkdir -p bin etc dev data links home/user srv/shared tmp
printf 'remaster\n' > etc/hostname
printf 'Welcome to the remaster test tree.\nSecond line.\n' > etc/motd
: > empty
printf '#!/bin/sh\necho setuid\n' > bin/su
chmod 04755 bin/su
printf 'busybox stand-in\n' > bin/busybox
chmod 0755 bin/busybox

# ~300 KB of mixed content: text, every byte value, and a run of NULs.
{
    seq 1 20000
    for _ in $(seq 1 400); do
        printf "$(printf '\\%03o' $(seq 0 255))"
    done
    head -c 90000 /dev/zero
    printf 'end of big.bin\n'
} > data/big.bin

# A hard link group of three names.
printf 'one inode, three names\n' > links/a
ln links/a links/b
ln links/a links/c

ln -s busybox bin/sh                # relative symlink
ln -s /etc/hostname etc/abs-link    # absolute symlink
ln -s ../etc/motd links/motd        # relative, with ..

mkfifo dev/fifo
mknod dev/null c 1 3
chmod 0666 dev/null
mknod dev/sda b 8 0
chmod 0660 dev/sda
chown 0:6 dev/sda

chmod 01777 tmp
chmod 02775 srv/shared
chown 65534:65534 srv/shared

printf 'owned by 1000:50\n' > home/user/notes
chown -R 1000:50 home/user
printf 'nobody\n' > nobody-file
chown 65534:65534 nobody-file

printf 'utf-8 name\n' > 'grüße-日本.txt'
long="$(printf 'n%.0s' $(seq 1 246)).txt"   # 250 bytes
printf 'long name\n' > "$long"

chmod 0755 . bin etc dev data links home home/user
find . -exec touch -h -d "$stamp" {} +

# ---- the archives -----------------------------------------------------------------------------
list="$work/list"
find . | sort > "$list"

gnu() {   # gnu <format> <file> [extra cpio options]
    local fmt="$1" out="$2"
    shift 2
    cpio -o -H "$fmt" --quiet "$@" < "$list" > "$here/$out"
}
gnu newc gnu-newc.cpio
gnu crc gnu-crc.cpio
# odc and old binary have 18 and 16 bits for inode numbers: real ext4 inodes do not fit.
gnu odc gnu-odc.cpio --renumber-inodes
gnu bin gnu-bin.cpio --renumber-inodes
bsdcpio -o --format newc --quiet < "$list" > "$here/bsd-newc.cpio"
bsdcpio -o --format odc --quiet < "$list" > "$here/bsd-odc.cpio"
busybox cpio -o -H newc < "$list" > "$here/busybox-newc.cpio" 2>/dev/null

cd "$here"
for f in gnu-newc gnu-crc gnu-odc gnu-bin bsd-newc bsd-odc busybox-newc; do
    cpio -tv --numeric-uid-gid --quiet < "$f.cpio" > "$f.tv"
done

# ---- README: where each fixture came from -------------------------------------------------------
gnu_version="$(cpio --version | head -1 || true)"
bsd_version="$(bsdcpio --version | head -1 | cut -d" " -f1-5 || true)"
busybox_version="$( (busybox 2>&1 || true) | head -1 | sed 's/ multi-call binary\.//')"
cat > README.md <<README
# cpio fixtures

Made by \`make-fixtures.sh\` (run as root) from one source tree it builds in a temp dir: regular
files, an empty file, \`data/big.bin\` (301309 bytes: text, every byte value, a run of NULs), the
hard link group \`links/a\`, \`links/b\`, \`links/c\`, symlinks \`bin/sh -> busybox\`,
\`etc/abs-link -> /etc/hostname\`, \`links/motd -> ../etc/motd\`, the fifo \`dev/fifo\`, the devices
\`dev/null\` (c 1,3) and \`dev/sda\` (b 8,0, gid 6), the setuid \`bin/su\` (04755), the sticky \`tmp\`
(01777), the setgid \`srv/shared\` (02775, 65534:65534), \`home/user\` (1000:50), \`nobody-file\`
(65534:65534), the UTF-8 name \`grüße-日本.txt\` and a 250-byte name (\`n\` x 246 + \`.txt\`). Every
mtime is 2024-01-02 03:04:05 UTC (0x65937D25). The file list is \`find . | LC_ALL=C sort\`.

Inode and device numbers are those of the machine that ran the script, so the archives are
committed, not rebuilt in CI. Each \`.tv\` file beside an archive is its \`cpio -tv --numeric-uid-gid\`
listing. Bad inputs are not committed: the tests mutate bytes of these fixtures at computed offsets.

| Fixture | Tool | Command |
|---|---|---|
| gnu-newc.cpio | $gnu_version | \`cpio -o -H newc --quiet < list\` |
| gnu-crc.cpio | $gnu_version | \`cpio -o -H crc --quiet < list\` |
| gnu-odc.cpio | $gnu_version | \`cpio -o -H odc --quiet --renumber-inodes < list\` (real inodes do not fit 18 bits) |
| gnu-bin.cpio | $gnu_version | \`cpio -o -H bin --quiet --renumber-inodes < list\` (old binary, little-endian) |
| bsd-newc.cpio | $bsd_version | \`bsdcpio -o --format newc --quiet < list\` (names keep \`./\`, lower-case hex) |
| bsd-odc.cpio | $bsd_version | \`bsdcpio -o --format odc --quiet < list\` |
| busybox-newc.cpio | $busybox_version | \`busybox cpio -o -H newc < list\` (no block padding, hard links last) |
README
echo "fixtures written to $here"
