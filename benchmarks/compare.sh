#!/usr/bin/env bash
# Times whole commands on the same input: Remaster against GNU cpio, bsdcpio, busybox cpio and
# the compression floors. Each round runs every command once, in turn, so that a noisy machine
# slows them alike; the table gives each command's median and its ratio to the peer it replaces.
#
#   benchmarks/compare.sh [IMAGE.gz] [ROUNDS] [TREE]
#   COMPARE_ONLY="extract|create big" benchmarks/compare.sh ...   (only those rows)
#
# IMAGE defaults to the Debian installer's initrd.gz (package debian-installer-12-netboot-amd64).
# TREE, a large directory (such as /usr/share, or a copy of a few hundred MB of it), adds rows that
# archive it uncompressed; without it those rows say they were left out.
# Run as root, so that cpio -idm can make device nodes like remaster extract does.
# Writes the table to benchmarks/target/compare.md and prints it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${1:-/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64/initrd.gz}"
rounds="${2:-5}"
bigtree="${3:-}"
image="$(readlink -f "$image")"
work="$(mktemp -d /var/tmp/remaster-compare.XXXXXX)"
trap 'rm -rf "$work"' EXIT
out="$root/benchmarks/target/compare.md"
mkdir -p "$(dirname "$out")"

for tool in cpio bsdcpio busybox gzip pigz; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool is missing (apt-get install cpio libarchive-tools busybox-static gzip pigz)" >&2; exit 1; }
done
remaster="$root/remaster"
"$remaster" --version >/dev/null   # builds the CLI and its class data sharing archive first

# Inputs shared by the commands.
gzip -dc < "$image" > "$work/image.cpio"
mkdir "$work/tree" && (cd "$work/tree" && cpio -idm --quiet < "$work/image.cpio" 2>/dev/null)
echo "remaster compare: edited by the benchmark" > "$work/newfile"

declare -a names cmds
# COMPARE_ONLY="extract|create big" keeps only the rows of those groups (the text before the colon).
add() {
  if [[ -n "${COMPARE_ONLY:-}" && ! "${1%%:*}" =~ ^(${COMPARE_ONLY})$ ]]; then return; fi
  names+=("$1"); cmds+=("$2")
}

add "ls: remaster ls"               "'$remaster' ls '$image' > /dev/null"
add "ls: bsdcpio -it"               "bsdcpio -it < '$image' > /dev/null 2>&1"
add "ls: gzip -dc | cpio -t"        "gzip -dc < '$image' | cpio -t --quiet > /dev/null 2>&1"
# 3cpio (Rust), the fastest tool in the field, where it is on PATH; otherwise its rows say so.
if command -v 3cpio >/dev/null; then
  add "ls: 3cpio --list"            "3cpio --list '$image' > /dev/null"
  add "extract: 3cpio --extract"    "rm -rf '$work/x' && mkdir '$work/x' && 3cpio --extract -C '$work/x' '$image'"
  absent3cpio=""
else
  absent3cpio="3cpio is not on PATH (not packaged for Debian 12; install it from its releases to add its rows)"
fi
add "ls: gzip -dc | busybox cpio -t" "gzip -dc < '$image' | busybox cpio -t > /dev/null 2>&1"
add "extract: remaster extract"     "rm -rf '$work/x' && '$remaster' extract -q '$image' '$work/x'"
add "extract: bsdcpio -idm"         "rm -rf '$work/x' && mkdir '$work/x' && cd '$work/x' && bsdcpio -idm < '$image' 2>/dev/null"
add "extract: gzip -dc | cpio -idm" "rm -rf '$work/x' && mkdir '$work/x' && cd '$work/x' && gzip -dc < '$image' | cpio -idm --quiet 2>/dev/null"
add "extract: busybox cpio -idm"    "rm -rf '$work/x' && mkdir '$work/x' && cd '$work/x' && gzip -dc < '$image' | busybox cpio -idm 2>/dev/null"
add "create: remaster create"       "'$remaster' create -q '$work/tree' -o '$work/out.cpio'"
add "create: find | bsdcpio -o"     "cd '$work/tree' && find . | bsdcpio -o --format newc > '$work/out.cpio' 2>/dev/null"
add "create: find | cpio -o"        "cd '$work/tree' && find . | cpio -o -H newc --quiet > '$work/out.cpio'"
add "create: find | busybox cpio -o" "cd '$work/tree' && find . | busybox cpio -o -H newc > '$work/out.cpio' 2>/dev/null"
if [[ -n "$bigtree" ]]; then
  add "create big: remaster create"       "'$remaster' create -q '$bigtree' -o '$work/big.cpio'"
  add "create big: find | bsdcpio -o"     "cd '$bigtree' && find . | bsdcpio -o --format newc > '$work/big.cpio' 2>/dev/null"
  add "create big: find | cpio -o"        "cd '$bigtree' && find . | cpio -o -H newc --quiet > '$work/big.cpio'"
  bigtree_note=""
else
  bigtree_note="The big-tree rows were left out: give a large directory as the third argument to add them"
fi
add "edit -9: remaster edit"        "'$remaster' edit -q '$image' -o '$work/edited.gz' --level 9 --put '$work/newfile=/etc/remaster-compare'"
add "edit -9: GNU pipeline"         "rm -rf '$work/e' && mkdir '$work/e' && cd '$work/e' && gzip -dc < '$image' | cpio -idm --quiet 2>/dev/null && cp '$work/newfile' etc/remaster-compare && find . | cpio -o -H newc --quiet | gzip -9 > '$work/edited-gnu.gz'"
add "edit -9: pigz -p2 -9 floor"    "pigz -p2 -9 < '$work/image.cpio' > '$work/floor.gz'"
# A second edit of an image Remaster wrote: only the chunks that change are recompressed.
"$remaster" edit -q "$image" -o "$work/ours.gz" --level 9 --mkdir /opt/remaster-compare
add "edit again -9: remaster edit"  "'$remaster' edit -q '$work/ours.gz' -o '$work/again.gz' --level 9 --put '$work/newfile=/etc/remaster-compare'"
add "edit again -9: GNU pipeline"   "rm -rf '$work/e' && mkdir '$work/e' && cd '$work/e' && gzip -dc < '$work/ours.gz' | cpio -idm --quiet 2>/dev/null && cp '$work/newfile' etc/remaster-compare && find . | cpio -o -H newc --quiet | gzip -9 > '$work/edited-gnu.gz'"
add "floor: gzip -dc"               "gzip -dc < '$image' > /dev/null"

declare -A times
for ((r = 1; r <= rounds; r++)); do
  for i in "${!cmds[@]}"; do
    start=$(date +%s%N)
    bash -c "${cmds[$i]}"
    end=$(date +%s%N)
    times[$i]+="$(( (end - start) / 1000000 )) "
  done
  echo "compare.sh: round $r of $rounds done" >&2
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
declare -A med
for i in "${!cmds[@]}"; do med[$i]=$(echo "${times[$i]}" | median); done

# For each peer row: Remaster's median over the peer's (below 1: Remaster is faster).
{
  echo "Whole commands on \`$(basename "$image")\` ($(stat -c %s "$image") bytes), median of $rounds alternating rounds,"
  echo "$(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)). Ratio: Remaster's time for the same job divided by the peer's."
  echo
  echo "| command | median ms | remaster / this |"
  echo "|---|---:|---:|"
  declare -A ours
  for i in "${!cmds[@]}"; do
    group="${names[$i]%%:*}"
    shown="${names[$i]//|/\\|}"
    if [[ "${names[$i]}" == *": remaster "* ]]; then
      ours[$group]=${med[$i]}
      echo "| ${shown} | ${med[$i]} | |"
    elif [[ -n "${ours[$group]:-}" ]]; then
      ratio=$(awk -v a="${ours[$group]}" -v b="${med[$i]}" 'BEGIN { if (b > 0) printf "%.2f", a / b }')
      echo "| ${shown} | ${med[$i]} | ${ratio} |"
    else
      echo "| ${shown} | ${med[$i]} | |"
    fi
  done
  if [[ -n "$absent3cpio" ]]; then
    echo
    echo "$absent3cpio."
  fi
  if [[ -n "$bigtree" ]]; then
    echo
    echo "Big tree: \`$bigtree\`, $(du -sm "$bigtree" | cut -f1) MB in $(find "$bigtree" | wc -l) paths."
  else
    echo
    echo "$bigtree_note."
  fi
} > "$out"
cat "$out"
