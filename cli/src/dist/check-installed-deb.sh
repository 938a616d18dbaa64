#!/usr/bin/env bash
# CI: installs the Debian package that `mvn package` made, runs the README's main job through the
# installed `remaster` on PATH (no checkout launcher, no Maven), and removes the package again.
# Usage: cli/src/dist/check-installed-deb.sh   (as root, from the repository root)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
deb="$(ls "$root"/cli/target/remaster_*_all.deb)"
work="$(mktemp -d)"
cleanup() { dpkg -r remaster >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
dpkg -i "$deb" >/dev/null
cp "$root/testdata/tinycore/core-sample.gz" "$work/"
cd "$work"
[ "$(command -v remaster)" = /usr/bin/remaster ] || { echo "check-installed-deb: remaster is not /usr/bin/remaster" >&2; exit 1; }
remaster tinycore edit core-sample.gz -o core-remastered.gz --boot-codes "tce=vda1 home=vda3 opt=vda3" \
  --bootlocal "echo remastered > /dev/console"
remaster ls -l core-remastered.gz > listing.txt
grep -q 'etc/remaster/bootcodes' listing.txt
remaster verify core-remastered.gz
[ -f /usr/share/man/man1/remaster.1.gz ] && [ -f /usr/share/bash-completion/completions/remaster ]
dpkg -r remaster >/dev/null
[ ! -e /usr/bin/remaster ] || { echo "check-installed-deb: remaster still on PATH after dpkg -r" >&2; exit 1; }
echo "check-installed-deb: the installed package ran the main job and was removed"
