#!/bin/bash
# Odoo's configuration from the environment, then the odoo image's own entrypoint: the
# master password from ZUGONG_ADMIN_PASSWORD (required, no default), the database
# manager off (list_db = False: no listing, creating, copying, dropping, backing up or
# restoring databases over HTTP) and the one database served fixed (dbfilter).
set -euo pipefail

if [ -z "${ZUGONG_ADMIN_PASSWORD:-}" ]; then
    echo "odoo: ZUGONG_ADMIN_PASSWORD is not set: Odoo's master password comes from the environment" >&2
    exit 2
fi
case "$ZUGONG_ADMIN_PASSWORD" in
    *$'\n'* | *$'\r'*) echo "odoo: ZUGONG_ADMIN_PASSWORD must be a single line" >&2; exit 2 ;;
esac

# Outside the image's /etc/odoo (read-only for the odoo user), readable by it alone.
export ODOO_RC=/tmp/odoo.conf
umask 077
{
    echo "[options]"
    echo "addons_path = /mnt/extra-addons"
    echo "data_dir = /var/lib/odoo"
    printf 'admin_passwd = %s\n' "$ZUGONG_ADMIN_PASSWORD"
    echo "list_db = False"
    echo 'dbfilter = ^zugong$'
} >"$ODOO_RC"

exec /entrypoint.sh "$@"
