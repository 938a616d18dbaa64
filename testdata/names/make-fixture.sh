#!/usr/bin/env bash
# Builds names.cpio: entries whose names are not UTF-8 or hold control characters, as GNU cpio
# writes them, and names.t, GNU cpio's own listing of it (cpio -t), the bytes `remaster ls` must
# print (control characters aside, which remaster escapes: names-escaped.t is that listing).
#
# Run: testdata/names/make-fixture.sh   Needs: GNU cpio, coreutils. Rerunnable.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v cpio >/dev/null || { echo "make-fixture.sh: GNU cpio is missing" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export LC_ALL=C TZ=UTC
cd "$work"
mkdir dir
printf 'latin1\n' > "$(printf 'latin1-\351-not-utf8.txt')"
printf 'utf8\n' > "$(printf 'utf8-caf\303\251.txt')"
printf 'esc\n' > "$(printf 'esc-\033[31mred.txt')"
printf 'nl\n' > "$(printf 'new\nline.txt')"
printf 'tab\n' > "$(printf 'tab\there.txt')"
printf 'bs\n' > 'back\slash.txt'
printf 'x\n' > "dir/$(printf 'del\177.txt')"
touch -d '2024-01-02 03:04:05 UTC' ./* dir/* dir
# Names in a fixed order, NUL-separated so that the newline in one survives.
printf '%s\0' dir "dir/$(printf 'del\177.txt')" "$(printf 'latin1-\351-not-utf8.txt')" "$(printf 'utf8-caf\303\251.txt')" \
    "$(printf 'esc-\033[31mred.txt')" "$(printf 'new\nline.txt')" "$(printf 'tab\there.txt')" 'back\slash.txt' \
    | cpio -o -0 -H newc --quiet --reproducible --owner 0:0 > "$here/names.cpio"
cpio -t --quiet < "$here/names.cpio" > "$here/names.t"
# The same listing with control characters escaped as `ls -b` does (what `remaster ls` prints).
printf '%s\n' dir 'dir/del\177.txt' "$(printf 'latin1-\351-not-utf8.txt')" "$(printf 'utf8-caf\303\251.txt')" \
    'esc-\033[31mred.txt' 'new\nline.txt' 'tab\there.txt' 'back\slash.txt' > "$here/names-escaped.t"
