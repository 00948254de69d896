#!/usr/bin/env bash
# Local test environment for ContainerHardening.
#
#   build/test-env.sh up [--rebuild]   install tools (apt packages, and Trivy
#                                      via build/tools.sh), start a local
#                                      registry on 127.0.0.1:5000, build + push
#                                      imitation chiseled .NET base images
#                                      (rebuilt when a tag is not yet the
#                                      linux/amd64 + linux/arm64 index)
#   build/test-env.sh down [--purge]   stop the registry (--purge: delete state)
#   build/test-env.sh status           show registry state and pushed tags
#
# Target: Debian 12 (bookworm), run as root, no internet apart from the Debian
# apt mirror, NuGet and npm. Everything here is idempotent.
#
# The base images imitate mcr.microsoft.com/dotnet/{runtime-deps,runtime,aspnet}
# :10.0-noble-chiseled[-extra]: no shell, no package manager, user "app"
# (1654), per-package dpkg metadata in /var/lib/dpkg/status.d, stacked layers.
# The bits inside are Debian 12 packages (os-release says so honestly).
# Like the real tags, every tag is a multi-platform OCI image index: linux/amd64
# and linux/arm64/v8, each image built from that architecture's Debian packages
# and .NET runtime (the installed SDK's for the host architecture, NuGet's
# runtime packs for the other). Only the host's images can run here; the others
# are for multi-RID publishes, built and inspected, never run.
#
# State (registry storage, logs, deb and NuGet caches, OCI layout) lives in
#   ${CONTAINER_HARDENING_ENV_DIR:-/tmp/container-hardening-env}
set -euo pipefail

STATE_DIR="${CONTAINER_HARDENING_ENV_DIR:-/tmp/container-hardening-env}"
REGISTRY_ADDR="127.0.0.1:5000"
# The image references use "localhost:5000": the .NET SDK (and podman/skopeo)
# treat "localhost" registries as insecure/plain-HTTP automatically.
REGISTRY_HOST="localhost:5000"
TAG="10.0-noble-chiseled"
REPOS=(runtime-deps runtime aspnet)
DOTNET_CHANNEL="10.0"

REGISTRY_BIN=/usr/bin/docker-registry
REGISTRY_CONFIG="$STATE_DIR/registry.yml"
REGISTRY_PID="$STATE_DIR/registry.pid"
REGISTRY_LOG="$STATE_DIR/registry.log"
REGISTRY_STORAGE="$STATE_DIR/registry"
DEB_CACHE="$STATE_DIR/debs" # one folder per architecture
NUGET_CACHE="$STATE_DIR/nuget"
# The platforms (os linux) of every tag's image index, as Debian/OCI architecture names.
ARCHES=(amd64 arm64)

# Packages that make up the rootfs. Deliberately no shell, coreutils, dpkg, apt.
BASE_PKGS=(libc6 libgcc-s1 libstdc++6 libssl3 zlib1g ca-certificates)
EXTRA_PKGS=(libicu72 tzdata)

# Tools this script (and the tests) need; each is a command or a package name.
TOOLS=(docker-registry skopeo umoci podman runc zstd uidmap jq curl unzip)

# One timestamp for every file and config, so rebuilds are reproducible: today at midnight UTC (like a freshly
# released base image, so the base-age rule CH4003 stays quiet), or SOURCE_DATE_EPOCH when set.
if [[ -n "${SOURCE_DATE_EPOCH:-}" ]]; then
  CREATED="$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)"
  EPOCH="$SOURCE_DATE_EPOCH"
else
  CREATED="$(date -u +%Y-%m-%dT00:00:00Z)"
  EPOCH="$(date -u -d "$CREATED" +%s)"
fi

log() { echo "test-env: $*"; }
die() { echo "test-env: error: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------
# Tool installation
# ---------------------------------------------------------------------------
pkg_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

ensure_tools() {
  local missing=() t
  for t in "${TOOLS[@]}"; do
    # uidmap ships newuidmap/newgidmap, not a binary called "uidmap".
    if ! command -v "$t" >/dev/null 2>&1 && ! pkg_installed "$t"; then
      missing+=("$t")
    fi
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  [[ $EUID -eq 0 ]] || die "missing tools (${missing[*]}) and not running as root to install them"
  log "installing: ${missing[*]}"

  # docker-registry's postinst would start the distro service (init.d) on :5000
  # with an htpasswd config; we run our own instance instead. A policy-rc.d that
  # exits 101 tells invoke-rc.d not to start services. Only add it temporarily,
  # and only if the machine does not already have one.
  local own_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  local rc=0
  (
    export DEBIAN_FRONTEND=noninteractive
    # (set -e is inert inside "( ... ) || ...", hence the explicit &&)
    # runc listed explicitly; podman's "crun | runc" dependency may still pull
    # crun, which is why configure_podman pins the runtime to runc.
    apt-get update -qq &&
      apt-get install -y -qq --no-install-recommends "${missing[@]}"
  ) || rc=$?
  if [[ -n "$own_policy" ]]; then rm -f /usr/sbin/policy-rc.d; fi
  ((rc == 0)) || die "apt-get install failed (exit $rc)"
}

# podman on these machines must use runc (crun fails here), must not rely on
# systemd/journald (there is none), and needs a default policy for pulls.
configure_podman() {
  [[ $EUID -eq 0 ]] || return 0
  local dir=/etc/containers/containers.conf.d
  local file="$dir/50-container-hardening-test-env.conf"
  local want
  want='# Written by ContainerHardening build/test-env.sh
[containers]
# no systemd/journald on the test machines
log_driver = "k8s-file"
# podman raises RLIMIT_NOFILE to 1048576 by default, which fails with
# "error setting rlimit type 7: operation not permitted" where the host hard
# limit is lower (sandboxed/nested hosts). Explicit --ulimit still wins.
default_ulimits = ["nofile=20000:20000", "nproc=1024:1024"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
'
  # $(...) strips trailing newlines on both sides, so this compares content
  if [[ ! -f "$file" ]] || [[ "$(cat "$file")" != "$(printf '%s' "$want")" ]]; then
    mkdir -p "$dir"
    printf '%s' "$want" >"$file"
    log "wrote $file"
  fi
  # containers-common ships policy.json; write a permissive one only if absent.
  if [[ ! -f /etc/containers/policy.json ]]; then
    mkdir -p /etc/containers
    printf '{ "default": [ { "type": "insecureAcceptAnything" } ] }\n' >/etc/containers/policy.json
    log "wrote /etc/containers/policy.json"
  fi
}

# ---------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------
registry_answers() {
  curl -fsS -o /dev/null --max-time 2 "http://$REGISTRY_ADDR/v2/" 2>/dev/null
}

# Prints the pid from the pid file if that process is really our registry.
registry_pid() {
  [[ -f "$REGISTRY_PID" ]] || return 1
  local pid
  pid="$(cat "$REGISTRY_PID")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "docker-registry serve" || return 1
  echo "$pid"
}

write_registry_config() {
  mkdir -p "$REGISTRY_STORAGE"
  cat >"$REGISTRY_CONFIG" <<EOF
# Generated by build/test-env.sh
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
  fields:
    service: registry
storage:
  filesystem:
    rootdirectory: $REGISTRY_STORAGE
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: $REGISTRY_ADDR
  headers:
    X-Content-Type-Options: [nosniff]
EOF
}

start_registry() {
  if registry_answers; then
    if registry_pid >/dev/null; then
      log "registry already running (pid $(registry_pid)) on $REGISTRY_ADDR"
    else
      log "registry already answering on $REGISTRY_ADDR (not started by test-env)"
    fi
    return 0
  fi
  [[ -x "$REGISTRY_BIN" ]] || die "$REGISTRY_BIN not found"
  mkdir -p "$STATE_DIR"
  write_registry_config
  log "starting registry on $REGISTRY_ADDR (log: $REGISTRY_LOG)"
  # setsid + nohup + all fds redirected: the registry must outlive this script
  # and must not keep the caller's stdout/stderr pipes open.
  setsid nohup "$REGISTRY_BIN" serve "$REGISTRY_CONFIG" >>"$REGISTRY_LOG" 2>&1 </dev/null &
  echo $! >"$REGISTRY_PID"
  local i
  for ((i = 0; i < 60; i++)); do
    if registry_answers; then
      log "registry is up (pid $(cat "$REGISTRY_PID"))"
      return 0
    fi
    if ! kill -0 "$(cat "$REGISTRY_PID")" 2>/dev/null; then
      tail -n 20 "$REGISTRY_LOG" >&2 || true
      die "registry exited during startup (is $REGISTRY_ADDR in use? see $REGISTRY_LOG)"
    fi
    sleep 0.5
  done
  tail -n 20 "$REGISTRY_LOG" >&2 || true
  die "registry did not answer on http://$REGISTRY_ADDR/v2/ within 30s (see $REGISTRY_LOG)"
}

stop_registry() {
  local pid
  if pid="$(registry_pid)"; then
    log "stopping registry (pid $pid)"
    kill "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 20; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
    fi
  else
    log "registry not running (no live pid file)"
  fi
  rm -f "$REGISTRY_PID"
}

# ---------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------
all_tags() {
  local r
  for r in "${REPOS[@]}"; do
    echo "dotnet/$r:$TAG"
    echo "dotnet/$r:$TAG-extra"
  done
}

# Prints "index" when the registry serves the tag as an OCI image index over
# exactly ARCHES, "other" when it serves something else (a single-platform
# manifest from before), "missing" when it has no such tag.
tag_state() { # dotnet/repo:tag
  local repo="${1%%:*}" tag="${1##*:}" body
  if ! body="$(curl -fsS --max-time 5 \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    -H 'Accept: application/vnd.oci.image.index.v1+json' \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$REGISTRY_ADDR/v2/$repo/manifests/$tag" 2>/dev/null)"; then
    echo missing
  elif jq -e --arg want "${ARCHES[*]}" \
    '.mediaType == "application/vnd.oci.image.index.v1+json" and
     ([.manifests[] | select(.platform.os == "linux") | .platform.architecture] | sort) == ($want | split(" ") | sort)' \
    <<<"$body" >/dev/null 2>&1; then
    echo index
  else
    echo other
  fi
}

oci_arch() { # the host's architecture: the installed SDK's runtime is for it
  case "$(uname -m)" in
    x86_64) echo amd64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) die "unsupported architecture $(uname -m)" ;;
  esac
}

oci_variant() { # the OCI platform variant of an architecture (none for amd64)
  if [[ "$1" == arm64 ]]; then echo v8; fi
}

dotnet_rid() {
  case "$1" in
    amd64) echo linux-x64 ;;
    arm64) echo linux-arm64 ;;
    *) die "no .NET runtime identifier for $1" ;;
  esac
}

# apt resolves another architecture's packages only once dpkg knows it and the
# package lists have been fetched for it.
ensure_dpkg_arch() {
  local arch="$1"
  if [[ "$arch" == "$(dpkg --print-architecture)" ]] || dpkg --print-foreign-architectures | grep -qx "$arch"; then
    return 0
  fi
  [[ $EUID -eq 0 ]] || die "dpkg does not know architecture $arch and not running as root to add it"
  log "adding dpkg architecture $arch (apt-get update)"
  dpkg --add-architecture "$arch"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
}

# Ensures a .deb per package is in the architecture's cache. Prints nothing.
fetch_debs() { # arch package...
  local arch="$1"; shift
  local cache="$DEB_CACHE/$arch" need=() p
  mkdir -p "$cache"
  for p in "$@"; do
    compgen -G "$cache/${p}_*.deb" >/dev/null || need+=("$p")
  done
  ((${#need[@]} == 0)) && return 0
  ensure_dpkg_arch "$arch"
  log "downloading $arch debs: ${need[*]}"
  # APT::Sandbox::User=root avoids the "_apt cannot access" warning/failure.
  # APT::Architecture=$arch makes bare names mean $arch (Architecture: all
  # packages such as tzdata have no "name:arm64" but resolve this way).
  local download=(apt-get download -qq -o APT::Sandbox::User=root -o "APT::Architecture=$arch" "${need[@]}")
  if ! (cd "$cache" && "${download[@]}"); then
    log "apt-get download failed, running apt-get update and retrying"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    (cd "$cache" && "${download[@]}") || die "apt-get download ${need[*]} ($arch) failed"
  fi
}

deb_for() { # arch package: newest cached .deb for it
  local f
  f="$(compgen -G "$DEB_CACHE/$1/${2}_*.deb" | sort -V | tail -n 1)"
  [[ -n "$f" ]] || die "no cached $1 .deb for $2"
  echo "$f"
}

# Builds the runtime-deps root filesystem into $1 from the given packages of
# architecture $2.
make_rootfs() {
  local root="$1" arch="$2"; shift 2
  local p deb d
  mkdir -p "$root"
  for p in "$@"; do
    deb="$(deb_for "$arch" "$p")"
    dpkg-deb -x "$deb" "$root"
    # Chiseled-style package metadata: one control stanza per package, so SBOM
    # scanners (syft, trivy) find the packages without a dpkg status database.
    mkdir -p "$root/var/lib/dpkg/status.d"
    dpkg-deb -f "$deb" | awk 'NR==1{print; print "Status: install ok installed"; next} {print}' \
      >"$root/var/lib/dpkg/status.d/$p"
  done

  # merged-/usr like the real (Ubuntu noble) images: bookworm debs still ship
  # /lib/x86_64-linux-gnu and /lib64/ld-linux-x86-64.so.2 (arm64:
  # /lib/aarch64-linux-gnu, /lib/ld-linux-aarch64.so.1), so move those into
  # /usr and replace the top-level dirs by symlinks. The loader symlink in
  # /lib64 is absolute (/lib/x86_64-linux-gnu/...) and resolves via /lib.
  for d in bin sbin lib lib64; do
    mkdir -p "$root/usr/$d"
    if [[ -d "$root/$d" && ! -L "$root/$d" ]]; then
      cp -a "$root/$d/." "$root/usr/$d/"
      rm -rf "${root:?}/$d"
    fi
    ln -sfn "usr/$d" "$root/$d"
  done

  # ca-certificates has no postinst run here: build the bundle on the host.
  if [[ -d "$root/usr/share/ca-certificates" ]]; then
    mkdir -p "$root/etc/ssl/certs"
    find "$root/usr/share/ca-certificates" -name '*.crt' -type f | LC_ALL=C sort |
      xargs cat >"$root/etc/ssl/certs/ca-certificates.crt"
    chmod 0644 "$root/etc/ssl/certs/ca-certificates.crt"
  fi

  rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/lintian" \
    "$root/usr/share/locale" "$root/usr/share/info" "$root/usr/share/bug"
  # tzdata/ca-certificates maintainer leftovers that make no sense without dpkg
  rm -rf "$root/usr/share/doc-base" "$root/usr/sbin/update-ca-certificates" \
    "$root/usr/share/gcc" "$root/usr/share/gdb"
  # iconv modules: not in the real chiseled libc6 slice, unused by .NET (ICU)
  rm -rf "$root"/usr/lib/*-linux-gnu/gconv

  mkdir -p "$root/etc" "$root/home/app" "$root/root" "$root/tmp" "$root/var/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654::/home/app:/sbin/nologin\n' >"$root/etc/passwd"
  printf 'root:x:0:\napp:x:1654:\n' >"$root/etc/group"
  chmod 0644 "$root/etc/passwd" "$root/etc/group"
  cp /etc/os-release "$root/etc/os-release"
  rm -f "$root/usr/lib/os-release"
  chmod 0644 "$root/etc/os-release"

  chown -R 0:0 "$root"
  chown 1654:1654 "$root/home/app"
  chmod 0755 "$root/home/app"
  chmod 0700 "$root/root"
  chmod 1777 "$root/tmp" "$root/var/tmp"
  # Clamp mtimes for reproducible layers.
  find "$root" -exec touch -h -d "@$EPOCH" {} +
}

# Copies a path (relative to the dotnet root $1) into the bundle rootfs $2.
copy_dotnet_path() {
  local sdk="$1" rootfs="$2" rel="$3"
  mkdir -p "$rootfs/usr/share/dotnet/$(dirname "$rel")"
  cp -a "$sdk/$rel" "$rootfs/usr/share/dotnet/$rel"
}

# Normalises ownership/mtimes of freshly added dotnet files in a rootfs.
normalise_added() {
  local rootfs="$1"; shift
  local p
  for p in "$@"; do
    chown -R -h 0:0 "$rootfs/$p"
    find "$rootfs/$p" -exec touch -h -d "@$EPOCH" {} +
  done
  # parent directories touched by adding entries: reset so they do not end up
  # duplicated in the new layer with a new mtime
  touch -h -d "@$EPOCH" "$rootfs/usr/share" "$rootfs/usr/bin" "$rootfs/usr"
}

runtime_version() { # Microsoft.NETCore.App | Microsoft.AspNetCore.App
  dotnet --list-runtimes 2>/dev/null |
    awk -v fw="$1" -v ch="$DOTNET_CHANNEL." '$1 == fw && index($2, ch) == 1 {print $2}' |
    sort -V | tail -n 1
}

# The shared frameworks of the images, "name version" a line (the versions the
# installed SDK has, so every architecture gets the same runtime).
frameworks() {
  echo "Microsoft.NETCore.App $NETCORE_VERSION"
  echo "Microsoft.AspNetCore.App $ASPNET_VERSION"
}

nupkg_path() { # id version
  local id="${1,,}"
  echo "$NUGET_CACHE/$id.$2.nupkg"
}

# Ensures the runtime packs (<framework>.Runtime.<rid>) of an architecture are
# in the NuGet cache. Prints nothing.
fetch_runtime_packs() { # arch
  local rid fw version id f
  rid="$(dotnet_rid "$1")"
  mkdir -p "$NUGET_CACHE"
  while read -r fw version; do
    id="$fw.Runtime.$rid"
    f="$(nupkg_path "$id" "$version")"
    [[ ! -s "$f" ]] || continue
    log "downloading $id $version from NuGet"
    curl -fsSL --retry 3 --max-time 300 -o "$f.part" \
      "https://api.nuget.org/v3-flatcontainer/${id,,}/$version/${id,,}.$version.nupkg" ||
      die "could not download $id $version from NuGet"
    mv "$f.part" "$f"
  done < <(frameworks)
}

# Lays out a dotnet root like the installed SDK's (shared/<fw>/<version>/,
# host/fxr/<version>/, licence files) in $2 from the runtime packs of
# architecture $1: their lib/net<channel>/ and native/ files are what the
# shared framework directory holds, but for .version (written from the pack's
# <fw>.versions.txt, which has the same content) and libhostfxr.so (moved to
# host/fxr/). No package NuGet serves carries the dotnet muxer (it comes only
# in the runtime archives on the .NET download site, which this machine cannot
# reach; runtime.<rid>.Microsoft.NETCore.DotNetHost is not served), so these
# images have no /usr/share/dotnet/dotnet and no /usr/bin/dotnet. They are
# never run here, but the SDK's entrypoint for a framework-dependent app is
# "dotnet <app>.dll": a single-RID linux-arm64 publish of one with
# ContainerHardening fails CH1007 on them ("dotnet" not in PATH) unless it is
# self-contained or sets ContainerAppCommand to the apphost.
pack_dotnet_root() { # arch dir
  local arch="$1" dir="$2" rid fw version pack x dest
  rid="$(dotnet_rid "$arch")"
  while read -r fw version; do
    pack="$(nupkg_path "$fw.Runtime.$rid" "$version")"
    x="$dir/.pack/$fw"
    mkdir -p "$x"
    unzip -q "$pack" "runtimes/$rid/*" "$fw.versions.txt" -d "$x" ||
      die "unexpected content in $pack"
    dest="$dir/shared/$fw/$version"
    mkdir -p "$dest"
    install -m 0644 "$x/runtimes/$rid/lib/net$DOTNET_CHANNEL"/* "$dest/"
    if [[ -d "$x/runtimes/$rid/native" ]]; then
      install -m 0755 "$x/runtimes/$rid/native"/* "$dest/"
    fi
    install -m 0644 "$x/$fw.versions.txt" "$dest/.version"
  done < <(frameworks)
  pack="$(nupkg_path "Microsoft.NETCore.App.Runtime.$rid" "$NETCORE_VERSION")"
  unzip -p "$pack" LICENSE.TXT >"$dir/LICENSE.txt"
  unzip -p "$pack" THIRD-PARTY-NOTICES.TXT >"$dir/ThirdPartyNotices.txt"
  chmod 0644 "$dir/LICENSE.txt" "$dir/ThirdPartyNotices.txt"
  dest="$dir/shared/Microsoft.NETCore.App/$NETCORE_VERSION"
  [[ -f "$dest/libhostfxr.so" ]] || die "no libhostfxr.so in the $rid Microsoft.NETCore.App runtime pack"
  mkdir -p "$dir/host/fxr/$NETCORE_VERSION"
  mv "$dest/libhostfxr.so" "$dir/host/fxr/$NETCORE_VERSION/"
  rm -rf "$dir/.pack"
}

set_config() { # image:tag flavour(runtime-deps|runtime|aspnet) extra(0|1) arch
  local ref="$1" flavour="$2" extra="$3" arch="$4"
  local args=(
    --no-history
    --clear config.env
    --clear config.entrypoint
    --clear config.cmd
    --config.user app
    --architecture "$arch"
    --os linux
    --created "$CREATED"
    --config.env "APP_UID=1654"
    --config.env "ASPNETCORE_HTTP_PORTS=8080"
    --config.env "DOTNET_RUNNING_IN_CONTAINER=true"
    --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  )
  [[ "$extra" == 1 ]] || args+=(--config.env "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true")
  [[ "$flavour" == runtime-deps ]] || args+=(--config.env "DOTNET_VERSION=$NETCORE_VERSION")
  [[ "$flavour" != aspnet ]] || args+=(--config.env "ASPNET_VERSION=$ASPNET_VERSION")
  umoci config --image "$ref" "${args[@]}"
}

# Writes stdin as a blob into OCI layout $1; prints its digest and size.
oci_put_blob() {
  local tmp digest
  tmp="$(mktemp "$1/blobs/.tmp.XXXXXX")"
  cat >"$tmp"
  digest="$(sha256sum "$tmp" | cut -d' ' -f1)"
  chmod 0644 "$tmp"
  mv "$tmp" "$1/blobs/sha256/$digest"
  echo "sha256:$digest $(stat -c %s "$1/blobs/sha256/$digest")"
}

# jq: the entries of an OCI layout's index.json that carry the tag $ref.
JQ_TAGGED='def tagged: .manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $ref);'

# umoci (0.4.7) cannot set a platform variant: write it into the image config
# with jq, then the manifest naming the config, then the index.json entry
# naming the manifest.
oci_set_variant() { # layout ref variant
  local oci="$1" ref="$2" variant="$3" manifest config blob
  manifest="$(jq -r --arg ref "$ref" "$JQ_TAGGED"' tagged | .digest' "$oci/index.json")"
  [[ "$manifest" == sha256:* ]] || die "no $ref in $oci"
  config="$(jq -r .config.digest "$oci/blobs/sha256/${manifest#sha256:}")"
  blob="$(jq -cj --arg v "$variant" '.variant = $v' "$oci/blobs/sha256/${config#sha256:}" | oci_put_blob "$oci")"
  blob="$(jq -cj --arg d "${blob% *}" --argjson s "${blob#* }" '.config.digest = $d | .config.size = $s' \
    "$oci/blobs/sha256/${manifest#sha256:}" | oci_put_blob "$oci")"
  jq -c --arg ref "$ref" --arg d "${blob% *}" --argjson s "${blob#* }" \
    "$JQ_TAGGED"' (tagged) |= (.digest = $d | .size = $s)' \
    "$oci/index.json" >"$oci/index.json.new"
  mv "$oci/index.json.new" "$oci/index.json"
}

# Builds runtime-deps, runtime, aspnet of architecture $3 as stacked layers into
# OCI layout $1, tags <repo>$suffix. $2 = suffix ("" or "-extra"), $4 = dotnet
# root to take the runtime from, rest = packages.
build_chain() {
  local oci="$1" suffix="$2" arch="$3" droot="$4"; shift 4
  local extra=0
  [[ -z "$suffix" ]] || extra=1
  local bundle="${oci%/*}/bundle$suffix"
  # Every layer gets one fixed-timestamp history entry (tools expect one per
  # layer); config changes get none, so rebuilds produce identical configs.
  local HIST=(--history.created "$CREATED" --history.author "ContainerHardening build/test-env.sh")
  local base="base$suffix"

  umoci new --image "$oci:$base"
  umoci config --image "$oci:$base" --no-history --created "$CREATED" \
    --architecture "$arch" --os linux
  umoci unpack --image "$oci:$base" "$bundle" >/dev/null
  local rootfs="$bundle/rootfs"
  # umoci creates an empty rootfs; populate it
  make_rootfs "$rootfs" "$arch" "$@"
  # umoci unpack makes rootfs 0700; the image root must be 0755
  chmod 0755 "$rootfs"
  touch -h -d "@$EPOCH" "$rootfs"

  log "packing $arch runtime-deps$suffix"
  umoci repack --refresh-bundle "${HIST[@]}" --history.created_by "test-env: runtime-deps$suffix rootfs from Debian packages: $*" \
    --image "$oci:runtime-deps$suffix" "$bundle"

  log "packing $arch runtime$suffix (.NET $NETCORE_VERSION)"
  local f added=(usr/share/dotnet)
  for f in dotnet LICENSE.txt ThirdPartyNotices.txt; do
    if [[ -e "$droot/$f" ]]; then copy_dotnet_path "$droot" "$rootfs" "$f"; fi
  done
  copy_dotnet_path "$droot" "$rootfs" host/fxr
  copy_dotnet_path "$droot" "$rootfs" "shared/Microsoft.NETCore.App/$NETCORE_VERSION"
  if [[ -e "$droot/dotnet" ]]; then
    ln -sfn /usr/share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
    added+=(usr/bin/dotnet)
  fi
  normalise_added "$rootfs" "${added[@]}"
  umoci repack --refresh-bundle "${HIST[@]}" --history.created_by "test-env: .NET runtime $NETCORE_VERSION" \
    --image "$oci:runtime$suffix" "$bundle"

  log "packing $arch aspnet$suffix (ASP.NET Core $ASPNET_VERSION)"
  copy_dotnet_path "$droot" "$rootfs" "shared/Microsoft.AspNetCore.App/$ASPNET_VERSION"
  normalise_added "$rootfs" usr/share/dotnet/shared
  touch -h -d "@$EPOCH" "$rootfs/usr/share/dotnet"
  umoci repack "${HIST[@]}" --history.created_by "test-env: ASP.NET Core runtime $ASPNET_VERSION" \
    --image "$oci:aspnet$suffix" "$bundle"

  local r variant
  variant="$(oci_variant "$arch")"
  for r in "${REPOS[@]}"; do
    set_config "$oci:$r$suffix" "$r" "$extra" "$arch"
    if [[ -n "$variant" ]]; then oci_set_variant "$oci" "$r$suffix" "$variant"; fi
  done
  umoci rm --image "$oci:$base"
}

# Builds all images of one architecture into the OCI layout $WORK/<arch>/oci.
build_arch() { # arch
  local arch="$1" dir="$WORK/$1" droot="$DOTNET_ROOT_DIR"
  mkdir -p "$dir"
  if [[ "$arch" != "$(oci_arch)" ]]; then
    droot="$dir/dotnet"
    pack_dotnet_root "$arch" "$droot"
  fi
  umoci init --layout "$dir/oci"
  log "building $arch $TAG images"
  build_chain "$dir/oci" "" "$arch" "$droot" "${BASE_PKGS[@]}"
  log "building $arch $TAG-extra images"
  build_chain "$dir/oci" "-extra" "$arch" "$droot" "${BASE_PKGS[@]}" "${EXTRA_PKGS[@]}"
}

# Joins the per-architecture layouts into OCI layout $1 (blobs hard-linked),
# whose index.json names, per tag, an image index over the architectures'
# manifests for it (umoci writes no image indexes).
write_indexes() { # layout
  local oci="$1" arch r s m manifests blob refs=()
  mkdir -p "$oci/blobs/sha256"
  for arch in "${ARCHES[@]}"; do
    cp -n "$WORK/$arch/oci/oci-layout" "$oci/"
    cp -l -n "$WORK/$arch/oci/blobs/sha256/"* "$oci/blobs/sha256/"
  done
  for r in "${REPOS[@]}"; do
    for s in "" "-extra"; do
      manifests=()
      for arch in "${ARCHES[@]}"; do
        m="$(jq -c --arg ref "$r$s" --arg arch "$arch" --arg variant "$(oci_variant "$arch")" \
          "$JQ_TAGGED"' tagged |
           {mediaType, digest, size, platform: ({architecture: $arch, os: "linux"} + if $variant == "" then {} else {variant: $variant} end)}' \
          "$WORK/$arch/oci/index.json")"
        [[ -n "$m" ]] || die "no $arch $r$s image was built"
        manifests+=("$m")
      done
      blob="$(printf '%s\n' "${manifests[@]}" |
        jq -cjs '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: .}' | oci_put_blob "$oci")"
      refs+=("$(jq -cn --arg d "${blob% *}" --argjson s "${blob#* }" --arg ref "$r$s" \
        '{mediaType: "application/vnd.oci.image.index.v1+json", digest: $d, size: $s,
          annotations: {"org.opencontainers.image.ref.name": $ref}}')")
    done
  done
  printf '%s\n' "${refs[@]}" | jq -cs '{schemaVersion: 2, manifests: .}' >"$oci/index.json"
}

build_images() {
  command -v dotnet >/dev/null 2>&1 || die "dotnet not found on PATH (needed for the runtime layers)"
  DOTNET_ROOT_DIR="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  NETCORE_VERSION="$(runtime_version Microsoft.NETCore.App)"
  ASPNET_VERSION="$(runtime_version Microsoft.AspNetCore.App)"
  [[ -n "$NETCORE_VERSION" ]] || die "no Microsoft.NETCore.App $DOTNET_CHANNEL.x runtime in $DOTNET_ROOT_DIR"
  [[ -n "$ASPNET_VERSION" ]] || die "no Microsoft.AspNetCore.App $DOTNET_CHANNEL.x runtime in $DOTNET_ROOT_DIR"
  [[ -d "$DOTNET_ROOT_DIR/shared/Microsoft.NETCore.App/$NETCORE_VERSION" ]] ||
    die "runtime dir not found under $DOTNET_ROOT_DIR"

  local arch
  for arch in "${ARCHES[@]}"; do
    fetch_debs "$arch" "${BASE_PKGS[@]}" "${EXTRA_PKGS[@]}"
    [[ "$arch" == "$(oci_arch)" ]] || fetch_runtime_packs "$arch"
  done

  WORK="$STATE_DIR/build"
  rm -rf "$WORK"
  mkdir -p "$WORK"
  # One architecture a job: umoci's gzip is single-threaded, so the two chains
  # take about the time of one on two cores.
  local pids=() failed=() i
  for arch in "${ARCHES[@]}"; do
    build_arch "$arch" &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed+=("${ARCHES[$i]}")
  done
  ((${#failed[@]} == 0)) || die "building the ${failed[*]} images failed"
  local oci="$WORK/oci"
  write_indexes "$oci"

  local r s
  for r in "${REPOS[@]}"; do
    for s in "" "-extra"; do
      log "pushing $REGISTRY_HOST/dotnet/$r:$TAG$s (${ARCHES[*]})"
      skopeo copy -q --all --preserve-digests --dest-tls-verify=false \
        "oci:$oci:$r$s" "docker://$REGISTRY_HOST/dotnet/$r:$TAG$s" >/dev/null
    done
  done
  rm -rf "$WORK"
}

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------
cmd_up() {
  local rebuild=0 a
  for a in "$@"; do
    case "$a" in
      --rebuild) rebuild=1 ;;
      *) die "unknown option for up: $a" ;;
    esac
  done
  ensure_tools
  # Trivy reads our SBOMs back in the end-to-end tests (SbomConsumersTests); it comes from npm, not apt.
  bash "$(dirname "${BASH_SOURCE[0]}")/tools.sh" trivy
  configure_podman
  mkdir -p "$STATE_DIR"
  start_registry

  # A tag that is missing, or not yet the multi-platform index (built by an
  # older version of this script), means a rebuild of all of them.
  local stale=0 t
  while read -r t; do
    [[ "$(tag_state "$t")" == index ]] || stale=1
  done < <(all_tags)
  if ((stale == 0 && rebuild == 0)); then
    log "all base images present on $REGISTRY_HOST (use --rebuild to rebuild)"
  else
    build_images
  fi
  log "ready: $REGISTRY_HOST/dotnet/{runtime-deps,runtime,aspnet}:$TAG[-extra]"
}

cmd_down() {
  local purge=0 a
  for a in "$@"; do
    case "$a" in
      --purge) purge=1 ;;
      *) die "unknown option for down: $a" ;;
    esac
  done
  stop_registry
  if ((purge)); then
    case "$STATE_DIR" in
      "" | "/" | "/tmp" | "/root" | "$HOME") die "refusing to purge state dir '$STATE_DIR'" ;;
    esac
    log "removing $STATE_DIR"
    rm -rf "$STATE_DIR"
  fi
}

cmd_status() {
  local pid=""
  pid="$(registry_pid || true)"
  if registry_answers; then
    log "registry answering on $REGISTRY_ADDR${pid:+ (pid $pid)}"
  else
    log "registry NOT answering on $REGISTRY_ADDR${pid:+ (pid $pid alive)}"
    return 1
  fi
  local t
  while read -r t; do
    case "$(tag_state "$t")" in
      index) log "  present: $REGISTRY_HOST/$t (${ARCHES[*]})" ;;
      other) log "  outdated: $REGISTRY_HOST/$t (not an image index over ${ARCHES[*]}; 'up' rebuilds it)" ;;
      *) log "  missing: $REGISTRY_HOST/$t" ;;
    esac
  done < <(all_tags)
}

usage() {
  echo "usage: $0 up [--rebuild] | down [--purge] | status" >&2
  exit 2
}

main() {
  (($# >= 1)) || usage
  local cmd="$1"; shift
  case "$cmd" in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    -h | --help | help) usage ;;
    *) usage ;;
  esac
}

main "$@"
