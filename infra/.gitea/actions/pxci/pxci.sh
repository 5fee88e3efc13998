#!/usr/bin/env bash
# One pxci command of the replicated pipeline: `build`, `verify`, or `apply STAGE`.
# pxci is the one configure installed (`pxci` on the PATH, from config.pxci.file), else the one
# built for this commit under ~/.cache/pxci/dist/COMMIT, built at most once (by the build job).
# Secrets arrive in the environment; the CI key, the known hosts and the secrets file are written
# to a directory only this user can read, named to pxci by path, and removed at the end.
set -euo pipefail
command=$1
stage=${2:-}

pxci_command() {
  if command -v pxci >/dev/null 2>&1; then
    echo "pxci: using $(command -v pxci), installed by configure" >&2
    pxci=(pxci)
    return
  fi
  local dist="$HOME/.cache/pxci/dist/${PXCI_COMMIT:?PXCI_COMMIT is not set}"
  if [ ! -f "$dist/pxci.jar" ]; then
    echo "pxci: building pxci for $PXCI_COMMIT (once; later jobs use $dist)" >&2
    mvn -B -q -DskipTests -Dmaven.test.skip=true package -pl app-cli -am
    mkdir -p "$dist.part"
    cp -r app-cli/target/pxci.jar app-cli/target/lib "$dist.part/"
    mv "$dist.part" "$dist"
  fi
  pxci=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$dist/pxci.jar")
}

pxci_command
if [ "$command" = build ]; then
  "${pxci[@]}" --version
  exit 0
fi
: "${PXCI_CONFIG:?PXCI_CONFIG is not set: the run that replicated this project had its deployment outside the project}"

private=$(mktemp -d)
trap 'rm -rf "$private"' EXIT
umask 077
args=("$command" --config "$PXCI_CONFIG" --platform "${PXCI_PLATFORM:-proxmox}"
  --configurator "${PXCI_CONFIGURATOR:-cinc}" --transport "${PXCI_TRANSPORT:-ssh}" --output text)
if [ -n "$stage" ]; then
  args+=(--stage "$stage")
fi
if [ -n "${CI_SECRETS_JSON:-}" ]; then
  printf '%s' "$CI_SECRETS_JSON" >"$private/secrets.json"
  args+=(--secrets "$private/secrets.json")
fi
if [ -n "${CI_PRIVATE_KEY:-}" ]; then
  printf '%s\n' "$CI_PRIVATE_KEY" >"$private/ci_key"
  export PXCI_SSH_PRIVATE_KEY="$private/ci_key" PXCI_ANSIBLE_SSH_PRIVATE_KEY="$private/ci_key"
fi
if [ -n "${CI_KNOWN_HOSTS:-}" ]; then
  printf '%s\n' "$CI_KNOWN_HOSTS" >"$private/known_hosts"
  export PXCI_SSH_KNOWN_HOSTS="$private/known_hosts" PXCI_ANSIBLE_KNOWN_HOSTS="$private/known_hosts"
fi
unset CI_SECRETS_JSON CI_PRIVATE_KEY CI_KNOWN_HOSTS
"${pxci[@]}" "${args[@]}"
