#!/usr/bin/env bash
# Builds the fuzz seeds in the *Inputs/<method>/ directories beside this script, where Jazzer reads
# them: in regression mode (no JAZZER_FUZZ) each file is one test input, and in fuzzing mode they
# start the corpus. Saved findings (crash-*, timeout-*, ...) sit beside the seeds and are kept.
#
# The archives come from the same tools and commands as testdata/cpio/make-fixtures.sh, over a
# smaller tree (no 300 KB file, so that each seed is a few KB and mutations stay fast), then
# compressed with every codec the kernel reads, with the flags the kernel needs.
#
# Run as root (device nodes and owners): core/src/test/resources/dev/remaster/fuzz/make-seeds.sh
# Rerunnable: seeds (seed-*) are overwritten, findings are left alone.
# Needs: GNU cpio, bsdcpio, busybox, gzip, bzip2, xz, lzop, lz4, zstd.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ $(id -u) -eq 0 ]] || { echo "make-seeds.sh: run as root (mknod and chown need it)" >&2; exit 1; }
for tool in cpio bsdcpio busybox gzip bzip2 xz lzop lz4 zstd; do
    command -v "$tool" >/dev/null || { echo "make-seeds.sh: $tool is missing" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export LC_ALL=C TZ=UTC

# ---- a small tree with one of each kind of entry ----------------------------------------------
src="$work/src"
mkdir -p "$src"
cd "$src"
mkdir -p bin dev etc links tmp
printf 'remaster\n' > etc/hostname
printf '#!/bin/sh\necho init\n' > init
chmod 0755 init
: > empty
printf 'setuid\n' > bin/su
chmod 04755 bin/su
printf 'one inode, two names\n' > links/a
ln links/a links/b
ln -s ../etc/hostname links/host
mkfifo dev/fifo
mknod dev/null c 1 3
mknod dev/sda b 8 0
chown 0:6 dev/sda
chmod 01777 tmp
printf 'utf-8\n' > 'grüße.txt'
find . -exec touch -h -d '2024-01-02 03:04:05 UTC' {} +
find . | sort > "$work/list"

cpio_seeds="$here/CpioReaderFuzzTestInputs/readsEntriesOrRefuses"
image_seeds="$here/ImageReaderFuzzTestInputs/readsImageOrRefuses"
member_seeds="$here/ImageReaderFuzzTestInputs/decodesMemberOrRefuses"
edit_seeds="$here/EditRoundTripFuzzTestInputs/writesBackExactlyWhatWasEdited"
spec_seeds="$here/SpecParserFuzzTestInputs/parsesOrRefuses"
mkdir -p "$cpio_seeds" "$image_seeds" "$member_seeds" "$edit_seeds" "$spec_seeds"
rm -f "$cpio_seeds"/seed-* "$image_seeds"/seed-* "$member_seeds"/seed-* "$edit_seeds"/seed-* "$spec_seeds"/seed-*

# ---- plain archives from each tool ------------------------------------------------------------
a="$work/archives"
mkdir "$a"
cpio -o -H newc --quiet < "$work/list" > "$a/gnu-newc.cpio"
cpio -o -H crc --quiet < "$work/list" > "$a/gnu-crc.cpio"
cpio -o -H odc --quiet --renumber-inodes < "$work/list" > "$a/gnu-odc.cpio"
cpio -o -H bin --quiet --renumber-inodes < "$work/list" > "$a/gnu-bin.cpio"
bsdcpio -o --format newc --quiet < "$work/list" > "$a/bsd-newc.cpio" 2>/dev/null
bsdcpio -o --format odc --quiet < "$work/list" > "$a/bsd-odc.cpio" 2>/dev/null
busybox cpio -o -H newc < "$work/list" > "$a/busybox-newc.cpio" 2>/dev/null
# Two archives one after another, as an early microcode archive and the main one are.
cat "$a/busybox-newc.cpio" "$a/gnu-crc.cpio" > "$a/concatenated.cpio"
for f in "$a"/*.cpio; do
    cp "$f" "$cpio_seeds/seed-$(basename "$f")"
done

# ---- compressed images -------------------------------------------------------------------------
plain="$a/gnu-newc.cpio"
gzip -9n < "$plain" > "$work/gz"
bzip2 -9 < "$plain" > "$work/bz2"
xz --format=lzma -9 < "$plain" > "$work/lzma"
xz --check=crc32 --lzma2=dict=1MiB < "$plain" > "$work/xz"
lzop -9 < "$plain" > "$work/lzo"
lz4 -l -9 < "$plain" > "$work/lz4"
zstd -q -19 < "$plain" > "$work/zst"

# Member seeds: the first byte picks the codec by its index in Compression.values().
index=0
for codec in none gz bz2 lzma xz lzo lz4 zst; do
    if [[ $codec == none ]]; then body="$plain"; else body="$work/$codec"; fi
    { printf "\\$(printf '%03o' "$index")"; cat "$body"; } > "$member_seeds/seed-$codec"
    index=$((index + 1))
done

for codec in gz bz2 lzma xz lzo lz4 zst; do
    cp "$work/$codec" "$image_seeds/seed-$codec"
done
cp "$plain" "$image_seeds/seed-plain"
# Early cpio (plain, padded to 512) followed by a compressed archive, as dracut and mkinitramfs make.
cat "$a/gnu-odc.cpio" "$work/gz" > "$image_seeds/seed-early-gz"
# Two compressed segments with NUL padding between them.
{ cat "$work/zst"; head -c 4 /dev/zero; cat "$work/lz4"; } > "$image_seeds/seed-zst-pad-lz4"

# Edit seeds: both parities of length pick both edits (replace a file, add one).
cp "$plain" "$edit_seeds/seed-plain"
{ cat "$plain"; head -c 1 /dev/zero; } > "$edit_seeds/seed-plain-odd"
cp "$work/gz" "$edit_seeds/seed-gz"
cp "$image_seeds/seed-early-gz" "$edit_seeds/seed-early-gz"
cp "$image_seeds/seed-zst-pad-lz4" "$edit_seeds/seed-zst-pad-lz4"
cp "$a/concatenated.cpio" "$edit_seeds/seed-concatenated"
# Only NUL padding: an image with no archive, written back as it is, refusing additions.
head -c 8 /dev/zero > "$edit_seeds/seed-only-padding"

# ---- gen_init_cpio lists ----------------------------------------------------------------------
cat > "$spec_seeds/seed-every-keyword" <<'LIST'
# A list with every keyword gen_init_cpio knows.
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
nod /dev/sda 0660 0 6 b 8 0
dir /bin 755 1000 100
file /bin/busybox ${ROOT}/bin/busybox 755 0 0 /bin/sh /bin/ls
slink /init /bin/busybox 777 0 0
pipe /run/fifo 644 0 0
sock /run/sock 644 0 0
file /etc/motd relative/motd 0644 0 0
LIST
printf 'dir\t/tmp\t01777\t0\t0\n\n   # indented comment\nfile /x ${EMPTY}x${UNSET} 644 0 0\r\n' > "$spec_seeds/seed-whitespace"
printf 'file /a a 644 0 0 /b\nslink /l /a 777 0 0\nnod /n 0 0 0 c 4294967295 0\n' > "$spec_seeds/seed-numbers"
# Small squashfs images by mksquashfs (squashfs-tools 4.5), one per compressor it has.
sq_seeds="$here/SquashfsReaderFuzzTestInputs"
mkdir -p "$sq_seeds"
sq_src=$(mktemp -d)
mkdir -p "$sq_src/d"; echo hello > "$sq_src/a"; seq 1 3000 > "$sq_src/d/n"; ln -s a "$sq_src/l"; ln "$sq_src/a" "$sq_src/h"
for c in gzip xz lzo lz4 zstd; do
    mksquashfs "$sq_src" "$sq_seeds/seed-$c" -comp "$c" -noappend -quiet -no-progress -p 'c c 644 0 0 1 3' >/dev/null
done
rm -rf "$sq_src"
echo "make-seeds.sh: seeds written under $here"
