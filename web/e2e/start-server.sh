#!/bin/sh
# The e2e suite's server (web/playwright.config.ts): a fresh SQLite database under web/test-results,
# migrations, definitions, the demo organisation without records, then Flask serving a snapshot of
# web/dist taken now (so a rebuild during the run cannot change what the browser gets).
# Usage: sh e2e/start-server.sh PORT
set -eu
PORT="$1"
cd "$(dirname "$0")/../.."
DATA="$PWD/web/test-results/e2e-server"
rm -rf "$DATA"
mkdir -p "$DATA"
test -f web/dist/index.html || { echo "web/dist is not built: run make web-build" >&2; exit 1; }
cp -R web/dist "$DATA/dist"
export DATABASE_URL="sqlite:///$DATA/app.db" ATTACHMENT_DIR="$DATA/attachments" WEB_DIST="$DATA/dist" FLASK_APP=app:create_app
export SECRET_KEY="e2e-$(date +%s)"
unset REDIS_URL || true
PY="${E2E_PYTHON:-$PWD/.venv/bin/python}"
"$PY" -m flask db upgrade
"$PY" -m flask definitions deploy
"$PY" -m flask seed-demo --no-content
echo "e2e server: http://127.0.0.1:$PORT/ (log: $DATA/server.log)" >&2
exec "$PY" -m flask run --host 127.0.0.1 --port "$PORT" --no-reload --no-debugger 2>>"$DATA/server.log"
