#!/bin/sh
# The e2e suite's server (web/playwright.config.ts): a fresh SQLite database under web/test-results,
# migrations, definitions, the demo organisation without records, then Flask serving web/dist.
# Usage: sh e2e/start-server.sh PORT
set -eu
PORT="$1"
cd "$(dirname "$0")/../.."
DATA="$PWD/web/test-results/e2e-server"
rm -rf "$DATA"
mkdir -p "$DATA"
export DATABASE_URL="sqlite:///$DATA/app.db" ATTACHMENT_DIR="$DATA/attachments" FLASK_APP=app:create_app
export SECRET_KEY="e2e-$(date +%s)"
unset REDIS_URL || true
PY="${E2E_PYTHON:-$PWD/.venv/bin/python}"
"$PY" -m flask db upgrade
"$PY" -m flask definitions deploy
"$PY" -m flask seed-demo --no-content
echo "e2e server: http://127.0.0.1:$PORT/ (log: $DATA/server.log)" >&2
exec "$PY" -m flask run --host 127.0.0.1 --port "$PORT" --no-reload --no-debugger 2>>"$DATA/server.log"
