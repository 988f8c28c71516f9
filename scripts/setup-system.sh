#!/usr/bin/env bash
# Installs the system packages the test suite and benchmarks use, only where missing (idempotent).
# Debian/Ubuntu with apt; run as root (CI) or with sudo.
set -euo pipefail

# package → a file it provides (checked instead of asking dpkg, so hand-installed tools count too)
declare -A needs=(
  [docker.io]=/usr/sbin/dockerd
  [docker-registry]=/usr/bin/docker-registry
  [docker-compose]=/usr/bin/docker-compose
  [skopeo]=/usr/bin/skopeo
  [chromium]=/usr/bin/chromium
  [apache2-utils]=/usr/bin/htpasswd
  [openssl]=/usr/bin/openssl
  [busybox-static]=/bin/busybox
  [iproute2]=/usr/sbin/ip
  [curl]=/usr/bin/curl
  [coreutils]=/usr/bin/sha256sum
  [tar]=/usr/bin/tar
  [hyperfine]=/usr/bin/hyperfine
  # a CJK font, so the Simplified Chinese UI renders (and its screenshots are readable)
  [fonts-wqy-microhei]=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
)

missing=()
for pkg in "${!needs[@]}"; do
  [ -e "${needs[$pkg]}" ] || missing+=("$pkg")
done
# The plugin-server fixture runs a static busybox inside a scratch image: a dynamic one will not do.
if [ -e /bin/busybox ] && ldd /bin/busybox >/dev/null 2>&1; then missing+=(busybox-static); fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all system packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
NEEDRESTART_SUSPEND=1 $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
echo "setup-system: done"
