#!/usr/bin/env bash
# GPU validation of the agent, every check in one call (docs/gpu-validation.md):
#   gpus                    the agent sees the GPUs through NVML
#   three trainings         a plain torch loop, a HuggingFace Trainer run and a Lightning run, each under `run`
#                           and read back with `analyze`
#   bench sampler           sampler cost against the raw NVML calls it makes (target <= 1.2x)
#   bench output            a child printing 100,000 lines/s under the agent vs alone (target <= 1.05x)
#   bench memory            agent RSS through a simulated 24 h run at 1 s sampling (target < 128 MB, flat)
# and last prints a table. Without an NVIDIA GPU it says so, skips the GPU checks and runs the rest.
#
# Writes everything under $OUT (default ./gpu-check-out): <check>.out/.err per check, runs/<training>/ (progress
# artifacts), status.tsv, summary.txt, gpu-check.log. Checkpoints and scratch go to $GPU_CHECK_WORK (default: a
# temporary directory, removed at the end) so that $OUT stays small.
#
# Environment: JAVA (default .devjre/bin/java, then java on the PATH), AGENT_JAR (default
# agent/target/gpu-training-agent.jar, then .devjre/gpu-training-agent.jar), BENCH_JAR (default
# benchmarks/target/benchmarks.jar, then .devjre/benchmarks.jar), PYTHON (python3), TRAIN_SECONDS (60),
# AGENT_JVM_OPTIONS (-Xms8m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1), NVML_LIBRARY (a libnvidia-ml
# outside the loader path), GPU_CHECK_QUICK=1 (small benches).
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT" || exit 2
OUT="${OUT:-$ROOT/gpu-check-out}"
mkdir -p "$OUT" && OUT="$(cd "$OUT" && pwd)" || exit 2

main() {
if [ -n "${GPU_CHECK_WORK:-}" ]; then
  WORK="$GPU_CHECK_WORK"
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
fi
PYTHON="${PYTHON:-python3}"
TRAIN_SECONDS="${TRAIN_SECONDS:-60}"
AGENT_JVM_OPTIONS="${AGENT_JVM_OPTIONS:--Xms8m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
STATUS="$OUT/status.tsv"
: > "$STATUS"

if [ -z "${JAVA:-}" ]; then
  if [ -x "$ROOT/.devjre/bin/java" ]; then
    JAVA="$ROOT/.devjre/bin/java"
  elif command -v java >/dev/null 2>&1; then
    JAVA="$(command -v java)"
  else
    echo "no Java runtime: install Java 17+, set JAVA, or build .devjre with scripts/build-devjre.sh"
    exit 2
  fi
fi
if [ -z "${AGENT_JAR:-}" ]; then
  for candidate in "$ROOT/agent/target/gpu-training-agent.jar" "$ROOT/.devjre/gpu-training-agent.jar"; do
    if [ -f "$candidate" ]; then
      AGENT_JAR="$candidate"
      break
    fi
  done
fi
if [ -z "${AGENT_JAR:-}" ] || [ ! -f "$AGENT_JAR" ]; then
  echo "no agent jar: build it with 'mvn -B -q -pl agent,benchmarks -am package -DskipTests' (or set AGENT_JAR)"
  exit 2
fi
if command -v timeout >/dev/null 2>&1; then
  TIMEOUT=(timeout --kill-after=15)
else
  TIMEOUT=()
fi

read -r -a JVM_OPTIONS <<< "$AGENT_JVM_OPTIONS"
NVML=()
if [ -n "${NVML_LIBRARY:-}" ]; then
  NVML=(--nvml-library "$NVML_LIBRARY")
fi
AGENT=("$JAVA" "${JVM_OPTIONS[@]}" -jar "$AGENT_JAR")
# The benchmark commands are in benchmarks.jar, which finds the agent jar next to it (.devjre) or in the build.
if [ -z "${BENCH_JAR:-}" ]; then
  for candidate in "$ROOT/benchmarks/target/benchmarks.jar" "$ROOT/.devjre/benchmarks.jar"; do
    if [ -f "$candidate" ]; then
      BENCH_JAR="$candidate"
      break
    fi
  done
fi
if [ -n "${BENCH_JAR:-}" ]; then
  BENCH=("$JAVA" "${JVM_OPTIONS[@]}" -cp "$BENCH_JAR:$AGENT_JAR" io.jenkins.plugins.gputraining.benchmarks.BenchCommand)
else
  echo "no benchmarks jar (benchmarks/target/benchmarks.jar, .devjre/benchmarks.jar): benchmarks skipped"
  BENCH=(false)
fi

# check NAME TIMEOUT_SECONDS COMMAND…: stdout to $OUT/NAME.out, stderr to $OUT/NAME.err, a line in status.tsv.
check() {
  local name=$1 limit=$2
  shift 2
  echo "== $name (at most ${limit} s)"
  local start rc took
  start=$(date +%s)
  if [ ${#TIMEOUT[@]} -gt 0 ]; then
    "${TIMEOUT[@]}" "$limit" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
  else
    "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
  fi
  rc=$?
  took=$(( $(date +%s) - start ))
  printf '%s\t%s\t%s\n' "$name" "$rc" "$took" >> "$STATUS"
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "   TIMED OUT after ${took} s"
  else
    echo "   exit $rc in ${took} s"
  fi
  return "$rc"
}

show() {
  sed 's/^/   /' "$OUT/$1.out"
  if [ "$2" -ne 0 ]; then
    tail -n 5 "$OUT/$1.err" | sed 's/^/   stderr: /'
  fi
}

echo "GPU check of the agent, $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname)"
echo "java: $JAVA ($("$JAVA" -version 2>&1 | head -n 1)); agent: $AGENT_JAR; agent JVM options: $AGENT_JVM_OPTIONS"
echo "output: $OUT; scratch: $WORK"

HAVE_GPU=0
check gpus 60 "${AGENT[@]}" gpus "${NVML[@]}"
rc=$?
case $rc in
  0) HAVE_GPU=1 ;;
  3) echo "no NVIDIA GPU: GPU checks skipped ($(head -c 300 "$OUT/gpus.err"))" ;;
  *) echo "gpus failed (exit $rc): GPU checks skipped"; tail -n 5 "$OUT/gpus.err" ;;
esac

HAVE_TORCH=0
if [ "$HAVE_GPU" -eq 1 ]; then
  if "$PYTHON" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' >/dev/null 2>&1; then
    HAVE_TORCH=1
  else
    echo "$PYTHON has no CUDA-enabled torch: trainings skipped"
  fi
fi

# train NAME SCRIPT [run options…]: the script under `run`, then `analyze` of its run directory.
train() {
  local name=$1 script=$2
  shift 2
  local workdir="$WORK/$name" run="$OUT/runs/$name"
  rm -rf "$workdir" "$run"
  mkdir -p "$workdir" "$OUT/runs"
  check "train-$name" $((TRAIN_SECONDS + 180)) "${AGENT[@]}" run --out "$run" --name "$name" --workdir "$workdir" \
    --status-interval 15 "${NVML[@]}" "$@" -- "$PYTHON" "$ROOT/scripts/gpu/$script" --seconds "$TRAIN_SECONDS"
  local rc=$?
  tail -n 3 "$OUT/train-$name.err" | sed 's/^/   /'
  if [ -f "$run/progress.json" ]; then
    check "analyze-$name" 60 "${AGENT[@]}" analyze "$run"
  fi
  return "$rc"
}

if [ "$HAVE_TORCH" -eq 1 ]; then
  train torch-loop torch_loop.py --checkpoints 'checkpoints/*.pt'
  train hf-trainer hf_trainer.py --format hf --checkpoints 'hf-out/checkpoint-*'
  train lightning lightning_run.py --format lightning \
    --metrics-file lightning_logs/gpu-check/version_0/metrics.csv --checkpoints 'checkpoints/*.ckpt'
fi

if [ "${GPU_CHECK_QUICK:-0}" = 1 ]; then
  SAMPLER_ARGS=(--samples 50 --breakdown-rounds 10)
  OUTPUT_ARGS=(--seconds 1 --repeats 1 --unpaced-lines 50000 --profile-lines 10000)
  MEMORY_ARGS=(--hours 2 --speed 3600 --gpus 8 --report-every 1)
else
  SAMPLER_ARGS=(--samples 200 --breakdown-rounds 50)
  OUTPUT_ARGS=(--seconds 5 --repeats 3 --unpaced-lines 500000 --profile-lines 50000)
  MEMORY_ARGS=(--hours 24 --speed 2000 --gpus 8)
fi

if [ "$HAVE_GPU" -eq 1 ]; then
  check bench-sampler 180 "${BENCH[@]}" sampler "${SAMPLER_ARGS[@]}" "${NVML[@]}"
  show bench-sampler $?
fi
check bench-output 300 "${BENCH[@]}" output "${OUTPUT_ARGS[@]}" "${NVML[@]}" --agent-jvm-options "$AGENT_JVM_OPTIONS"
show bench-output $?
check bench-memory 240 "${BENCH[@]}" memory "${MEMORY_ARGS[@]}" "${NVML[@]}" --agent-jvm-options "$AGENT_JVM_OPTIONS"
show bench-memory $?

echo
if command -v "$PYTHON" >/dev/null 2>&1; then
  "$PYTHON" - "$OUT" <<'PY' | tee "$OUT/summary.txt"
import json
import os
import sys
import time

out = sys.argv[1]


def load(name):
    try:
        with open(os.path.join(out, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def number(value, pattern="{:,.0f}"):
    return "-" if value is None else pattern.format(value)


status = {}
with open(os.path.join(out, "status.tsv")) as f:
    for line in f:
        name, rc, took = line.rstrip("\n").split("\t")
        status[name] = (int(rc), int(took))

print("GPU check summary, " + time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()))
gpus = load("gpus.out")
if gpus:
    selected = [g for g in gpus.get("gpus", []) if g.get("selected")]
    names = ", ".join(sorted({g.get("name") or "?" for g in selected})) or "none selected"
    print(f"GPU: {names} ({len(selected)} selected of {len(gpus.get('gpus', []))}), "
          f"driver {gpus.get('driver_version')}, NVML {gpus.get('nvml_version')}")
else:
    print("GPU: none (no NVIDIA GPU: GPU checks skipped)")

rows = []
for name in ("torch-loop", "hf-trainer", "lightning"):
    if f"train-{name}" not in status:
        continue
    rc, took = status[f"train-{name}"]
    a = load(f"analyze-{name}.out") or {}
    perf = a.get("performance") or {}
    res = a.get("resource_utilization") or {}
    samples = perf.get("total_samples")
    samples = number(samples) if samples is not None else (
        "steps " + number(perf.get("steps")) if perf.get("steps") is not None else "-")
    util = f"{number(res.get('average_gpu_utilization_percent'), '{:.1f}')} / " \
           f"{number(res.get('peak_gpu_utilization_percent'), '{:.0f}')}"
    rows.append([name, f"{a.get('status', '?')} (exit {rc}, {took} s)", samples, util,
                 number(res.get("peak_gpu_memory_mb")), number(res.get("energy_wh"), "{:.2f}"),
                 str((a.get("checkpoints") or {}).get("count", "-")),
                 str((a.get("data_quality") or {}).get("malformed_records", "-")),
                 str((a.get("data_quality") or {}).get("metric_records", "-"))])
if rows:
    header = ["training", "status", "samples", "util avg/peak %", "peak mem MB", "energy Wh", "checkpoints",
              "parse errors", "metric records"]
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    print()
    for r in [header] + rows:
        print("  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
else:
    print("trainings: not run (no GPU or no CUDA torch here)")

print()
for bench in ("bench-sampler", "bench-output", "bench-memory"):
    if bench not in status:
        print(f"{bench}: not run")
        continue
    rc, took = status[bench]
    results = []
    try:
        with open(os.path.join(out, bench + ".out")) as f:
            results = [line.strip() for line in f if line.startswith(("result:", "PROBLEM:"))]
    except OSError:
        pass
    print(f"{bench} (exit {rc}, {took} s): " + ("; ".join(results) if results else "no result"))
print()
print("checks: " + ", ".join(f"{n} {'ok' if rc == 0 else 'exit ' + str(rc)}" for n, (rc, _) in status.items()))
PY
else
  echo "no $PYTHON for the summary; status.tsv:"
  cat "$STATUS"
fi

# Exit 1 when a check failed (a missed target is not a failure: the tables say it); 0 otherwise.
awk -F '\t' '$2 != 0 && !($1 == "gpus" && $2 == 3) { failed = 1 } END { exit failed }' "$STATUS"
}

main "$@" 2>&1 | tee "$OUT/gpu-check.log"
exit "${PIPESTATUS[0]}"
