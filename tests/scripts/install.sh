#!/bin/sh
# install.sh - make install puts programs, man pages and completions in
# place under DESTDIR, and the installed front program finds its commands.
top=${I40_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
[ "${I40_SANITIZED:-}" = 1 ] && exit 0
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
if ! make -s -C "$top" install DESTDIR="$dest" PREFIX=/usr/local > "$dest/log" 2>&1; then
	echo "FAIL install: make install failed: $(tail -3 "$dest/log")"
	exit 0
fi
missing=""
for f in bin/i40 bin/i40-ingest share/man/man1/i40-ingest.1 share/man/man5/i40-plant.5 \
	share/man/man7/i40.7 share/bash-completion/completions/i40 share/zsh/site-functions/_i40; do
	[ -e "$dest/usr/local/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && echo "PASS install:files" || echo "FAIL install:files: missing$missing"
v=$(env PATH=/usr/bin:/bin "$dest/usr/local/bin/i40" ingest --version 2>&1)
case $v in "i40-ingest (i40) "*) echo "PASS install:front-program" ;; *) echo "FAIL install:front-program: $v" ;; esac
