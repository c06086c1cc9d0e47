#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite: `start DIR PORT` initialises and starts one in DIR
# (listening on 127.0.0.1:PORT only, trust authentication) and prints its URL; `stop DIR` stops it and
# removes DIR. Uses Debian's postgresql package. initdb refuses to run as root, so as root the
# cluster belongs to the `postgres` system user that the package creates.
set -euo pipefail

usage() { echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2; }

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n "$dir" ]] || { echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2; exit 1; }
  echo "$dir"
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    [[ $# -eq 3 ]] || usage
    dir=$2 port=$3 bin=$(bindir)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    as_owner "$bin/initdb" --pgdata="$dir/data" --username=postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    # Throwaway data: durability settings off make tests fast; the socket stays inside DIR.
    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait \
      --options="-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [[ $# -eq 2 ]] || usage
    dir=$2
    if [[ -d "$dir/data" ]]; then as_owner "$(bindir)/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop >/dev/null || true; fi
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
