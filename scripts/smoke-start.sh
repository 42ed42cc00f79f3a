#!/usr/bin/env bash
# Starts the service as production does (`npm start`: the compiled dist/, built if out of date)
# on the local FerretDB, checks that it is ready and serves its browser assets, and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir=$(mktemp -d)
log=$(mktemp)
port=$(node -e "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})")
db_port=$(node -e "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})")
PORT=$port LOCAL_DB_PORT=$db_port DATA_DIR=$data_dir LOG_LEVEL=warn npm start >"$log" 2>&1 &
npm_pid=$!
stop() {
  # npm start runs `node scripts/start.mjs` under a shell; SIGTERM goes to that node process.
  pkill -TERM -P "$(pgrep -P "$npm_pid" | head -1)" 2>/dev/null || true
  wait "$npm_pid" 2>/dev/null || true
  rm -rf "$data_dir"
}
trap stop EXIT
for _ in $(seq 1 300); do
  grep -q "is running" "$log" && break
  kill -0 "$npm_pid" 2>/dev/null || { cat "$log"; echo "npm start exited before it was ready"; exit 1; }
  sleep 1
done
grep -q "is running" "$log" || { cat "$log"; echo "npm start was not ready within 300 s"; exit 1; }
for path in /readyz /chat /chat/chat.js /console/static/console.js; do
  status=$(node -e "fetch('http://127.0.0.1:$port$path').then((r) => console.log(r.status), () => console.log('no answer'))")
  [ "$status" = 200 ] || { cat "$log"; echo "GET $path answered $status"; exit 1; }
  echo "   GET $path 200"
done
