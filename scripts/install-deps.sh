#!/usr/bin/env bash
# Installs what rsemu needs on a fresh Debian 12 machine (as root), only what is
# missing: the build toolchain and libraries, and with --test the real AWS
# clients the end-to-end suites drive (Debian's AWS CLI v2, Node.js and npm;
# boto3 and AWS CLI v1 come from the machine's python3, else Debian's packages).
set -euo pipefail

want_test_clients=0
[ "${1:-}" = "--test" ] && want_test_clients=1

packages=(build-essential cmake libboost1.81-dev libboost-url1.81-dev rapidjson-dev libsqlite3-dev
          doctest-dev libssl-dev libmimalloc-dev)
if [ "$want_test_clients" = 1 ]; then
  packages+=(awscli nodejs npm curl clang-16 libclang-rt-16-dev libexpat1-dev)
  if ! python3 -c 'import boto3' >/dev/null 2>&1; then packages+=(python3-boto3); fi
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
# Node and npm may come from outside Debian's packages; accept them when present.
if [ "$want_test_clients" = 1 ] && command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for package in "${missing[@]}"; do
    case "$package" in nodejs|npm) ;; *) filtered+=("$package") ;; esac
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
