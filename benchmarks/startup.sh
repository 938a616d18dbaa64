#!/usr/bin/env bash
# Start-up of short commands against a hello-world JVM, measured in the same run with hyperfine.
#   benchmarks/startup.sh            (after mvn package; needs hyperfine and a JDK)
# Measures: a hello-world class on the same JVM flags; `remaster --version`; `remaster ls` of the
# README's sample image; each through the launcher ./remaster (with its class data sharing
# archive, made on the first run) and the plain jar without any archive.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/cli/target/remaster.jar"
sample="$root/testdata/tinycore/core-sample.gz"
command -v hyperfine >/dev/null || { echo "startup.sh: hyperfine is missing" >&2; exit 1; }
[ -f "$jar" ] || { echo "startup.sh: $jar is missing: run mvn package" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
javac -d "$work" "$work/Hello.java"
# Make the launcher's archive now, so that the runs below measure the steady state.
"$root/remaster" ls "$sample" >/dev/null
flags="-XX:+UseSerialGC -Xss8m"
hyperfine -N --warmup 3 --runs "${RUNS:-30}" --export-markdown "${OUT:-/dev/stdout}" \
  -n "hello-world JVM" "java $flags -cp $work Hello" \
  -n "remaster --version" "$root/remaster --version" \
  -n "remaster ls sample" "$root/remaster ls $sample" \
  -n "remaster --version (no archive)" "java $flags -Xshare:auto -jar $jar --version" \
  -n "remaster ls sample (no archive)" "java $flags -Xshare:auto -jar $jar ls $sample"
