#!/usr/bin/env bash
# Local CKAN 2.12 portal on loopback: private PostgreSQL cluster, Redis,
# CKAN (own virtualenv) under gunicorn.  No Solr: the opendata_nosolr plugin
# (ckanext-opendata_nosolr/ beside this file) answers searches from PostgreSQL.
# ckanext-dcat (DCAT-AP 3, Croissant) with the profiles of ckanext-opendata_mx/.
#
# Usage: portal.sh up|down|status|env
#   up      install what is missing (first run), start everything, wait for
#           health; writes <state>/env (CKAN_URL, CKAN_API_TOKEN_FILE)
#   down    stop what this script started (by pidfile / data dir)
#   status  show what runs (exit 0 when all is up, 3 otherwise)
#   env     print the path of the env file
#
# Environment:
#   OPENDATA_PORTAL_HOME        state dir (default
#                               ${XDG_DATA_HOME:-$HOME/.local/share}/opendata/portal)
#   OPENDATA_PORTAL_PORT        CKAN port (5055)
#   OPENDATA_PORTAL_PG_PORT     PostgreSQL port (54329)
#   OPENDATA_PORTAL_REDIS_PORT  Redis port (63799)
#   OPENDATA_PORTAL_START_TIMEOUT  seconds to wait for CKAN health (180)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PATH="$PATH:/usr/sbin:/sbin"  # runuser
HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
CKAN_VERSION=2.12.0
GUNICORN_VERSION=27.0.1
CKANEXT_DCAT_VERSION=2.4.4
# dcat: /dataset/<name>.ttl|.rdf|.jsonld and /catalog.ttl (DCAT-AP 3); dcat_json_interface:
# /catalog.json; structured_data: schema.org JSON-LD in each dataset page; croissant:
# /dataset/<name>/croissant.jsonld.
CKAN_PLUGINS="opendata_nosolr activity datastore datatables_view image_view dcat dcat_json_interface structured_data croissant"
ADMIN_USER=opendata_admin
TOKEN_NAME=opendata-tests

STATE="${OPENDATA_PORTAL_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/opendata/portal}"
case "$STATE" in /*) ;; *) STATE="$PWD/$STATE" ;; esac
PORT="${OPENDATA_PORTAL_PORT:-5055}"
PG_PORT="${OPENDATA_PORTAL_PG_PORT:-54329}"
REDIS_PORT="${OPENDATA_PORTAL_REDIS_PORT:-63799}"
START_TIMEOUT="${OPENDATA_PORTAL_START_TIMEOUT:-180}"

VENV="$STATE/venv"
PGDATA="$STATE/pgdata"
PGSOCK="$STATE/pgsocket"
LOGS="$STATE/logs"
INI="$STATE/ckan.ini"
SECRETS="$STATE/secrets.env"
TOKEN_FILE="$STATE/api-token"
ENV_FILE="$STATE/env"
REDIS_PID="$STATE/redis.pid"
GUNICORN_PID="$STATE/gunicorn.pid"
CKAN_URL="http://127.0.0.1:$PORT"

# CKAN lets these environment variables override ckan.ini; ours must win.
unset CKAN_INI CKAN_SQLALCHEMY_URL CKAN_DATASTORE_WRITE_URL CKAN_DATASTORE_READ_URL \
  CKAN_REDIS_URL CKAN_SOLR_URL CKAN_SOLR_USER CKAN_SOLR_PASSWORD CKAN_SITE_ID \
  CKAN_SITE_URL CKAN_STORAGE_PATH CKAN_DATAPUSHER_URL CKAN_SMTP_SERVER \
  CKAN_SMTP_STARTTLS CKAN_SMTP_USER CKAN_SMTP_PASSWORD CKAN_SMTP_MAIL_FROM \
  CKAN_MAX_UPLOAD_SIZE_MB

CKAN_CHANGED=0  # set when the plugin or ckan.ini changed during this run

log() { printf '[portal] %s\n' "$*" >&2; }
die() { printf '[portal] ERROR: %s\n' "$*" >&2; exit 1; }

show_log() {  # show_log FILE [LINES]
  if [[ -s "$1" ]]; then
    printf '[portal] --- last lines of %s ---\n' "$1" >&2
    tail -n "${2:-40}" "$1" >&2
    printf '[portal] ---\n' >&2
  fi
}

run_logged() {  # run_logged LOGFILE DESCRIPTION CMD... ; output goes to LOGFILE
  local logfile="$1" what="$2"
  shift 2
  printf '\n=== %s: %s\n' "$(date -Is)" "$what" >>"$logfile"
  if ! "$@" >>"$logfile" 2>&1; then
    log "failed: $what"
    show_log "$logfile"
    exit 1
  fi
}

for p in "$PORT" "$PG_PORT" "$REDIS_PORT"; do
  [[ "$p" =~ ^[0-9]+$ ]] || die "ports must be numbers (got '$p')"
done

# ---------------------------------------------------------------- helpers

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid_of PIDFILE TEXT: prints the pid (first line of PIDFILE) if that process
# runs and its command line, as " arg0 arg1 ... ", contains TEXT.
pid_of() {
  local pid cmd
  [[ -s "$1" ]] || return 1
  pid="$(head -n 1 "$1" | tr -dc '0-9')"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  cmd=" $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"
  [[ "$cmd" == *"$2"* ]] || return 1
  printf '%s\n' "$pid"
}

redis_pid() { pid_of "$REDIS_PID" " redis-server "; }
gunicorn_pid() { pid_of "$GUNICORN_PID" " $VENV/bin/gunicorn "; }
pg_pid() { pid_of "$PGDATA/postmaster.pid" " -D $PGDATA "; }
pg_running() { pg_pid >/dev/null; }

pg_bindir() {  # newest Debian PostgreSQL, or the one that made the cluster
  local want=""
  [[ -f "$PGDATA/PG_VERSION" ]] && want="$(cat "$PGDATA/PG_VERSION")"
  if [[ -n "$want" ]]; then
    [[ -x "/usr/lib/postgresql/$want/bin/postgres" ]] || return 1
    printf '%s\n' "/usr/lib/postgresql/$want/bin"
    return 0
  fi
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$d" && -x "$d/initdb" ]] || return 1
  printf '%s\n' "$d"
}

# Run a command as the PostgreSQL server user (initdb/postgres refuse root).
as_pg() {
  if [[ $EUID -ne 0 ]]; then
    (cd / && "$@")
  elif (cd / && runuser -u postgres -- test -x "$STATE") 2>/dev/null; then
    (cd / && runuser -u postgres -- "$@")
  else
    # The state dir sits below a directory postgres may not enter (e.g.
    # /root is 0700).  Rather than loosen its permissions, let only the
    # postgres processes traverse directories (CAP_DAC_READ_SEARCH).
    (cd / && setpriv --reuid=postgres --regid=postgres --init-groups \
      --inh-caps=+dac_read_search --ambient-caps=+dac_read_search -- "$@")
  fi
}

own_pg() { [[ $EUID -ne 0 ]] || chown postgres:postgres "$@"; }


load_secrets() {
  if [[ ! -s "$SECRETS" ]]; then
    pw() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | cut -c1-32; }
    (
      umask 077
      {
        echo "PG_SUPER_PASSWORD=$(pw)"
        echo "CKAN_DB_PASSWORD=$(pw)"
        echo "DATASTORE_RO_PASSWORD=$(pw)"
        echo "ADMIN_PASSWORD=$(pw)"
      } >"$SECRETS.tmp"
      mv "$SECRETS.tmp" "$SECRETS"
    )
  fi
  # shellcheck disable=SC1090
  source "$SECRETS"
}

psql_super() {  # psql as the cluster superuser over TCP
  PGPASSWORD="$PG_SUPER_PASSWORD" PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -q \
    -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"
}

http_status() {  # http_status URL [TOKEN_FILE] -> prints HTTP status (000 = no answer)
  "$VENV/bin/python" - "$@" <<'PY' 2>/dev/null || echo 000
import sys, urllib.request, urllib.error
req = urllib.request.Request(sys.argv[1])
if len(sys.argv) > 2:
    with open(sys.argv[2]) as f:
        req.add_header("Authorization", f.read().strip())
try:
    with urllib.request.urlopen(req, timeout=10) as r:
        print(r.status)
except urllib.error.HTTPError as e:
    print(e.code)
except Exception:
    print("000")
PY
}

# ---------------------------------------------------------------- install

ensure_debian_packages() {
  local need=() p
  pg_bindir >/dev/null || need+=(postgresql)
  command -v redis-server >/dev/null || need+=(redis-server)
  for p in libpq-dev gcc libc6-dev libmagic1; do
    [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" == "install ok installed" ]] || need+=("$p")
  done
  # pyenv/python.org builds ship their headers; Debian's python3 needs -dev/-venv.
  if ! python3 -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null; then
    need+=(python3-dev python3-venv)
  fi
  ((${#need[@]})) || return 0
  [[ $EUID -eq 0 ]] || die "missing Debian packages: ${need[*]} (install them as root, or run this script as root)"
  log "installing Debian packages: ${need[*]}"
  run_logged "$LOGS/apt.log" "apt-get update" apt-get update -q
  run_logged "$LOGS/apt.log" "apt-get install ${need[*]}" \
    env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
}

ensure_venv() {
  local marker="$VENV/.opendata-ckan-$CKAN_VERSION-gunicorn-$GUNICORN_VERSION"
  if [[ -f "$marker" ]] && ! "$VENV/bin/python" -c 'import ckan' 2>/dev/null; then
    log "CKAN virtualenv is broken (python moved?); rebuilding it"
    rm -rf "$VENV"
  fi
  if [[ ! -f "$marker" ]]; then
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
      die "CKAN $CKAN_VERSION needs Python >= 3.10; python3 on PATH is $(python3 -V 2>&1)"
    log "installing CKAN $CKAN_VERSION into $VENV (takes a minute or two)"
    [[ -x "$VENV/bin/python" ]] || run_logged "$LOGS/pip.log" "create venv" python3 -m venv "$VENV"
    run_logged "$LOGS/pip.log" "upgrade pip" "$VENV/bin/python" -m pip install -q --upgrade pip setuptools wheel
    run_logged "$LOGS/pip.log" "pip install ckan" \
      "$VENV/bin/python" -m pip install "ckan[requirements]==$CKAN_VERSION" "gunicorn==$GUNICORN_VERSION"
    touch "$marker"
    CKAN_CHANGED=1
  fi
  local dcat_marker="$VENV/.opendata-ckanext-dcat-$CKANEXT_DCAT_VERSION"
  if [[ ! -f "$dcat_marker" ]]; then
    log "installing ckanext-dcat $CKANEXT_DCAT_VERSION"
    run_logged "$LOGS/pip.log" "pip install ckanext-dcat" \
      "$VENV/bin/python" -m pip install "ckanext-dcat==$CKANEXT_DCAT_VERSION"
    rm -f "$VENV"/.opendata-ckanext-dcat-*
    touch "$dcat_marker"
    CKAN_CHANGED=1
  fi
  # (Re)install the local plugins when their source changed.  Built from a
  # copy so the checkout gets no build/ or egg-info litter.
  local plugin src sum
  for plugin in opendata_nosolr opendata_mx; do
    src="$HERE/ckanext-$plugin"
    sum="$(cd "$src" && find . -type f \( -name '*.py' -o -name '*.toml' \) -not -path '*/__pycache__/*' -print0 |
      sort -z | xargs -0 sha256sum | sha256sum | cut -c1-32)"
    if [[ "$(cat "$VENV/.opendata-$plugin" 2>/dev/null)" != "$sum" ]]; then
      log "installing the $plugin plugin"
      rm -rf "$STATE/build"
      mkdir -p "$STATE/build"
      cp -r "$src" "$STATE/build/"
      run_logged "$LOGS/pip.log" "pip install $plugin" \
        "$VENV/bin/python" -m pip install --no-deps --no-build-isolation --force-reinstall \
        "$STATE/build/ckanext-$plugin"
      rm -rf "$STATE/build"
      echo "$sum" >"$VENV/.opendata-$plugin"
      CKAN_CHANGED=1
    fi
  done
}

# ---------------------------------------------------------------- services

start_postgres() {
  PG_BIN="$(pg_bindir)" || die "no PostgreSQL server for the cluster in $PGDATA (PG_VERSION $(cat "$PGDATA/PG_VERSION" 2>/dev/null))"
  if [[ ! -f "$PGDATA/PG_VERSION" ]]; then
    log "creating PostgreSQL cluster in $PGDATA"
    rm -rf "$PGDATA"
    mkdir -p "$PGDATA"
    own_pg "$PGDATA"
    chmod 700 "$PGDATA"
    local pwfile
    pwfile="$(mktemp)"
    printf '%s\n' "$PG_SUPER_PASSWORD" >"$pwfile"
    own_pg "$pwfile"
    # C.UTF-8 keeps byte-order sorting but lets ILIKE fold non-ASCII case
    # (búsquedas en español).
    local initdb_locale=(--no-locale) l
    while read -r l; do
      [[ "$l" == C.utf8 || "$l" == C.UTF-8 ]] && initdb_locale=(--locale=C.UTF-8)
    done < <(locale -a 2>/dev/null)
    if ! as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" \
      --auth-local=peer --auth-host=scram-sha-256 -E UTF8 "${initdb_locale[@]}" \
      >>"$LOGS/initdb.log" 2>&1; then
      rm -f "$pwfile"
      rm -rf "$PGDATA"
      log "initdb failed"
      show_log "$LOGS/initdb.log"
      exit 1
    fi
    rm -f "$pwfile"
    echo "include_if_exists = 'opendata_portal.conf'" >>"$PGDATA/postgresql.conf"
  fi
  if pg_running; then
    return 0
  fi
  # Left by a crash or a killed machine; postgres refuses to start if its
  # pid now belongs to some other process.
  rm -f "$PGDATA/postmaster.pid"
  ! port_in_use "$PG_PORT" ||
    die "port $PG_PORT is already taken by a process this script did not start; free it or set OPENDATA_PORTAL_PG_PORT"
  mkdir -p "$PGSOCK"
  own_pg "$PGSOCK"
  chmod 755 "$PGSOCK"
  local sockdir="$PGSOCK"
  # Unix socket paths are limited to 107 bytes; we only use TCP anyway.
  ((${#PGSOCK} + 20 < 107)) || sockdir=""
  cat >"$PGDATA/opendata_portal.conf" <<EOF
# written by scripts/portal/portal.sh on each start
port = $PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockdir'
EOF
  own_pg "$PGDATA/opendata_portal.conf"
  touch "$LOGS/postgres.log"
  own_pg "$LOGS/postgres.log"
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  if ! as_pg "$PG_BIN/pg_ctl" start -D "$PGDATA" -w -t 60 -l "$LOGS/postgres.log" >/dev/null 2>&1 9>&-; then
    log "PostgreSQL did not start"
    show_log "$LOGS/postgres.log"
    exit 1
  fi
}

ensure_databases() {
  local sql=""
  # Passwords go through stdin, not the command line.
  [[ "$(psql_super -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'ckan_default'")" == 1 ]] ||
    sql+="CREATE ROLE ckan_default LOGIN PASSWORD '$CKAN_DB_PASSWORD';"$'\n'
  [[ "$(psql_super -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'datastore_ro'")" == 1 ]] ||
    sql+="CREATE ROLE datastore_ro LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$DATASTORE_RO_PASSWORD';"$'\n'
  if [[ -n "$sql" ]]; then
    printf '%s' "$sql" | psql_super -d postgres -f - >>"$LOGS/setup.log" 2>&1 ||
      { show_log "$LOGS/setup.log"; die "could not create database roles"; }
  fi
  local db
  for db in ckan_default datastore_default; do
    [[ "$(psql_super -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" == 1 ]] ||
      psql_super -d postgres -c "CREATE DATABASE $db OWNER ckan_default ENCODING 'UTF8' TEMPLATE template0" \
        >>"$LOGS/setup.log" 2>&1 || { show_log "$LOGS/setup.log"; die "could not create database $db"; }
  done
}

start_redis() {
  if redis_pid >/dev/null; then
    return 0
  fi
  ! port_in_use "$REDIS_PORT" ||
    die "port $REDIS_PORT is already taken by a process this script did not start; free it or set OPENDATA_PORTAL_REDIS_PORT"
  mkdir -p "$STATE/redis"
  rm -f "$REDIS_PID"
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  if ! redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 \
    --save '' --appendonly no --pidfile "$REDIS_PID" --dir "$STATE/redis" \
    --logfile "$LOGS/redis.log" >>"$LOGS/redis.log" 2>&1 9>&-; then
    show_log "$LOGS/redis.log"
    die "Redis did not start"
  fi
  local i
  for i in $(seq 1 50); do
    redis_pid >/dev/null && port_in_use "$REDIS_PORT" && return 0
    sleep 0.2
  done
  show_log "$LOGS/redis.log"
  die "Redis did not come up on port $REDIS_PORT"
}

# ---------------------------------------------------------------- CKAN

ckan_cli() { (cd "$STATE" && "$VENV/bin/ckan" -c "$INI" "$@"); }

ensure_ckan_config() {
  mkdir -p "$STATE/storage"
  cmp -s "$HERE/licenses.json" "$STATE/licenses.json" || cp "$HERE/licenses.json" "$STATE/licenses.json"
  if [[ ! -f "$INI" ]]; then
    log "generating $INI"
    run_logged "$LOGS/ckan-cli.log" "ckan generate config" "$VENV/bin/ckan" generate config "$INI"
  fi
  chmod 600 "$INI"  # holds database passwords and the secret key
  local settings=(
    "sqlalchemy.url=postgresql://ckan_default:$CKAN_DB_PASSWORD@127.0.0.1:$PG_PORT/ckan_default"
    "ckan.datastore.write_url=postgresql://ckan_default:$CKAN_DB_PASSWORD@127.0.0.1:$PG_PORT/datastore_default"
    "ckan.datastore.read_url=postgresql://datastore_ro:$DATASTORE_RO_PASSWORD@127.0.0.1:$PG_PORT/datastore_default"
    "ckan.redis.url=redis://127.0.0.1:$REDIS_PORT/0"
    "ckan.site_url=$CKAN_URL"
    "ckan.site_title=opendata (portal local)"
    "ckan.site_description=Portal local de datos abiertos de opendata: cifras de los informes de transparencia, en CSV y Parquet con su Table Schema"
    "ckan.locale_default=es"
    "ckan.locales_offered=es en"
    "ckanext.dcat.rdf.profiles=euro_dcat_ap_3 opendata_mx"
    "ckanext.dcat.croissant.profiles=croissant opendata_mx_croissant"
    "ckanext.opendata_mx.publisher=opendata (portal local)"
    "ckan.plugins=$CKAN_PLUGINS"
    "ckan.views.default_views=image_view datatables_view"
    "ckan.storage_path=$STATE/storage"
    "ckan.uploads_enabled=true"
    "ckan.max_resource_size=2048"
    "licenses_group_url=file://$STATE/licenses.json"
    "ckan.datastore.sqlsearch.enabled=false"
    "ckan.activity_streams_email_notifications=false"
  )
  local want
  want="$(printf '%s\n' "${settings[@]}" | sha256sum | cut -c1-32)"
  if [[ "$(cat "$STATE/.ini-applied" 2>/dev/null)" != "$want" ]]; then
    log "writing CKAN settings into $INI"
    run_logged "$LOGS/ckan-cli.log" "ckan config-tool" "$VENV/bin/ckan" config-tool "$INI" "${settings[@]}"
    echo "$want" >"$STATE/.ini-applied"
    CKAN_CHANGED=1
  fi
  cat >"$STATE/wsgi.py" <<EOF
# gunicorn entry point, written by scripts/portal/portal.sh
from logging.config import fileConfig

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

INI = $(printf '%s' "$INI" | "$VENV/bin/python" -c 'import json, sys; print(json.dumps(sys.stdin.read()))')
fileConfig(INI, disable_existing_loggers=False)
application = make_app(CKANConfigLoader(INI).get_config())
EOF
}

ensure_ckan_database() {
  local want="$CKAN_VERSION $CKAN_PLUGINS"
  if [[ "$(cat "$STATE/.db-initialized" 2>/dev/null)" != "$want" ]]; then
    log "initialising the CKAN database"
    run_logged "$LOGS/ckan-cli.log" "ckan db init" ckan_cli db init
    local perms
    perms="$(ckan_cli datastore set-permissions 2>>"$LOGS/ckan-cli.log")" ||
      { show_log "$LOGS/ckan-cli.log"; die "ckan datastore set-permissions failed"; }
    printf '%s\n' "$perms" | psql_super -d datastore_default -f - >>"$LOGS/setup.log" 2>&1 ||
      { show_log "$LOGS/setup.log"; die "applying the datastore permissions failed"; }
    echo "$want" >"$STATE/.db-initialized"
  fi
  local sysadmin
  sysadmin="$(psql_super -d ckan_default -tAc "SELECT sysadmin FROM \"user\" WHERE name = '$ADMIN_USER' AND state = 'active'")"
  if [[ "$sysadmin" != t ]]; then
    log "creating sysadmin $ADMIN_USER"
    run_logged "$LOGS/ckan-cli.log" "ckan sysadmin add $ADMIN_USER" \
      ckan_cli sysadmin add --create "$ADMIN_USER" "email=$ADMIN_USER@localhost.invalid" \
      "password=$ADMIN_PASSWORD" "fullname=opendata local admin"
  fi
}

new_api_token() {
  local out token
  out="$(ckan_cli user token add -q "$ADMIN_USER" "$TOKEN_NAME" 2>>"$LOGS/ckan-cli.log")" ||
    { show_log "$LOGS/ckan-cli.log"; die "could not create an API token"; }
  token="$(printf '%s\n' "$out" | grep -E '^[[:space:]]*[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+[[:space:]]*$' | tail -n 1 | tr -d '[:space:]')"
  [[ -n "$token" ]] || die "could not read the API token from 'ckan user token add'"
  (umask 077 && printf '%s\n' "$token" >"$TOKEN_FILE.tmp" && mv "$TOKEN_FILE.tmp" "$TOKEN_FILE")
  chmod 600 "$TOKEN_FILE"
}

start_ckan() {
  local pid
  if pid="$(gunicorn_pid)"; then
    ((CKAN_CHANGED)) || return 0
    log "CKAN code or settings changed; restarting it"
    stop_pid "CKAN (gunicorn)" "$pid" 40
  fi
  ! port_in_use "$PORT" ||
    die "port $PORT is already taken by a process this script did not start; free it or set OPENDATA_PORTAL_PORT"
  rm -f "$GUNICORN_PID"
  log "starting CKAN (gunicorn) on $CKAN_URL"
  # Sync workers; the long timeout lets large uploads finish.
  if ! "$VENV/bin/gunicorn" --daemon --pid "$GUNICORN_PID" --chdir "$STATE" \
    --bind "127.0.0.1:$PORT" --workers 2 --timeout 600 --graceful-timeout 30 \
    --error-logfile "$LOGS/gunicorn.log" --access-logfile "$LOGS/access.log" \
    --capture-output --no-control-socket wsgi:application >>"$LOGS/gunicorn.log" 2>&1 9>&-; then
    show_log "$LOGS/gunicorn.log"
    die "gunicorn did not start"
  fi
}

wait_for_ckan() {
  local start=$SECONDS status next_note=5
  while :; do
    status="$(http_status "$CKAN_URL/api/3/action/status_show")"
    [[ "$status" == 200 ]] && return 0
    if ((SECONDS - start > 3)) && ! gunicorn_pid >/dev/null; then
      show_log "$LOGS/gunicorn.log" 60
      die "CKAN (gunicorn) exited during start-up"
    fi
    if ((SECONDS - start >= START_TIMEOUT)); then
      show_log "$LOGS/gunicorn.log" 60
      die "CKAN did not answer $CKAN_URL/api/3/action/status_show within ${START_TIMEOUT}s (last HTTP status $status)"
    fi
    if ((SECONDS - start >= next_note)); then
      log "waiting for CKAN to answer ($((SECONDS - start))s)"
      next_note=$((next_note + 5))
    fi
    sleep 1
  done
}

ensure_api_token() {
  # Any valid token may list its own user's tokens; a missing or stale one
  # (e.g. after the database was recreated) gets replaced.
  local url="$CKAN_URL/api/3/action/api_token_list?user_id=$ADMIN_USER"
  if [[ -s "$TOKEN_FILE" && "$(http_status "$url" "$TOKEN_FILE")" == 200 ]]; then
    return 0
  fi
  log "creating an API token for $ADMIN_USER"
  new_api_token
  [[ "$(http_status "$url" "$TOKEN_FILE")" == 200 ]] || die "the new API token is not accepted by CKAN"
}

write_env_file() {
  local tmp="$ENV_FILE.tmp"
  printf 'CKAN_URL=%s\nCKAN_API_TOKEN_FILE=%s\n' "$CKAN_URL" "$TOKEN_FILE" >"$tmp"
  mv "$tmp" "$ENV_FILE"
}

check_ports_unchanged() {
  # A running portal keeps its ports; changing them needs a down first.
  local want="ckan=$PORT pg=$PG_PORT redis=$REDIS_PORT" have
  have="$(cat "$STATE/ports" 2>/dev/null || true)"
  if [[ -n "$have" && "$have" != "$want" ]] && { pg_running || redis_pid >/dev/null || gunicorn_pid >/dev/null; }; then
    die "the portal is running with other ports ($have); run '$0 down' first"
  fi
  echo "$want" >"$STATE/ports"
}

check_ports_free() {
  # Fail before starting anything when a port we need is taken by others.
  local taken=()
  pg_running || ! port_in_use "$PG_PORT" || taken+=("$PG_PORT (OPENDATA_PORTAL_PG_PORT)")
  redis_pid >/dev/null || ! port_in_use "$REDIS_PORT" || taken+=("$REDIS_PORT (OPENDATA_PORTAL_REDIS_PORT)")
  gunicorn_pid >/dev/null || ! port_in_use "$PORT" || taken+=("$PORT (OPENDATA_PORTAL_PORT)")
  ((${#taken[@]} == 0)) ||
    die "port(s) already taken by processes this script did not start: ${taken[*]}; free them or choose other ports"
}

# ---------------------------------------------------------------- commands

lock_state() {
  # Daemons are started with 9>&- so they do not inherit (and hold) the lock.
  exec 9>"$STATE/.lock"
  flock -w 900 9 || die "another portal.sh is busy with $STATE"
}

cmd_up() {
  local t0=$SECONDS
  mkdir -p "$STATE" "$LOGS"
  lock_state
  ensure_debian_packages
  ensure_venv
  load_secrets
  check_ports_unchanged
  check_ports_free
  start_postgres
  ensure_databases
  start_redis
  ensure_ckan_config
  ensure_ckan_database
  start_ckan
  wait_for_ckan
  ensure_api_token
  write_env_file
  log "CKAN is up at $CKAN_URL ($((SECONDS - t0))s); env file: $ENV_FILE"
}

proc_alive() {  # a zombie (exited, not yet reaped by init) counts as gone
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != Z ]]
}

stop_pid() {  # stop_pid NAME PID SECONDS
  local name="$1" pid="$2" i
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < $3 * 5; i++)); do
    proc_alive "$pid" || return 0
    sleep 0.2
  done
  log "$name did not stop in $3s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

cmd_down() {
  [[ -d "$STATE" ]] || { log "nothing to stop ($STATE does not exist)"; return 0; }
  mkdir -p "$LOGS"
  lock_state
  local pid
  if pid="$(gunicorn_pid)"; then
    stop_pid "CKAN (gunicorn)" "$pid" 40
  fi
  rm -f "$GUNICORN_PID"
  if pid="$(redis_pid)"; then
    stop_pid Redis "$pid" 20
  fi
  rm -f "$REDIS_PID"
  if pg_running; then
    log "stopping PostgreSQL (pid $(pg_pid || true))"
    as_pg "$(pg_bindir)/pg_ctl" stop -D "$PGDATA" -m fast -w -t 60 >/dev/null 2>&1 || {
      show_log "$LOGS/postgres.log"
      die "PostgreSQL did not stop"
    }
  fi
  log "portal is down"
}

cmd_status() {
  local pid up=0 total=3
  echo "state dir: $STATE"
  if pg_running; then
    echo "postgres:  running (pid $(pg_pid || true), 127.0.0.1:$PG_PORT)"
    up=$((up + 1))
  else
    echo "postgres:  stopped"
  fi
  if pid="$(redis_pid)"; then
    echo "redis:     running (pid $pid, 127.0.0.1:$REDIS_PORT)"
    up=$((up + 1))
  else
    echo "redis:     stopped"
  fi
  if pid="$(gunicorn_pid)"; then
    if [[ "$(http_status "$CKAN_URL/api/3/action/status_show")" == 200 ]]; then
      echo "ckan:      running (gunicorn pid $pid, $CKAN_URL, healthy)"
      up=$((up + 1))
    else
      echo "ckan:      running (gunicorn pid $pid, $CKAN_URL) but not answering"
    fi
  else
    echo "ckan:      stopped"
  fi
  [[ -f "$ENV_FILE" ]] && echo "env file:  $ENV_FILE"
  ((up == total)) || return 3
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) echo "$ENV_FILE" ;;
  *)
    echo "usage: $0 up|down|status|env" >&2
    exit 2
    ;;
esac
