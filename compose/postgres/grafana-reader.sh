#!/bin/sh
# First start of the postgres service only: a login for Grafana that can read the analytics views and
# nothing else (the views read staging with their owner's rights). The loader creates the views later,
# so the grant is a default privilege of the loader's role.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE grafana LOGIN PASSWORD '${GRAFANA_DB_PASSWORD}';
CREATE SCHEMA IF NOT EXISTS analytics AUTHORIZATION "${POSTGRES_USER}";
GRANT USAGE ON SCHEMA analytics TO grafana;
ALTER DEFAULT PRIVILEGES FOR ROLE "${POSTGRES_USER}" IN SCHEMA analytics GRANT SELECT ON TABLES TO grafana;
SQL
