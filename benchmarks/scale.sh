#!/usr/bin/env bash
# How Remaster's whole commands grow with the size of their input: generated plain (uncompressed)
# newc archives of 10k, 100k and 1M empty files (3M with --big), one archive holding a 100k-name
# hard-link group, and the sample image followed by 2 GiB of NUL padding. For each, the time and
# peak RSS (GNU time's %M) of `ls`, `edit --put`, `diff` (the edit's output against its input) and
# `extract`, printed as a Markdown table, then each command's growth from 100k to 1M entries
# (1.0 = linear).
#
# usage: benchmarks/scale.sh [--big] [--jar cli/target/remaster.jar] [--work DIR]
# Needs python3 (to write the archives) and GNU time (/usr/bin/time). Not a test: it only measures.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=cli/target/remaster.jar
work=/var/tmp/remaster-scale
sizes=(10000 100000 1000000)
while [ $# -gt 0 ]; do
  case "$1" in
    --big) sizes+=(3000000) ;;
    --jar) jar="$2"; shift ;;
    --work) work="$2"; shift ;;
    *) echo "scale.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ -f "$jar" ] || mvn -B -q -pl cli -am package -DskipTests
command -v python3 >/dev/null || { echo "scale.sh: needs python3 to write the archives" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "scale.sh: needs GNU time (/usr/bin/time, Debian package time)" >&2; exit 1; }
mkdir -p "$work"

# Writes a newc archive of N empty files in directories of 1,000, or one hard-link group of N names.
generate() { # kind n out
  python3 - "$@" <<'EOF'
import sys
kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def header(name, mode, ino, nlink=1, size=0):
    b = name.encode() + b'\0'
    h = b'070701' + b''.join(b'%08X' % v for v in (ino, mode, 0, 0, nlink, 1700000000, size, 0, 0, 0, 0, len(b), 0)) + b
    return h + b'\0' * (-len(h) % 4)
with open(out, 'wb', buffering=1 << 20) as f:
    if kind == 'files':
        dirs = max(1, n // 1000)
        for d in range(dirs):
            f.write(header('d%05d' % d, 0o40755, d + 1, 2))
        for i in range(n):
            f.write(header('d%05d/f%07d' % (i % dirs, i), 0o100644, dirs + 1 + i))
    else:
        f.write(header('links', 0o40755, 1, 2))
        for i in range(n):
            f.write(header('links/l%07d' % i, 0o100644, 2, n))
    f.write(header('TRAILER!!!', 0, 0))
    f.write(b'\0' * (-f.tell() % 512))
EOF
}

# One measurement: prints "seconds, peak MB" or "failed" (out of memory, a limit, an error); exit
# status 1 is success too (diff's "they differ").
measure() { # log command...
  local log="$1"; shift
  local rc=0
  # The installed launcher's JVM options (bin/remaster): serial GC, 8 MB thread stacks.
  /usr/bin/time -f '%e %M' -o "$work/time.out" java -XX:+UseSerialGC -Xss8m -jar "$jar" "$@" >"$log" 2>&1 || rc=$?
  if [ "$rc" -le 1 ]; then
    tail -n 1 "$work/time.out" | awk '{printf "%.2f s, %d MB", $1, $2 / 1024}'
  else
    echo "failed ($(tail -n 1 "$log" | cut -c1-60))"
  fi
}

echo x > "$work/new-file"
inputs=()
for n in "${sizes[@]}"; do
  f="$work/files-$n.cpio"
  [ -f "$f" ] || generate files "$n" "$f"
  inputs+=("$f")
done
links="$work/links-100000.cpio"
[ -f "$links" ] || generate links 100000 "$links"
inputs+=("$links")
padded="$work/sample-2GiB-padding.gz"
if [ ! -f "$padded" ]; then
  cp testdata/tinycore/core-sample.gz "$padded"
  truncate -s +2G "$padded"
fi
inputs+=("$padded")

echo "Scale, $(date -u +%Y-%m-%d), $(nproc) cores, $(java -version 2>&1 | head -n 1)"
echo
echo "| input | entries | ls | edit --put | diff | extract |"
echo "|---|---:|---|---|---|---|"
declare -A seconds
for f in "${inputs[@]}"; do
  name=$(basename "$f")
  entries=$(java -jar "$jar" ls "$f" 2>/dev/null | wc -l || true)
  ls_r=$(measure "$work/ls.log" ls "$f")
  out="$work/out-$name"
  edit_r=$(measure "$work/edit.log" edit "$f" -o "$out" --put "$work/new-file=/scale-new" -q)
  diff_r=$(measure "$work/diff.log" diff "$f" "$out")
  rm -rf "$work/x"
  extract_r=$(measure "$work/extract.log" extract "$f" "$work/x" -q)
  rm -rf "$work/x" "$out"
  echo "| $name | $entries | $ls_r | $edit_r | $diff_r | $extract_r |"
  for c in ls edit diff extract; do
    v="${c}_r"
    seconds["$name:$c"]=$(echo "${!v}" | awk '/ s,/{print $1}')
  done
done
echo
echo "Growth from 100k to 1M entries (time ratio divided by 10; 1.0 is linear):"
for c in ls edit diff extract; do
  a=${seconds["files-100000.cpio:$c"]:-}
  b=${seconds["files-1000000.cpio:$c"]:-}
  if [ -n "$a" ] && [ -n "$b" ]; then
    awk -v a="$a" -v b="$b" -v c="$c" 'BEGIN { printf "  %-8s %.2f\n", c, (b / a) / 10 }'
  else
    echo "  $c      (a run failed)"
  fi
done
