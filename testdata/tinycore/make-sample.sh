#!/usr/bin/env bash
# Builds core-sample.gz, the small Tiny Core-shaped image that the tests and the README use,
# from core-sample.list and the files under root/ (all written for this project: no Tiny Core
# file and no busybox binary is in it). The output is reproducible: see SampleImageBuilder.
#
#   testdata/tinycore/make-sample.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
(cd "$repo" && mvn -B -q -o -pl core test-compile)
java -cp "$repo/core/target/classes:$repo/core/target/test-classes" dev.remaster.tinycore.SampleImageBuilder \
  "$here/core-sample.list" "$here/root" "$here/core-sample.gz"
