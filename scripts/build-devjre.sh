#!/usr/bin/env bash
# Builds .devjre: a jlinked Java runtime with just the modules the agent jar uses, for a GPU machine that has no
# Java (docs/gpu-validation.md). Copies the agent jar and the benchmarks jar into it too, so .devjre alone is all
# such a machine needs: .devjre/bin/java -jar .devjre/gpu-training-agent.jar … (scripts/gpu-check.sh finds them).
#
# Needs a JDK 17+ here (jdeps, jlink) and the built jars: mvn -B -q -pl agent,benchmarks -am package -DskipTests.
# Prints the size of .devjre with the jar; exits 1 when it exceeds LIMIT_MIB (64).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=agent/target/gpu-training-agent.jar
BENCH_JAR=benchmarks/target/benchmarks.jar
OUTPUT=.devjre
LIMIT_MIB="${LIMIT_MIB:-64}"
for built in "$JAR" "$BENCH_JAR"; do
  if [ ! -f "$built" ]; then
    echo "no $built: build it first with 'mvn -B -q -pl agent,benchmarks -am package -DskipTests'" >&2
    exit 2
  fi
done
for tool in jdeps jlink; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool not found: a JDK 17+ is needed here" >&2; exit 2; }
done

# The fat jar is multi-release and carries a dependency's module-info under META-INF/versions: analysed as the
# base version it is an ordinary class-path jar.
# The benchmarks jar's own classes need modules of their own (java.net.http for `bench serve`'s client).
modules="$(jdeps --print-module-deps --ignore-missing-deps --multi-release base "$JAR"),$(jdeps --print-module-deps \
  --ignore-missing-deps --multi-release base "$BENCH_JAR")"
# java.desktop is referenced only optionally (JNA's AWT helpers, Jackson's java.beans annotations, Jetty's AWT
# leak preventer) and is about 11 MB: left out. JNA needs jdk.unsupported and java.logging.
modules="$(echo "$modules,jdk.unsupported,java.logging" | tr ',' '\n' | grep -v '^java.desktop$' | sort -u \
  | paste -sd, -)"
echo "modules: $modules"

rm -rf "$OUTPUT"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$OUTPUT"
cp "$JAR" "$OUTPUT/gpu-training-agent.jar"
cp "$BENCH_JAR" "$OUTPUT/benchmarks.jar"

# The runtime must start the agent.
"$OUTPUT/bin/java" -jar "$OUTPUT/gpu-training-agent.jar" --version >/dev/null

runtime=$(du -sb --exclude=gpu-training-agent.jar --exclude=benchmarks.jar "$OUTPUT" | cut -f1)
jar=$(( $(stat -c %s "$JAR") + $(stat -c %s "$BENCH_JAR") ))
total=$(du -sb "$OUTPUT" | cut -f1)
awk -v r="$runtime" -v j="$jar" -v t="$total" -v limit="$LIMIT_MIB" 'BEGIN {
  printf "runtime %.1f MiB + agent and benchmarks jars %.1f MiB = %.1f MiB in %s (limit %d MiB)\n", r / 1048576, j / 1048576,
    t / 1048576, ENVIRON["OUTPUT"] ? ENVIRON["OUTPUT"] : ".devjre", limit
  exit (t > limit * 1048576) ? 1 : 0
}' || { echo "too big to carry: over ${LIMIT_MIB} MiB" >&2; exit 1; }
echo "carry it to the GPU machine with the repository: carry [\".devjre\"], then: bash scripts/gpu-check.sh"
