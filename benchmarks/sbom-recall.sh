#!/usr/bin/env bash
# Benchmark: which packages our SBOM lists compared with Trivy and cdxgen on the same images (not a test; the
# end-to-end test SbomConsumersTests checks the one direction that must hold: everything Trivy finds is ours too).
#
#   benchmarks/sbom-recall.sh            prints, per image, counts per ecosystem for each tool and what each misses
#
# Images: samples/WebApi, and the same app with Serilog.AspNetCore 10.0.0 added (a NuGet package that pulls in
# nine more), both published with ContainerHardening onto the local test-env base images to an archive. The
# test-env images have /etc/os-release but no /etc/debian_version, and Trivy (so cdxgen too) detects Debian only by
# the latter: a third image, WebApiSerilog+debian_version, is the second one with that file added in a layer, to show
# what the other tools list on an image they do recognise (ours is the second image's SBOM: same packages).
# Tools: Trivy 0.44.1 (`trivy image --input`, on a docker-archive copy because it cannot open the SDK's OCI tar) and
# cdxgen 12.8.4 (`cdxgen -t docker`, with its Trivy 0.7x rootfs plugin), both from build/tools.sh, both offline.
# Everything is compared as "ecosystem name version": nuget (names case-insensitive), deb (dpkg's full version,
# epoch included), dotnet (the shared frameworks: ours are pkg:generic/dotnet/<framework>; Trivy reads the framework's
# deps.json, which names the runtime pack, e.g. Microsoft.NETCore.App.Runtime.linux-x64, so its entry is mapped to
# the framework folder it came from), and "other" for whatever a tool lists that is none of these.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

bash "$root/build/test-env.sh" up >/dev/null
bash "$root/build/tools.sh" cdxgen >/dev/null
trivy="$(bash "$root/build/tools.sh" path trivy)"
cdxgen="$(bash "$root/build/tools.sh" path cdxgen)"
cdxgen_plugins="$(bash "$root/build/tools.sh" path cdxgen-plugins)"

echo "sbom-recall: packing ContainerHardening and publishing the images in $work"
dotnet pack "$root/src/ContainerHardening/ContainerHardening.csproj" -c Release -o "$root/artifacts/package/release" -v:q -nologo >/dev/null
rm -rf "$root/artifacts/samples-packages/containerhardening"
cp -r "$root/samples/." "$work/samples"
# The copy keeps the samples' nuget.config pointing at the packed package (as benchmarks/publish-overhead.sh does).
sed -i "s|../artifacts/package/release|$root/artifacts/package/release|" "$work/samples/nuget.config"
sed -i "s|\$(MSBuildThisFileDirectory)../artifacts/samples-packages/|$root/artifacts/samples-packages/|" "$work/samples/Directory.Build.props"
cp -r "$work/samples/WebApi" "$work/samples/WebApiSerilog"
mv "$work/samples/WebApiSerilog/WebApi.csproj" "$work/samples/WebApiSerilog/WebApiSerilog.csproj"
sed -i 's|<PackageReference Include="ContainerHardening" Version="0.1.0" />|&\n    <PackageReference Include="Serilog.AspNetCore" Version="10.0.0" />|' \
  "$work/samples/WebApiSerilog/WebApiSerilog.csproj"

# An empty vulnerability database: Trivy then lists packages offline instead of insisting on a download.
mkdir -p "$work/trivy-db/db"
echo '{"Version":2,"NextUpdate":"2999-01-01T00:00:00Z","UpdatedAt":"2025-01-01T00:00:00Z","DownloadedAt":"2025-01-01T00:00:00Z"}' \
  >"$work/trivy-db/db/metadata.json"

# Each normaliser prints "ecosystem<TAB>name<TAB>version" lines; nuget names lower-cased (NuGet ids ignore case).
ours_jq='.components[] | select(.purl != null) | .purl as $p
  | (if ($p | startswith("pkg:nuget/")) then "nuget" elif ($p | startswith("pkg:deb/")) then "deb"
     elif ($p | startswith("pkg:generic/dotnet/")) then "dotnet" elif ($p | startswith("pkg:oci/")) then empty
     else "other" end) as $e
  | [$e, (if $e == "nuget" then (.name | ascii_downcase) else .name end), .version] | @tsv'
trivy_jq='.Results[]? | . as $r | .Packages[]?
  | ((if (.Epoch // 0) > 0 then "\(.Epoch):" else "" end) + .Version + (if (.Release // "") != "" then "-" + .Release else "" end)) as $v
  | if $r.Class == "os-pkgs" then ["deb", .Name, $v]
    elif ($r.Target | test("(^|/)dotnet/shared/[^/]+/[^/]+/")) then
      ($r.Target | capture("dotnet/shared/(?<fw>[^/]+)/(?<ver>[^/]+)/")) as $m | ["dotnet", $m.fw, $m.ver]
    elif $r.Type == "dotnet-core" or $r.Type == "nuget" then ["nuget", (.Name | ascii_downcase), $v]
    else ["other", .Name, $v] end | @tsv'
# cdxgen also lists each deb's source package (glibc beside libc6) as a component of its own; only binary packages,
# the ones its Trivy plugin gives a PkgID, count as deb.
cdxgen_jq='.components[]? | (.purl // "") as $p
  | (if ($p | startswith("pkg:nuget/")) then "nuget"
     elif ($p | startswith("pkg:deb/")) then (if any(.properties[]?; .name == "aquasecurity:trivy:PkgID") then "deb" else "deb-src" end)
     else "other" end) as $e
  | [$e, (if $e == "nuget" then (.name | ascii_downcase) else .name end), (.version // "")] | @tsv'

report() { # name
  local name="$1" tool
  for tool in ours trivy cdxgen; do sort -u "$work/$name.$tool.tsv" -o "$work/$name.$tool.tsv"; done
  cat "$work/$name".{ours,trivy,cdxgen}.tsv | sort -u >"$work/$name.all.tsv"
  echo
  echo "== $name ($(stat -c %s "$work/$name.tar" | awk '{printf "%.0f MB", $1 / 1048576}'))"
  printf '  %-8s %6s %6s %7s\n' ecosystem ours trivy cdxgen
  local eco
  for eco in nuget dotnet deb deb-src other; do
    printf '  %-8s %6d %6d %7d\n' "$eco" \
      "$(grep -c "^$eco	" "$work/$name.ours.tsv" || true)" \
      "$(grep -c "^$eco	" "$work/$name.trivy.tsv" || true)" \
      "$(grep -c "^$eco	" "$work/$name.cdxgen.tsv" || true)"
  done
  for tool in ours trivy cdxgen; do
    local missed
    # What the other two tools found and this one did not ("other" and "deb-src" entries are not installed packages).
    missed="$(cat "$work/$name".{ours,trivy,cdxgen}.tsv | grep -v -e '^other	' -e '^deb-src	' | sort -u |
      comm -23 - "$work/$name.$tool.tsv" | awk -F'\t' '{printf "%s%s:%s@%s", (NR > 1 ? ", " : ""), $1, $2, $3}')"
    echo "  $tool misses: ${missed:-nothing the others found}"
  done
}

# WebApiSerilog's archive plus a layer with /etc/debian_version (the host's: Debian 12, like the packages).
add_debian_version() { # from.tar to.tar
  skopeo copy -q "oci-archive:$1" "oci:$work/layout:image"
  umoci unpack --image "$work/layout:image" "$work/bundle" >/dev/null 2>&1
  cp /etc/debian_version "$work/bundle/rootfs/etc/debian_version"
  umoci repack --image "$work/layout:image" "$work/bundle" >/dev/null 2>&1
  skopeo copy -q "oci:$work/layout:image" "oci-archive:$2"
  rm -rf "$work/layout" "$work/bundle"
}

for name in WebApi WebApiSerilog WebApiSerilog+debian_version; do
  if [[ "$name" == *+debian_version ]]; then
    add_debian_version "$work/${name%+*}.tar" "$work/$name.tar"
    cp "$work/${name%+*}.ours.tsv" "$work/$name.ours.tsv"
  else
    dotnet publish "$work/samples/$name/$name.csproj" -c Release -t:PublishContainer -v:q -nologo -tl:off \
      -p:ContainerHardeningBaseRegistry=localhost:5000 -p:ContainerArchiveOutputPath="$work/$name.tar" >/dev/null
    # The publish writes the SBOMs beside the archive.
    jq -r "$ours_jq" "$work/$name.sbom.cdx.json" >"$work/$name.ours.tsv"
  fi

  skopeo copy -q "oci-archive:$work/$name.tar" "docker-archive:$work/$name.docker.tar:recall/image:1"
  "$trivy" image --input "$work/$name.docker.tar" --scanners vuln --list-all-pkgs --skip-db-update --offline-scan \
    --cache-dir "$work/trivy-db" --format json --output "$work/$name.trivy.json" 2>/dev/null
  jq -r "$trivy_jq" "$work/$name.trivy.json" >"$work/$name.trivy.tsv"

  # cdxgen refuses nothing as root but warns; its plugin folder holds only the Trivy wrapper build/tools.sh kept.
  (cd "$work" && CDXGEN_PLUGINS_DIR="$cdxgen_plugins" FETCH_LICENSE=false "$cdxgen" -t docker \
    -o "$work/$name.cdxgen.json" "$work/$name.tar" >"$work/$name.cdxgen.log" 2>&1)
  jq -r "$cdxgen_jq" "$work/$name.cdxgen.json" >"$work/$name.cdxgen.tsv"
  report "$name"
done
