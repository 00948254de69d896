#!/usr/bin/env bash
# Runs every test: unit tests of the core and end-to-end tests that publish real images against the local
# environment (started here if it is not up). Ends with the line `tests: N passed, N failed` read from the results.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="$root/artifacts/test-results"

bash "$root/build/test-env.sh" up || exit 1

rm -rf "$results"
dotnet test "$root/ContainerHardening.sln" -c Release --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results"
status=$?

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  # The build or a test host broke before any test could fail: count it, so the run never reads as green.
  failed=1
fi

echo "tests: $passed passed, $failed failed"
exit $status
