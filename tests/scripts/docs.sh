#!/bin/sh
# docs.sh - the manual pages stay true to the programs.
#
# Every man page is clean under mandoc -Tlint; every program in cmd/ has a
# page; every option a program lists (--list-options, the same table its
# --help comes from) is documented in its page; the completion scripts
# load and complete an option of each program.
top=${I40_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 1
if ! command -v mandoc >/dev/null 2>&1; then
	echo "SKIP docs: mandoc is not installed (scripts/install-deps installs it)"
	exit 0
fi
for m in man/*.[157]; do
	out=$(mandoc -Tlint -W warning "$m" 2>&1)
	if [ -n "$out" ]; then echo "FAIL docs:lint:$m: $out"; else echo "PASS docs:lint:$m"; fi
done
# the front program: a page, and each of its commands in it
if [ -f man/i40.1 ]; then
	missing=""
	for name in $(i40 --list-commands); do
		grep -q "^\.It Cm $name\$" man/i40.1 || missing="$missing $name"
	done
	if [ -n "$missing" ]; then echo "FAIL docs:commands:i40: not in man/i40.1:$missing"; else echo "PASS docs:commands:i40"; fi
else
	echo "FAIL docs:page:i40: no man/i40.1"
fi
for c in cmd/i40-*.c; do
	p=$(basename "$c" .c)
	page=man/$p.1
	if [ ! -f "$page" ]; then echo "FAIL docs:page:$p: no $page"; continue; fi
	missing=""
	for o in $("$p" --list-options | sed 's/^-. //; s/ .*//'); do
		name=${o#--}
		grep -q "^\.It Fl .*-$name\b\|^\.It Fl -$name\b" "$page" || missing="$missing $o"
	done
	if [ -n "$missing" ]; then echo "FAIL docs:options:$p: not in $page:$missing"; else echo "PASS docs:options:$p"; fi
	# bash completion offers the program's options
	if command -v bash >/dev/null 2>&1; then
		got=$(bash -c ". completions/i40.bash; COMP_WORDS=($p --); COMP_CWORD=1; _i40_complete; printf '%s\n' \"\${COMPREPLY[@]}\"" 2>&1 | grep -c -- '^--help$')
		if [ "$got" = 1 ]; then echo "PASS docs:bash-completion:$p"; else echo "FAIL docs:bash-completion:$p"; fi
	fi
done
if command -v zsh >/dev/null 2>&1; then
	zsh -n completions/_i40 && echo "PASS docs:zsh-completion-syntax" || echo "FAIL docs:zsh-completion-syntax"
fi
