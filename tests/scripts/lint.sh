#!/bin/sh
# lint.sh - cppcheck finds nothing in lib/ and cmd/ (plain run only).
top=${I40_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
[ "${I40_SANITIZED:-}" = 1 ] && exit 0
if ! command -v cppcheck >/dev/null 2>&1; then
	echo "SKIP lint: cppcheck is not installed (scripts/install-deps installs it)"
	exit 0
fi
if out=$(make -s -C "$top" lint 2>&1); then
	echo "PASS lint:cppcheck"
else
	echo "FAIL lint:cppcheck"
	echo "$out" | head -20
fi
