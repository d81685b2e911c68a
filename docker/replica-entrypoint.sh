#!/bin/bash
# The hot standby's entrypoint, then the postgres image's own. On the first start (no
# data directory yet) it makes the standby: a base backup of the primary
# (ZUGONG_PRIMARY_HOST) taken as the replication role zugong_replication with
# ZUGONG_REPLICATION_PASSWORD (required; in the environment, never on a command line),
# with -R (standby.signal and primary_conninfo: the standby streams from the primary
# from then on) through the replication slot zugong_replica, so that the primary keeps
# the WAL the standby has not received yet (up to its max_slot_wal_keep_size). The
# image's entrypoint then finds the data directory made and starts PostgreSQL on it:
# a standby, read-only.
set -euo pipefail

if [ -z "${ZUGONG_REPLICATION_PASSWORD:-}" ]; then
    echo "db-replica: ZUGONG_REPLICATION_PASSWORD is not set: the replication role's password comes from the environment" >&2
    exit 2
fi
primary="${ZUGONG_PRIMARY_HOST:-db}"
slot="${ZUGONG_REPLICATION_SLOT:-zugong_replica}"
data="${PGDATA:-/var/lib/postgresql/data}"

if [ ! -s "$data/PG_VERSION" ]; then
    until pg_isready -q -h "$primary" -p 5432; do
        echo "db-replica: waiting for the primary $primary" >&2
        sleep 2
    done
    mkdir -p "$data"
    chown postgres:postgres "$data"
    chmod 700 "$data"
    backup() {
        PGPASSWORD="$ZUGONG_REPLICATION_PASSWORD" gosu postgres pg_basebackup --pgdata="$data" \
            --host="$primary" --port=5432 --username=zugong_replication --no-password \
            --write-recovery-conf --wal-method=stream --checkpoint=fast --slot="$slot" "$@"
    }
    echo "db-replica: base backup of $primary into $data" >&2
    # The slot is made with the first backup; a standby made again (its volume lost)
    # takes over the slot its predecessor left.
    if ! backup --create-slot; then
        find "$data" -mindepth 1 -delete
        backup
    fi
fi

exec docker-entrypoint.sh "$@"
