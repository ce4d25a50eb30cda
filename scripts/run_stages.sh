#!/usr/bin/env bash
# Runs the stages of `make test` side by side (Makefile, target `test`), JOBS at a time, once venv and install
# are done. Usage: run_stages.sh JOBS LOGDIR STAGE...
#
# A stage is one or more make goals joined by "+", run in order by one `make` (for example a row of the version
# matrix: "sanity-core2.17+smoke-core2.17", which share the row's venv). Each stage gets its own copy of the tree
# for ansible-test (STAGE_ROOT), and its output goes to LOGDIR/<stage>.log, printed whole when it ends so that
# stages running together do not mix their lines. Exits non-zero if any stage failed, naming them.
set -euo pipefail

jobs=$1
logs=$2
shift 2
make_cmd=${MAKE:-make}
rm -rf "$logs"
mkdir -p "$logs"

run_stage() {
  local stage=$1 start=$SECONDS status=0 name goals
  name=${stage//+/_}
  IFS=+ read -r -a goals <<<"$stage"
  # ESMKIT_INSTALLED: the collection was built and installed before the stages; none of them does it again.
  "$make_cmd" ESMKIT_INSTALLED=1 STAGE_ROOT="$ANSIBLE_TEST_ROOT/$name" "${goals[@]}" >"$logs/$name.log" 2>&1 || status=$?
  echo "$status" >"$logs/$name.status"
  {
    flock 9
    echo "==> stage ${stage}: $([ "$status" -eq 0 ] && echo passed || echo "FAILED (exit $status)") in $((SECONDS - start))s [$(date +%T)]"
    sed 's/^/    /' "$logs/$name.log"
  } 9>"$logs/.print.lock"
}

: "${ANSIBLE_TEST_ROOT:?names the directory for the ansible-test copies of the stages}"
for stage in "$@"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  run_stage "$stage" &
done
wait

failed=()
for stage in "$@"; do
  if [ "$(cat "$logs/${stage//+/_}.status")" != 0 ]; then failed+=("$stage"); fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "error: stages failed: ${failed[*]} (logs in $logs)" >&2
  exit 1
fi
