#!/usr/bin/env bash
# Runs every cargo fuzz target in fuzz/ for FUZZ_SECONDS (default 60) each and prints one
# summary line per target. Exits non-zero when a target crashed (panic, failed assertion,
# timeout, out of memory), naming the input it saved under fuzz/artifacts/<target>/.
#
#   FUZZ_SECONDS=300 bash scripts/fuzz.sh            every target, 5 minutes each
#   FUZZ_TARGETS="deep_link csv_import" bash scripts/fuzz.sh
#
# Only the stable toolchain is assumed: the targets are built without a sanitizer (panics,
# assertions, overflow checks, timeouts and memory limits are what they catch).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
seconds="${FUZZ_SECONDS:-60}"
tools="$CARGO_TARGET_DIR/tools"
# One set of build flags for the build here and for `cargo fuzz run` (fuzz/README.md).
build_flags=(--release --debug-assertions --sanitizer none)

if [[ ! -x "$tools/bin/cargo-fuzz" ]]; then
    cargo install cargo-fuzz --locked --root "$tools" --target-dir "$CARGO_TARGET_DIR/tools-build"
fi
export PATH="$tools/bin:$PATH"

cd "$root"
read -r -a targets <<<"${FUZZ_TARGETS:-$(cargo fuzz list | tr '\n' ' ')}"
cargo fuzz build "${build_flags[@]}"
cd fuzz
bin_dir="$CARGO_TARGET_DIR/$(rustc -vV | sed -n 's/^host: //p')/release"

# The targets' databases live in temp dirs that a process ending on a time limit never
# removes; memory-backed when possible, since the relay commits with fsync.
scratch="$(mktemp -d "$( [[ -w /dev/shm ]] && echo /dev/shm || echo "${TMPDIR:-/tmp}")/quotla-fuzz.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

failed=()
for target in "${targets[@]}"; do
    corpus="corpus/$target"
    artifacts="artifacts/$target"
    log="artifacts/$target.log"
    mkdir -p "$corpus" "$artifacts"
    if [[ "$target" == backup_restore && ! -e "$corpus/quotla-backup.sqlite" ]]; then
        # A real backup, written by the target's own setup through Store::backup_to.
        QUOTLA_FUZZ_BACKUP_SEED="$root/fuzz/$corpus/quotla-backup.sqlite" TMPDIR="$scratch" \
            "$bin_dir/$target" -runs=0 >/dev/null 2>&1
    fi
    before="$(find "$artifacts" -type f | sort)"
    status=0
    start=$SECONDS
    TMPDIR="$scratch" "$bin_dir/$target" "$corpus" "seeds/$target" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?

    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    if [[ -z "$runs" ]]; then
        runs="$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')"
    fi
    ran=$((SECONDS - start))
    found="$(comm -13 <(echo "$before") <(find "$artifacts" -type f | sort) |
        grep -E '/(crash|timeout|oom|leak)-' || true)"
    printf '%-17s %4ss  %10s execs  %6s exec/s  corpus %5s files  %s\n' \
        "$target" "$ran" "${runs:-?}" \
        "$([[ -n "$runs" && $ran -gt 0 ]] && echo $((runs / ran)) || echo '?')" \
        "$(find "$corpus" -type f | wc -l)" \
        "$([[ $status -eq 0 ]] && echo "no crash" || echo "CRASH (exit $status): ${found:-see $log}")"
    if [[ $status -ne 0 ]]; then
        tail -n 40 "$log" >&2
        failed+=("$target")
    fi
done

if ((${#failed[@]})); then
    echo "crashed: ${failed[*]} (inputs in fuzz/artifacts/<target>/, logs in fuzz/artifacts/<target>.log)" >&2
    exit 1
fi
