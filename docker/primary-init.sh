#!/bin/bash
# Run once by the postgres image, when it creates the primary's data volume
# (/docker-entrypoint-initdb.d, which the image runs): the role the hot standby
# streams as, zugong_replication, with the password ZUGONG_REPLICATION_PASSWORD (required,
# no default; psql reads it from the environment, so that it is never in SQL text or on a
# command line), and the one pg_hba.conf line that lets it stream from the compose
# network.
# Changing the password later: ALTER ROLE zugong_replication PASSWORD ... on the primary.

if [ -z "${ZUGONG_REPLICATION_PASSWORD:-}" ]; then
    echo "db: ZUGONG_REPLICATION_PASSWORD is not set: the replication role's password comes from the environment" >&2
    exit 2
fi

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname postgres <<'SQL' || exit 1
\getenv password ZUGONG_REPLICATION_PASSWORD
CREATE ROLE zugong_replication WITH LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
SQL

# Streaming only (a "replication" line matches no database), from the networks this
# server is on, with the password.
echo "host replication zugong_replication samenet scram-sha-256" >>"$PGDATA/pg_hba.conf"
