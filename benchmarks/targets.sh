#!/usr/bin/env bash
# Every speed target of the open speed issues, measured in one run: each row is one hyperfine run
# with Remaster and its peer alternating on the same input, so the ratio holds even when the
# machine is noisy. Writes benchmarks/target/targets.md (and hyperfine's JSON beside it).
#
#   benchmarks/targets.sh [RUNS]            all rows (about 10 minutes on 2 cores)
#   TARGETS='ls|extract' benchmarks/targets.sh    only the rows whose key matches (grep -E)
#
# Inputs: the Debian installer's initrd.gz (package debian-installer-12-netboot-amd64), the
# mkinitramfs zstd image made by testdata/images/make-real-images.sh, and /usr/share as the big
# tree. Peers: bsdcpio, zstd, pigz, lsinitramfs (initramfs-tools-core), hyperfine; 3cpio where it
# is on PATH (its rows say so where it is absent).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-10}"
installer="${INSTALLER:-/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64/initrd.gz}"
zimage="${ZSTD_IMAGE:-/var/tmp/remaster-real-images/mkinitramfs-zstd.img}"
tree="${BIG_TREE:-/usr/share}"
remaster="$root/remaster"
out="$root/benchmarks/target/targets.md"
mkdir -p "$(dirname "$out")"
for tool in hyperfine bsdcpio zstd pigz; do
  command -v "$tool" >/dev/null || { echo "targets.sh: $tool is not on PATH" >&2; exit 2; }
done
for f in "$installer" "$zimage"; do
  [[ -r "$f" ]] || { echo "targets.sh: $f: not readable (see the comment at the top)" >&2; exit 2; }
done
"$remaster" --version >/dev/null   # builds the checkout's command once, before any timing

work="$(mktemp -d /dev/shm/remaster-targets.XXXXXX)"
trap 'rm -rf "$work"' EXIT
want() { [[ -z "${TARGETS:-}" ]] || grep -qE "$TARGETS" <<< "$1"; }

# Inputs made once: our own chunked image of the installer, the zstd image's main cpio, a zstd
# image Remaster wrote (for a second edit), a small file to put.
echo "remaster-targets" > "$work/newfile"
"$remaster" edit -q "$installer" -o "$work/ours.gz" --put "$work/newfile=/etc/remaster-targets"
gzip -dc < "$installer" > "$work/installer.cpio"
main_offset=$("$remaster" info "$zimage" | awk '$4 == "zstd" { print $2; exit }')
tail -c +$((main_offset + 1)) "$zimage" | zstd -dc > "$work/zmain.cpio"
"$remaster" edit -q "$zimage" -o "$work/zfirst.img" --put "$work/newfile=/etc/remaster-targets"
cat > "$work/Hello.java" <<'EOF'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
EOF
javac -d "$work" "$work/Hello.java"

{
  echo "Targets measured $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average at start"
  echo "$(cut -d' ' -f1-3 /proc/loadavg), main at $(git -C "$root" rev-parse --short HEAD); hyperfine, $runs runs."
  echo
  echo "| key | what | Remaster | peer (same run) | ratio |"
  echo "|---|---|---:|---:|---:|"
} > "$out"

# row KEY WHAT REMASTER_CMD PEER_NAME PEER_CMD [SETUP]: one hyperfine run of both commands;
# ROW_RUNS and ROW_WARMUP, set for one call, shorten the rows that take many seconds a run.
heavy_runs=$(( runs / 3 > 2 ? runs / 3 : 2 ))
row() {
  local key="$1" what="$2" ours="$3" peer_name="$4" peer="$5" setup="${6:-true}"
  local r="${ROW_RUNS:-$runs}" w="${ROW_WARMUP:-1}"
  want "$key" || return 0
  echo "== $key: $what" >&2
  hyperfine -N -w "$w" -r "$r" --prepare "$setup" --export-json "$work/$key.json" "$ours" "$peer" >&2
  cp "$work/$key.json" "$(dirname "$out")/targets-$key.json"
  python3 - "$work/$key.json" "$key" "$what" "$peer_name" >> "$out" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
fmt = lambda x: "%.1f ms ± %.1f" % (x["mean"] * 1000, x["stddev"] * 1000)
print("| %s | %s | %s | %s: %s | %.2f× |" % (sys.argv[2], sys.argv[3], fmt(r[0]), sys.argv[4], fmt(r[1]),
                                          r[0]["mean"] / r[1]["mean"]))
EOF
}

row ls "ls of the installer initrd.gz (target ≤ 1.3× bsdcpio)" \
  "$remaster ls $installer" "bsdcpio -it" "bsdcpio -it -F $installer"
row extract "extract of the installer to tmpfs (target ≤ 0.55× bsdcpio)" \
  "$remaster extract -q $installer $work/x" "bsdcpio -idm" "bash -c 'cd $work/x && bsdcpio -idm --quiet -F $installer'" \
  "bash -c 'rm -rf $work/x && mkdir $work/x'"
row ls-cores "ls of our chunked image, 2 cores against 1 (target ≥ 1.7× faster)" \
  "$remaster ls $work/ours.gz" "taskset -c 0" "taskset -c 0 $remaster ls $work/ours.gz"
row ls-zstd "ls of the mkinitramfs zstd image (target ≤ 0.4 s)" \
  "$remaster ls $zimage" "lsinitramfs" "lsinitramfs $zimage"
row zstd-edit "second one-file edit of a zstd image Remaster wrote, level 9 (target < 2 s)" \
  "$remaster edit -q $work/zfirst.img -o $work/zsecond.img --put $work/newfile=/etc/remaster-second" \
  "zstd -9 -T2" "zstd -q -f -9 -T2 $work/zmain.cpio -o $work/zmain.zst"
ROW_RUNS=$heavy_runs row zstd-rewrite "full level-9 zstd rewrite, 2 threads (target ≤ 1.2× zstd -9 -T2)" \
  "$remaster edit -q $zimage -o $work/zrw.img --recompress --level 9 --threads 2 --put $work/newfile=/etc/remaster-targets" \
  "zstd -9 -T2" "zstd -q -f -9 -T2 $work/zmain.cpio -o $work/zmain.zst"
for level in 1 3 9; do
  ROW_RUNS=$heavy_runs row "zstd-$level" "zstd level $level, one thread, cpio of the installer's tree (target ≥ 0.5× zstd's speed: ratio ≤ 2)" \
    "$remaster create -q $work/tree -o $work/t.zst --compress zstd --level $level --threads 1" \
    "zstd -$level -T1" "zstd -q -f -$level -T1 $work/installer.cpio -o $work/i.zst" \
    "bash -c 'test -d $work/tree || (mkdir $work/tree && cd $work/tree && cpio -idm --quiet < $work/installer.cpio 2>/dev/null)'"
done
ROW_RUNS=$heavy_runs ROW_WARMUP=0 row gzip-rewrite "level-9 gzip edit of the installer (target ≤ 1.1× pigz -p2 -9 of its cpio)" \
  "$remaster edit -q $installer -o $work/e9.gz --level 9 --put $work/newfile=/etc/remaster-targets" \
  "pigz -p2 -9" "bash -c 'pigz -p2 -9 < $work/installer.cpio > $work/floor.gz'"
ROW_RUNS=$heavy_runs row create "create of $tree, no compression (target ≤ 0.6× bsdcpio)" \
  "$remaster create -q $tree -o $work/big.cpio" "find | bsdcpio -o" \
  "bash -c 'cd $tree && find . | bsdcpio -o -H newc --quiet > $work/big-bsd.cpio'"
row append "edit --append-segment of our installer image (target < 0.5 s)" \
  "$remaster edit -q $work/ours.gz -o $work/appended.gz --append-segment --put $work/newfile=/etc/remaster-appended" \
  "cp" "cp $work/ours.gz $work/copy.gz"
row startup "ls of the sample image (start-up, target ≤ 0.1 s)" \
  "$remaster ls $root/testdata/tinycore/core-sample.gz" "java Hello" "java -cp $work Hello"
if command -v 3cpio >/dev/null; then
  row 3cpio-ls "ls of the installer against 3cpio" "$remaster ls $installer" "3cpio -t" "3cpio -t $installer"
else
  echo "| 3cpio | – | – | 3cpio is not on PATH (not packaged for Debian 12) | – |" >> "$out"
fi
cat "$out"
