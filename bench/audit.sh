#!/usr/bin/env bash
# `make audit`: Lighthouse scores for the front page and the demo interview, served the
# way production serves them (gunicorn, DEBUG off, collected static files) from a
# throwaway SQLite database with the demo loaded. A benchmark, not a test: it prints the
# four category scores and leaves the full reports in var/audit/.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${AUDIT_PORT:-8106}"
HOST=127.0.0.1
PY=.venv/bin/python
OUT=var/audit
WORK="$(mktemp -d -t newsroom-audit-XXXXXX)"
mkdir -p "$OUT"

# Production settings (no NEWSROOM_ENV), only plain HTTP on the loopback and local media.
unset NEWSROOM_ENV DEBUG DATABASE_URL REDIS_URL
export SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')"
export ALLOWED_HOSTS="$HOST,localhost"
export HTTPS=false SERVE_MEDIA=1
export SITE_URL="http://$HOST:$PORT"
export DATABASE_URL="sqlite:///$WORK/audit.sqlite3"
export STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media"
export AXES_ENABLED=false LOG_LEVEL=WARNING

server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

$PY manage.py migrate --noinput -v 0
$PY manage.py collectstatic --noinput -v 0
story="$($PY manage.py load_demo --allow-production | sed -n 's/^ *Demo story: *\([^ ]*\).*/\1/p')"
if [ -z "$story" ]; then
  echo "audit: load_demo printed no demo story URL" >&2
  exit 1
fi

.venv/bin/gunicorn newsroom.wsgi --bind "$HOST:$PORT" --workers 2 --log-level warning &
server_pid=$!
for _ in $(seq 50); do
  curl -fsS "http://$HOST:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://$HOST:$PORT/healthz" >/dev/null || { echo "audit: gunicorn did not start" >&2; exit 1; }

export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
flags="--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking"
for page in front:"http://$HOST:$PORT/" interview:"$story"; do
  name="${page%%:*}"
  url="${page#*:}"
  bench/lighthouse/node_modules/.bin/lighthouse "$url" --quiet --chrome-flags="$flags" \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output=html --output-path="$OUT/$name" >/dev/null
  node -e '
    const report = require(process.argv[1]);
    const scores = Object.values(report.categories)
      .map((c) => `${c.title} ${Math.round(c.score * 100)}`).join(", ");
    console.log(`${process.argv[2].padEnd(10)} ${scores}  (${report.finalDisplayedUrl})`);
  ' "$PWD/$OUT/$name.report.json" "$name"
done
echo "Full reports: $OUT/front.report.html, $OUT/interview.report.html (mobile emulation)"
