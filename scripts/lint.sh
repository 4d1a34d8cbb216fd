#!/usr/bin/env bash
# House rules that a grep can check (STYLE.md): no unbounded string
# functions, no SQL outside src/store/, no HTTP or SQL headers in domain/.
set -uo pipefail
cd "$(dirname "$0")/.."
fail=0
bad=$(grep -rnE '\b(sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol|sscanf|gets)\s*\(' src || true)
[ -n "$bad" ] && { echo "unbounded string functions:"; echo "$bad"; fail=1; }
sql=$(grep -rnE '"(SELECT|INSERT|UPDATE|DELETE|CREATE) ' src --include=*.c | grep -v '^src/store/' || true)
[ -n "$sql" ] && { echo "SQL outside src/store/:"; echo "$sql"; fail=1; }
inc=$(grep -rnE '#include <(microhttpd|sqlite3|libpq-fe)\.h>' src/domain src/web src/cli 2>/dev/null || true)
[ -n "$inc" ] && { echo "engine headers outside their layer:"; echo "$inc"; fail=1; }
if [ $fail -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
