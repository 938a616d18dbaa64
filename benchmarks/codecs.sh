#!/usr/bin/env bash
# Pack and unpack throughput of each compression on the same cpio bytes: Remaster against the
# command-line tool, whole commands, one after the other in each round.
#
#   benchmarks/codecs.sh [IMAGE.gz] [ROUNDS]
#   CODECS='zstd -9|zstd -19' benchmarks/codecs.sh ...   (only the rows whose name matches)
#
# Pack: `remaster create TREE -o out.X` against `find . | cpio -o -H newc | TOOL` (both walk the
# same tree and compress at the tool's default level); the tool alone on the cpio bytes is shown
# as the floor; zstd at levels 1, 3, 9 and 19, both sides on one thread. Unpack: `remaster ls out.X` (decompress and parse every header) against
# `TOOL -dc out.X | cpio -t`. MB/s are of the uncompressed cpio bytes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${1:-/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64/initrd.gz}"
rounds="${2:-1}"
work="$(mktemp -d /var/tmp/remaster-codecs.XXXXXX)"
trap 'rm -rf "$work"' EXIT
out="$root/benchmarks/target/codecs.md"
mkdir -p "$(dirname "$out")"
remaster="$root/remaster"
"$remaster" --version >/dev/null

gzip -dc < "$image" > "$work/image.cpio"
mkdir "$work/tree" && (cd "$work/tree" && cpio -idm --quiet < "$work/image.cpio" 2>/dev/null)
(cd "$work/tree" && find . | LC_ALL=C sort | cpio -o -H newc --quiet > "$work/tree.cpio")
bytes=$(stat -c %s "$work/tree.cpio")

ms() { local s=$(date +%s%N); bash -c "$1"; echo $(( ($(date +%s%N) - s) / 1000000 )); }
rate() { awk -v b="$bytes" -v t="$1" 'BEGIN { printf "%.0f", b / 1e6 / (t / 1000) }'; }

{
  echo "Codecs on the Debian installer's cpio ($bytes bytes), $(date -u +%Y-%m-%d), $(nproc) cores; MB/s of cpio bytes, best of $rounds."
  echo
  echo "| codec | remaster create MB/s | find \\| cpio -o \\| tool MB/s | tool alone MB/s | remaster ls MB/s | tool -dc \\| cpio -t MB/s | size remaster / tool |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
} > "$out"

for spec in "gzip:gz:gzip" "gzip -p2:gz:pigz -p2" "zstd -1:zst:zstd -1 -T1 -q" "zstd -3:zst:zstd -3 -T1 -q" "zstd -9:zst:zstd -9 -T1 -q" "zstd -19:zst:zstd -19 -T1 -q" "xz:xz:xz --check=crc32" "lzma:lzma:lzma" "bzip2:bz2:bzip2" "lz4:lz4:lz4 -l -q" "lzo:lzo:lzop"; do
  IFS=: read -r name ext tool <<< "$spec"
  [[ -n "${CODECS:-}" ]] && ! grep -qxE "$CODECS" <<< "$name" && continue
  codec=${name%% *}
  best() { local best=""; for ((r = 0; r < rounds; r++)); do t=$(ms "$1"); [[ -z "$best" || $t -lt $best ]] && best=$t; done; echo "$best"; }
  threads=""; [[ "$name" == "gzip" ]] && threads="--threads 1"
  [[ "$name" == "gzip -p2" ]] && threads="--threads 2"
  [[ "$name" == zstd* ]] && threads="--threads 1 --level ${name#zstd -}"
  ours_pack=$(best "'$remaster' create -q $threads '$work/tree' -o '$work/ours.$ext' --compress $codec --owner 0:0")
  pipe_pack=$(best "cd '$work/tree' && find . | cpio -o -H newc --quiet | $tool > '$work/theirs.$ext'")
  tool_pack=$(best "$tool < '$work/tree.cpio' > /dev/null")
  ours_unpack=$(best "'$remaster' ls '$work/ours.$ext' > /dev/null")
  dec="${tool%% *}"; [[ "$dec" == "pigz" ]] && dec="pigz -p2"; [[ "$dec" == "lz4" ]] && dec="lz4 -q"
  tool_unpack=$(best "$dec -dc < '$work/theirs.$ext' | cpio -t --quiet > /dev/null")
  ratio=$(awk -v a="$(stat -c %s "$work/ours.$ext")" -v b="$(stat -c %s "$work/theirs.$ext")" 'BEGIN { printf "%.3f", a / b }')
  echo "| $name | $(rate "$ours_pack") | $(rate "$pipe_pack") | $(rate "$tool_pack") | $(rate "$ours_unpack") | $(rate "$tool_unpack") | $ratio |" >> "$out"
  echo "codecs.sh: $name done" >&2
done
cat "$out"
