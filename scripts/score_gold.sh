#!/usr/bin/env bash
# Evaluation tool (reads ../shared, not shipped data): score `detect scan` on the seed and web_dev gold.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared}
det=${DETECT:-detect}
tmp=$(mktemp)
for pair in "seeds:$shared/gold/seeds.json:$shared/seeds" "web_dev:$shared/gold/web_dev/gold.json:$shared/gold/web_dev/texts"; do
  name=${pair%%:*}; rest=${pair#*:}; gold=${rest%%:*}; texts=${rest#*:}
  "$det" scan "$texts" --format json "$@" >"$tmp"
  echo "== $name"
  python3 "$shared/tools/score.py" --gold "$gold" --texts "$texts" --report "$tmp"
done
rm -f "$tmp"
