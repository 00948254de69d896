#!/usr/bin/env bash
# The main job, end to end: bring up the local environment, pack ContainerHardening, and publish a sample to a
# hardened image in the local registry, showing what the package decided.
#
#   build/publish-sample.sh [WebApi|Worker|AotConsole]     (default: WebApi)
#
# The image lands in localhost:5000/samples/<name>:latest; the script prints how to run it under podman.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sample="${1:-WebApi}"
project="$root/samples/$sample/$sample.csproj"
[[ -f "$project" ]] || { echo "publish-sample: error: no sample '$sample' (try WebApi, Worker or AotConsole)" >&2; exit 1; }
repository="samples/$(echo "$sample" | tr '[:upper:]' '[:lower:]')"

bash "$root/build/test-env.sh" up

if [[ "$sample" == AotConsole ]] && ! command -v clang >/dev/null; then
  # Native AOT links with clang.
  echo "publish-sample: installing clang for native AOT"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang lld >/dev/null
fi

echo "publish-sample: packing ContainerHardening"
dotnet pack "$root/src/ContainerHardening/ContainerHardening.csproj" -c Release -o "$root/artifacts/package/release" -v:q -nologo
# The samples restore into a private folder: drop the previous copy so the package just packed is the one used.
rm -rf "$root/artifacts/samples-packages/containerhardening"

echo "publish-sample: dotnet publish $sample -t:PublishContainer"
# The local base images are built on this machine, so their digests are not mcr.microsoft.com's: their lock stays
# under artifacts/ instead of next to the sample, where it would look like a lock worth committing.
dotnet publish "$project" -c Release -t:PublishContainer -v:m -tl:off -nologo \
  -p:ContainerHardeningBaseRegistry=localhost:5000 \
  -p:ContainerHardeningLockFile="$root/artifacts/samples-lock/$sample/container-hardening.lock.json" \
  -p:ContainerRegistry=localhost:5000 \
  -p:ContainerRepository="$repository"

cat <<TEXT

publish-sample: pushed localhost:5000/$repository:latest
Run it the hardened way:
  podman run --rm --runtime runc --tls-verify=false --read-only --cap-drop=ALL --security-opt no-new-privileges \\
    --ulimit nofile=20000:20000 --ulimit nproc=1024:1024 -p 127.0.0.1:8080:8080 localhost:5000/$repository:latest
TEXT
