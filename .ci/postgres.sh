# Makes a PostgreSQL server reachable for the tests and exports PORTAL_TEST_POSTGRES_URL.
# Uses PORTAL_TEST_POSTGRES_URL as given when it is set; otherwise installs PostgreSQL with
# apt when missing, starts the local cluster, and creates the role `portal` (CREATEDB).
# Fails loudly when none of that works: the PostgreSQL tests never skip.

ensure_postgres() {
  if [ -n "${PORTAL_TEST_POSTGRES_URL:-}" ]; then
    echo "PostgreSQL: using PORTAL_TEST_POSTGRES_URL"
    return 0
  fi
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    apt_install postgresql
  fi
  local version
  version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$version main"; then
    step "PostgreSQL $version: creating cluster main"
    as_root pg_createcluster "$version" main
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -qx online; then
    step "PostgreSQL $version: starting cluster main"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
  fi
  local port
  port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
  for _ in $(seq 1 50); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 0.2
  done
  pg_isready -h 127.0.0.1 -p "$port" || die "PostgreSQL 没有在 127.0.0.1:$port 上就绪"
  as_root su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1" <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal') THEN
    CREATE ROLE portal LOGIN CREATEDB PASSWORD 'portal';
  ELSE
    ALTER ROLE portal LOGIN CREATEDB PASSWORD 'portal';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE portal OWNER portal' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'portal')\gexec
SQL
  # Test databases left behind by an interrupted run.
  as_root su postgres -c "psql -qAt -p $port -c \"SELECT datname FROM pg_database WHERE datname LIKE 'portal_test_%'\"" \
    | while read -r db; do as_root su postgres -c "dropdb -p $port --force '$db'" || true; done
  export PORTAL_TEST_POSTGRES_URL="postgres://portal:portal@127.0.0.1:$port/portal"
  echo "PostgreSQL $version: ready on 127.0.0.1:$port"
}
