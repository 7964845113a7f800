#!/usr/bin/env bash
# Installs what konform needs to build and test on Debian 12 (run as root or with sudo).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  g++ cmake ninja-build pkg-config \
  antlr4 libantlr4-runtime-dev default-jre-headless \
  libpugixml-dev libboost-program-options-dev libre2-dev libssl-dev nlohmann-json3-dev \
  libgtest-dev libgmock-dev \
  libxml2-utils python3 \
  python3-jsonschema chromium git pre-commit >/dev/null
