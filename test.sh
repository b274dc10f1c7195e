#!/usr/bin/env bash
# Runs the whole Augur test suite on a fresh machine: installs what the tests need when it is missing,
# builds warning-free, and runs every test project.
set -euo pipefail
cd "$(dirname "$0")"

export OMP_WAIT_POLICY=PASSIVE
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# System packages the tests use: fonts for plots (ScottPlot draws no text without them), and Debian's
# Chromium for the HTML report test (Playwright drives it; it never downloads a browser).
packages=(fonts-dejavu-core chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing packages ${missing[*]} (run as root to install them)" >&2
  fi
fi

dotnet build Augur.slnx -c Release -warnaserror -nologo -clp:ErrorsOnly
dotnet test Augur.slnx -c Release --no-build --nologo "$@"
