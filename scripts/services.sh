#!/usr/bin/env bash
# Starts (or stops) Redis and PostgreSQL on 127.0.0.1, on free ports, for the scale-out commands and
# their tests: `scripts/services.sh start DIR` prints RPA_QUEUE=redis://… and RPA_STORE=postgres://….
#
#   bash scripts/services.sh start .services     # servers' data and logs under .services/
#   bash scripts/services.sh stop .services
#   bash scripts/services.sh restart-redis .services   # Redis down and up again on its port (its queue kept)
#   bash scripts/services.sh stop-postgres .services    # PostgreSQL down (restart-postgres brings it back)
#
# Redis comes from Debian's redis-server, PostgreSQL from Debian's postgresql (15). PostgreSQL refuses
# to run as root, so as root its cluster is created and run as the `postgres` system user. Each server
# binds to 127.0.0.1 only; `stop` ends both and keeps DIR (delete it to forget the data).
set -euo pipefail

usage() { echo "usage: $0 start|stop|restart-redis|stop-postgres|restart-postgres DIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
cmd=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)

pg_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -n $found ]] || { echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 1; }
  echo "$found"
}

# Runs a PostgreSQL tool as a user it accepts.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# Redis on PORT, its data (an append-only file, so the queue survives a restart) under DIR/redis.
start_redis() {
  mkdir -p "$dir/redis"
  redis-server --bind 127.0.0.1 --port "$1" --dir "$dir/redis" --daemonize yes \
    --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/redis.log" --save "" --appendonly yes
  for _ in $(seq 50); do redis-cli -p "$1" ping >/dev/null 2>&1 && break; sleep 0.1; done
}

stop_redis() {
  if [[ -f $dir/redis/redis.pid ]]; then
    local pid
    pid=$(cat "$dir/redis/redis.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$dir/redis/redis.pid"
  fi
}

restart_redis() {
  local port
  port=$(sed -n 's#^RPA_QUEUE=redis://127.0.0.1:##p' "$dir/services.env")
  stop_redis
  start_redis "$port"
}

start() {
  command -v redis-server >/dev/null || { echo "Redis is not installed: apt-get install -y redis-server" >&2; exit 1; }
  local bin redis_port pg_port
  bin=$(pg_bin)
  redis_port=$(free_port)
  pg_port=$(free_port)

  start_redis "$redis_port"

  mkdir -p "$dir/pg"
  if [[ $(id -u) -eq 0 ]]; then
    chmod a+x "$dir" # the postgres user reaches its own folder inside DIR (a mktemp folder is 0700)
    chown postgres "$dir/pg"
  fi
  if [[ ! -f $dir/pg/data/PG_VERSION ]]; then
    as_pg "$bin/initdb" -D "$dir/pg/data" -U rpa --auth=trust -E UTF8 >"$dir/pg/initdb.log"
  fi
  as_pg "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/postgres.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $dir/pg -c fsync=on" start >/dev/null
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U rpa rpa_sessions 2>/dev/null || true

  {
    echo "RPA_QUEUE=redis://127.0.0.1:$redis_port"
    echo "RPA_STORE=postgres://rpa@127.0.0.1:$pg_port/rpa_sessions"
  } | tee "$dir/services.env"
}

stop_postgres() {
  if [[ -f $dir/pg/data/postmaster.pid ]]; then as_pg "$(pg_bin)/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null || true; fi
}

# Starts PostgreSQL again with the options it last ran with (pg_ctl keeps them in postmaster.opts).
restart_postgres() {
  as_pg "$(pg_bin)/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/postgres.log" -m fast -w restart >/dev/null
}

stop() {
  stop_redis
  stop_postgres
}

case $cmd in
  start) start ;;
  stop) stop ;;
  restart-redis) restart_redis ;;
  stop-postgres) stop_postgres ;;
  restart-postgres) restart_postgres ;;
  *) usage ;;
esac
