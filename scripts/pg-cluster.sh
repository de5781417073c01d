#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and benchmarks (Debian's PostgreSQL 15).
#   scripts/pg-cluster.sh start DIR   creates a cluster in DIR (a new, empty or absent folder), starts it
#                                     on 127.0.0.1 on a free port, prints its URL (postgres://accord@127.0.0.1:PORT/accord)
#   scripts/pg-cluster.sh stop DIR    stops it (fast) and removes DIR
# initdb and postgres refuse to run as root: as root, the cluster belongs to and runs as the
# postgres user. Exit status 3 (and one line on standard error) when PostgreSQL is not installed.
set -euo pipefail
cmd="${1:-}"; dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
bin=""
for v in 17 16 15 14 13; do
  [ -x "/usr/lib/postgresql/$v/bin/initdb" ] && { bin="/usr/lib/postgresql/$v/bin"; break; }
done
[ -z "$bin" ] && command -v initdb >/dev/null 2>&1 && bin="$(dirname "$(command -v initdb)")"
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}
case "$cmd" in
  start)
    [ -n "$bin" ] || { echo "pg-cluster: PostgreSQL is not installed (no initdb)" >&2; exit 3; }
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir" && chmod 700 "$dir"
    # A free port: asked of the kernel, then let go (a race with another program is unlikely, and
    # pg_ctl fails loudly if it loses it).
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    as_owner "'$bin/initdb' -D '$dir/data' -U accord --auth=trust -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
    as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 \
      -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on -c shared_buffers=128MB\" start >/dev/null"
    as_owner "'$bin/createdb' -h 127.0.0.1 -p $port -U accord accord"
    echo "postgres://accord@127.0.0.1:$port/accord?sslmode=disable"
    ;;
  stop)
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null 2>&1" || true
    fi
    case "$dir" in /tmp/*|"${TMPDIR:-/tmp}"/*) rm -rf -- "$dir" ;; *) echo "pg-cluster: left $dir in place (not under /tmp)" >&2 ;; esac
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
