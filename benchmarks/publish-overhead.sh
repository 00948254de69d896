#!/usr/bin/env bash
# Benchmark: what ContainerHardening adds to `dotnet publish -t:PublishContainer` of samples/WebApi.
# Runs the plain SDK publish and the hardened publish alternately (paired, same machine, same run), N rounds each,
# and prints the median wall time of both, their ratio, the median of each round's own ratio, and the image sizes.
# Both publish onto the same local base image, so the difference is the package's own work: defaults, staging,
# normalization, the single-pass analysis (rules, secrets, SBOM) and, for a registry, the gate's own push instead of
# the SDK's.
#
# With "changed", a source file of the app is edited before every publish, so each one compiles and builds a new app
# layer (the inner loop of a developer); by default rounds after the first are unchanged rebuilds (a CI re-run).
#
#   benchmarks/publish-overhead.sh [rounds] [archive|registry|nosbom] [unchanged|changed]     (default 5 archive unchanged)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
destination="${2:-archive}"
change="${3:-unchanged}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

bash "$root/build/test-env.sh" up >/dev/null
dotnet pack "$root/src/ContainerHardening/ContainerHardening.csproj" -c Release -o "$root/artifacts/package/release" -v:q -nologo >/dev/null
rm -rf "$root/artifacts/samples-packages/containerhardening"
cp -r "$root/samples/." "$work/samples"
# The copy keeps the samples' nuget.config pointing at the packed package.
sed -i "s|../artifacts/package/release|$root/artifacts/package/release|" "$work/samples/nuget.config"
sed -i "s|\$(MSBuildThisFileDirectory)../artifacts/samples-packages/|$root/artifacts/samples-packages/|" "$work/samples/Directory.Build.props"
project="$work/samples/WebApi/WebApi.csproj"
dotnet restore "$project" -v:q >/dev/null

publish() { # variant archive
  local extra=()
  if [[ "$1" == plain ]]; then
    extra=(-p:ContainerHardeningEnabled=false -p:ContainerBaseImage=localhost:5000/dotnet/aspnet:10.0-noble-chiseled)
  else
    extra=(-p:ContainerHardeningBaseRegistry=localhost:5000)
  fi
  case "$destination" in
    registry) extra+=(-p:ContainerRegistry=localhost:5000 "-p:ContainerRepository=bench/$1") ;;
    # What the SBOM costs: "plain" is then the hardened publish with ContainerSbomFormat=none.
    nosbom) if [[ "$1" == plain ]]; then extra=(-p:ContainerHardeningBaseRegistry=localhost:5000 -p:ContainerSbomFormat=none); fi ;;
  esac
  if [[ "$change" == changed ]]; then
    echo "// edit $(date +%s%N)" >> "$work/samples/WebApi/Program.cs"
  fi
  local start end
  start=$(date +%s%N)
  dotnet publish "$project" -c Release -t:PublishContainer --no-restore -v:q -nologo -tl:off \
    -p:ContainerArchiveOutputPath="$2" "${extra[@]}" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

publish plain "$work/warmup.tar" >/dev/null   # first build compiles; not counted
plain=() hardened=()
for ((i = 1; i <= rounds; i++)); do
  plain+=("$(publish plain "$work/plain.tar")")
  hardened+=("$(publish hardened "$work/hardened.tar")")
done

plain_median=$(printf '%s\n' "${plain[@]}" | median)
hardened_median=$(printf '%s\n' "${hardened[@]}" | median)
echo "publish-overhead: samples/WebApi to $destination, $rounds paired rounds, $change app"
echo "  plain SDK      : median ${plain_median} ms   (runs: ${plain[*]})"
echo "  with package   : median ${hardened_median} ms   (runs: ${hardened[*]})"
awk -v h="$hardened_median" -v p="$plain_median" 'BEGIN { printf "  ratio          : %.3f (hardened / plain)\n", h / p }'
# Each round's own ratio, then their median: a drift of the machine's speed during the run moves both publishes of a
# round alike, where it can move the two medians above apart.
paired=()
for ((i = 0; i < rounds; i++)); do
  paired+=("$(awk -v h="${hardened[i]}" -v p="${plain[i]}" 'BEGIN { printf "%.3f", h / p }')")
done
echo "  paired ratio   : $(printf '%s\n' "${paired[@]}" | median) (median of each round's ratio: ${paired[*]})"
if [[ "$destination" != registry ]]; then
  echo "  image archive  : plain $(stat -c %s "$work/plain.tar") bytes, hardened $(stat -c %s "$work/hardened.tar") bytes"
fi
