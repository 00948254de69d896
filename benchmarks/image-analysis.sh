#!/usr/bin/env bash
# Benchmark: ContainerHardening's single-pass image analysis on a ~100 MB and a ~1 GB image archive (not a test).
# The 100 MB image is samples/WebApi published by the SDK onto the local aspnet base; the 1 GB one adds a layer with
# the installed .NET SDK folder (~600 MB of real binaries and text) plus a 300 MB file of incompressible data.
# Prints MB/s and peak working set; trivy is not installable from this machine's registries, so no comparison runs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bash "$root/build/test-env.sh" up >/dev/null

echo "image-analysis: building fixtures in $work"
dotnet publish "$root/samples/WebApi/WebApi.csproj" -c Release -t:PublishContainer -v:q -nologo -tl:off \
  -p:ContainerHardeningEnabled=false -p:ContainerBaseImage=localhost:5000/dotnet/aspnet:10.0-noble-chiseled \
  -p:ContainerArchiveOutputPath="$work/image-100mb.tar" >/dev/null

# The 1 GB image: an OCI layout built with umoci from the aspnet base plus one big layer.
skopeo copy -q --src-tls-verify=false docker://localhost:5000/dotnet/aspnet:10.0-noble-chiseled "oci:$work/layout:base"
umoci unpack --image "$work/layout:base" "$work/bundle" >/dev/null 2>&1
mkdir -p "$work/bundle/rootfs/opt"
cp -a "$(dirname "$(readlink -f "$(command -v dotnet)")")" "$work/bundle/rootfs/opt/dotnet"
head -c 300M /dev/urandom > "$work/bundle/rootfs/opt/blob.bin"
umoci repack --image "$work/layout:base" "$work/bundle" >/dev/null 2>&1
tar -C "$work/layout" -cf "$work/image-1gb.tar" .

dotnet run -c Release --project "$root/benchmarks/ContainerHardening.ImageBenchmarks" -- "$work/image-100mb.tar" "$work/image-1gb.tar"
