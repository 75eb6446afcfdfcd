# Sourced by tests/run.sh: starts Debian's PostgreSQL 15 server (in the machine image, not on PATH) for the registry
# suites and stops it when the run ends, also on failure. initdb into a temporary folder, pg_ctl start on a free
# loopback port (and a socket in that folder), a password for TCP logins; MODELRELEASE_TEST_POSTGRES names the server
# in Npgsql's form. Without the server binaries the PostgreSQL tests fail and say why: they are never skipped.
#   start_postgres   sets MODELRELEASE_TEST_POSTGRES (or prints why it could not)
#   stop_postgres    stops the server and removes its folder (idempotent)

pg_bin=${MODELRELEASE_PG_BIN:-/usr/lib/postgresql/15/bin}
pg_dir=""

pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  if [ ! -x "$pg_bin/initdb" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
    echo "PostgreSQL server binaries not found in $pg_bin (Debian's postgresql-15 package): the PostgreSQL registry tests will fail"
    unset MODELRELEASE_TEST_POSTGRES
    return 1
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "running as root and there is no postgres user to run initdb as: the PostgreSQL registry tests will fail"
    unset MODELRELEASE_TEST_POSTGRES
    return 1
  fi
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/modelrelease-pg.XXXXXX")
  local password port p
  password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
  printf '%s\n' "$password" > "$pg_dir/pwfile"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$pg_dir"
  chmod 700 "$pg_dir"
  port=""
  for p in $(seq 55432 55531); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
  done
  if [ -z "$port" ]; then echo "no free loopback port for PostgreSQL"; unset MODELRELEASE_TEST_POSTGRES; return 1; fi
  if ! pg_as_owner "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --pwfile="$pg_dir/pwfile" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-sync >"$pg_dir/initdb.log" 2>&1; then
    echo "initdb failed:"; cat "$pg_dir/initdb.log"; unset MODELRELEASE_TEST_POSTGRES; return 1
  fi
  if ! pg_as_owner "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c fsync=off -c max_connections=200" start >/dev/null 2>&1; then
    echo "pg_ctl start failed:"; cat "$pg_dir/server.log"; unset MODELRELEASE_TEST_POSTGRES; return 1
  fi
  export MODELRELEASE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres"
  echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($pg_dir)"
}

stop_postgres() {
  if [ -n "$pg_dir" ] && [ -d "$pg_dir/data" ]; then
    pg_as_owner "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$pg_dir" ] && rm -rf "$pg_dir"
  pg_dir=""
}
