#!/bin/sh
# Folka on a fresh Debian 12/13 server, in one command, run as root from a checkout:
#
#   sudo deploy/install.sh folka.example.com it@example.com [--replica s3://bucket/folka ...]
#
# Installs Caddy (HTTPS for the host name) in front of gunicorn on 127.0.0.1:8000, run by
# systemd as the user folka under Litestream's continuous replication, with the purge and
# backup timers. Running it again upgrades in place: the code is replaced, migrations run
# when the service starts again, the secret key and the data stay. Options after the e-mail
# go to deploy/render.py (--replica, --s3-endpoint, --s3-region, --retention, ...); S3
# credentials go into /etc/folka/folka.env as LITESTREAM_ACCESS_KEY_ID and
# LITESTREAM_SECRET_ACCESS_KEY (kept by later runs). See deploy/README.md.
set -eu

if [ "$#" -lt 2 ]; then
    echo "usage: $0 HOST EMAIL [--replica URL] [--s3-endpoint URL] [--retention 24h] ..." >&2
    exit 2
fi
if [ "$(id -u)" != 0 ]; then
    echo "$0: run as root (sudo)" >&2
    exit 1
fi
HOST=$1
EMAIL=$2
shift 2
SOURCE=$(cd "$(dirname "$0")/.." && pwd)
APP=/srv/folka
DATA=/var/lib/folka
BACKUPS=/var/backups/folka

step() { printf '\n== %s\n' "$*"; }

step "Debian packages: Caddy, Python, SQLite"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq caddy python3 python3-venv rsync sqlite3 curl ca-certificates >/dev/null

step "The user folka and its folders"
id folka >/dev/null 2>&1 || adduser --system --group --home "$DATA" --no-create-home folka
install -d -o folka -g folka -m 0750 "$DATA" "$BACKUPS"
install -d -o root -g folka -m 0750 /etc/folka

step "Configuration files (checked before anything is replaced)"
python3 "$SOURCE/deploy/render.py" --host "$HOST" --email "$EMAIL" --out /etc/folka/.next "$@" >/dev/null
caddy validate --adapter caddyfile --config /etc/folka/.next/etc/caddy/Caddyfile >/dev/null

step "The code in $APP, its virtualenv and translations"
install -d -o root -g root -m 0755 "$APP"
rsync -a --delete --exclude .git --exclude .venv --exclude instance --exclude node_modules \
    --exclude '__pycache__' --exclude /bench/data --exclude /bench/node_modules \
    --exclude '*.egg-info' "$SOURCE/" "$APP/"
# Debian's own Python (the user folka must be able to run it).
[ -x "$APP/.venv/bin/python" ] || /usr/bin/python3 -m venv "$APP/.venv"
"$APP/.venv/bin/pip" install --quiet --upgrade pip
"$APP/.venv/bin/pip" install --quiet -e "$APP[server]"
"$APP/.venv/bin/pybabel" -q compile -d "$APP/translations"
chmod -R go-w "$APP"

step "Caddy, Litestream, the service and its timers"
python3 "$APP/deploy/render.py" --host "$HOST" --email "$EMAIL" --out / "$@"
rm -rf /etc/folka/.next
chgrp folka /etc/folka/folka.env /etc/folka/litestream.yml
chmod 0640 /etc/folka/folka.env /etc/folka/litestream.yml
systemctl daemon-reload
systemctl enable --quiet caddy folka.service folka-purge.timer folka-backup.timer
# restart, not start: an upgrade runs the new code (and its migrations) now.
systemctl restart folka.service
systemctl reload-or-restart caddy
systemctl start folka-purge.timer folka-backup.timer

step "Waiting for https://$HOST/healthz"
tries=0
until curl -fsS "http://127.0.0.1:8000/healthz"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 30 ]; then
        echo "Folka did not answer: journalctl -u folka -n 50" >&2
        exit 1
    fi
    sleep 1
done
echo
cat <<EOF

Folka runs at https://$HOST/ (the certificate comes on the first visit to the name).
The first admin, if there is none yet:
  cd $APP && runuser -u folka -- sh -c 'set -a; . /etc/folka/folka.env; \\
    .venv/bin/flask --app webapp user create admin@example.com --name "Your Name" --role admin'
Logs: journalctl -u folka -f (one JSON line per request), health: curl -s 127.0.0.1:8000/healthz
EOF
