#!/usr/bin/env bash
# Builds the Dockerfile and starts the image, without a Docker engine (CI runs this; so can you, as root).
#
#   scripts/container-check.sh            # stand-in base, build, then the run checks against PostgreSQL and SQLite
#   CONTAINER_CHECK_DIR=/tmp/cc scripts/container-check.sh   # keep the stand-in root there (reused by a second call)
#   CONTAINER_CHECK_KEEP=1 …                # keep the images in buildah's storage afterwards (removed by default)
#
# 1. The official node:20-bookworm-slim cannot be pulled here, so a stand-in is tagged in buildah's local
#    storage under that name: `debootstrap --variant=minbase bookworm` from Debian's repositories, this
#    machine's node and npm (with node's headers, as the official image has) under /usr/local, a `node`
#    user uid/gid 1000 and the official entrypoint's behaviour. The root is cached in CONTAINER_CHECK_DIR,
#    i.e. within one run only (a fresh mktemp directory by default).
# 2. `buildah bud --isolation=chroot --pull=never --format docker` builds the Dockerfile as it is (docker
#    format keeps HEALTHCHECK).
# 3. scripts/container-run-check.ts runs the image's ENTRYPOINT + CMD as its USER with its ENV and WORKDIR
#    (`buildah run --isolation=chroot`) against a fake Telegram Bot API on 127.0.0.1: with DATABASE_URL at
#    the PostgreSQL of TEST_POSTGRES_URL (skipped with a notice when unset), then with the SQLite default.
# Needs: root, buildah, debootstrap, network access to deb.debian.org and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_TAG=docker.io/library/node:20-bookworm-slim
IMAGE=${CONTAINER_IMAGE:-localhost/studybot:ci}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DIR=${CONTAINER_CHECK_DIR:-}
OWN_DIR=""
if [[ -z $DIR ]]; then
  DIR=$(mktemp -d)
  OWN_DIR=1
fi
mkdir -p "$DIR"
# The images stay in buildah's storage only with CONTAINER_CHECK_KEEP=1; a directory this script made goes too.
cleanup() {
  if [[ ${CONTAINER_CHECK_KEEP:-} != 1 ]]; then
    buildah rmi -f "$IMAGE" "$BASE_TAG" >/dev/null 2>&1 || true
    # The build stage's image, left untagged by the build (only those this run made).
    for id in $(buildah images -q --filter dangling=true 2>/dev/null); do
      grep -qx "$id" <<<"$DANGLING_BEFORE" || buildah rmi "$id" >/dev/null 2>&1 || true
    done
  fi
  if [[ -n $OWN_DIR ]]; then rm -rf "$DIR"; fi
}
DANGLING_BEFORE=$(buildah images -q --filter dangling=true 2>/dev/null || true)
trap cleanup EXIT
started=$SECONDS
step() { echo "container-check [$((SECONDS - started)) s] $*"; }

if [[ $(id -u) -ne 0 ]]; then
  echo "container-check: run as root (debootstrap and buildah's chroot isolation need it)" >&2
  exit 1
fi
for tool in buildah debootstrap; do
  command -v "$tool" >/dev/null || { echo "container-check: $tool is not installed (apt-get install $tool)" >&2; exit 1; }
done

# --- 1. the stand-in for node:20-bookworm-slim
ROOT=$DIR/root
if [[ ! -f $DIR/root.done ]]; then
  step "debootstrap --variant=minbase bookworm"
  rm -rf "$ROOT"
  debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >"$DIR/debootstrap.log" 2>&1 || { tail -n 30 "$DIR/debootstrap.log" >&2; exit 1; }
  NODE=$(command -v node)
  NODE_REAL=$(readlink -f "$NODE")
  NODE_PREFIX=$(cd "$(dirname "$NODE_REAL")/.." && pwd)
  NPM_DIR=$(npm root -g)/npm
  # Where the official image has them: /usr/local/bin/node, /usr/local/lib/node_modules/npm, /usr/local/include/node.
  install -D -m 0755 "$NODE_REAL" "$ROOT/usr/local/bin/node"
  mkdir -p "$ROOT/usr/local/lib/node_modules" "$ROOT/usr/local/include"
  cp -a "$NPM_DIR" "$ROOT/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ROOT/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$ROOT/usr/local/bin/npx"
  if [[ -d $NODE_PREFIX/include/node ]]; then
    cp -a "$NODE_PREFIX/include/node" "$ROOT/usr/local/include/node"
  else
    echo "container-check: no node headers at $NODE_PREFIX/include/node (better-sqlite3 cannot compile offline)" >&2
    exit 1
  fi
  # The official entrypoint: a first argument that is a flag or not a command runs node.
  cat >"$ROOT/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
EOF
  chmod 0755 "$ROOT/usr/local/bin/docker-entrypoint.sh"
  chroot "$ROOT" groupadd --gid 1000 node
  chroot "$ROOT" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  # What makes Docker's debian:bookworm-slim slim (debuerreotype's minimizing config and slimify): dpkg
  # installs no docs, man pages or translations, apt keeps no caches after an install, no package lists.
  printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' 'path-exclude /usr/share/groff/*' \
    'path-exclude /usr/share/info/*' 'path-exclude /usr/share/linda/*' 'path-exclude /usr/share/lintian/overrides/*' \
    'path-exclude /usr/share/locale/*' 'path-exclude /usr/share/man/*' >"$ROOT/etc/dpkg/dpkg.cfg.d/docker"
  clean='"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true";'
  printf '%s\n' "DPkg::Post-Invoke { $clean };" "APT::Update::Post-Invoke { $clean };" 'Dir::Cache::pkgcache "";' 'Dir::Cache::srcpkgcache "";' \
    >"$ROOT/etc/apt/apt.conf.d/docker-clean"
  echo 'Acquire::Languages "none";' >"$ROOT/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$ROOT/etc/apt/apt.conf.d/docker-autoremove-suggests"
  # Only ever inside the stand-in root (never an empty or / ROOT).
  [[ $ROOT == "$DIR/root" && -d $ROOT/etc ]] || { echo "container-check: bad root $ROOT" >&2; exit 1; }
  find "$ROOT/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
  for sub in groff info linda locale man lintian/overrides; do
    if [[ -d $ROOT/usr/share/$sub ]]; then find "$ROOT/usr/share/$sub" -mindepth 1 -delete; fi
  done
  chroot "$ROOT" apt-get clean
  rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/*.bin "$ROOT"/var/log/*.log "$ROOT"/var/cache/debconf/*-old
  touch "$DIR/root.done"
  step "stand-in root ready ($(du -sh "$ROOT" | cut -f1))"
else
  step "stand-in root reused from $DIR"
fi

if ! buildah inspect --type image "$BASE_TAG" >/dev/null 2>&1 || [[ ! -f $DIR/base.done ]]; then
  buildah rmi -f "$BASE_TAG" >/dev/null 2>&1 || true
  ctr=$(buildah from scratch)
  mnt=$(buildah mount "$ctr")
  tar -C "$ROOT" --exclude=./proc/* --exclude=./sys/* -cf - . | tar -C "$mnt" -xpf -
  # This machine's network may intercept TLS (CI's egress proxy): npm in the build trusts the machine's CA
  # bundle, as npm on the machine does. The official image reaches the registry without this.
  if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
    install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$mnt/etc/ssl/certs/ca-certificates.crt"
    mkdir -p "$mnt/usr/local/etc"
    echo "cafile=/etc/ssl/certs/ca-certificates.crt" >"$mnt/usr/local/etc/npmrc"
  fi
  buildah umount "$ctr" >/dev/null
  buildah config \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env NODE_VERSION="$(node --version | cut -c2-)" \
    --entrypoint '["docker-entrypoint.sh"]' --cmd node \
    --os linux --arch amd64 "$ctr"
  buildah commit --quiet --rm --format docker "$ctr" "$BASE_TAG" >/dev/null
  touch "$DIR/base.done"
  step "tagged $BASE_TAG"
fi

# --- 2. the Dockerfile, unchanged, with nothing pulled
step "buildah bud"
buildah bud --isolation=chroot --pull=never --format docker --layers -t "$IMAGE" -f Dockerfile . >"$DIR/build.log" 2>&1 || { tail -n 60 "$DIR/build.log" >&2; exit 1; }
size=$(buildah inspect --type image --format '{{.Docker.Size}}' "$IMAGE" 2>/dev/null || echo "")
step "built $IMAGE"
buildah images --format '{{.Name}}:{{.Tag}} {{.Size}}' | grep -E "studybot|node" || true

# --- 3. start it and check it
step "run checks"
npx --no-install tsx scripts/container-run-check.ts "$IMAGE"
step "done"
