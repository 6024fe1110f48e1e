# config.mk - what a packager may want to change.
VERSION = 0.1.0
PREFIX = /usr/local
MANPREFIX = $(PREFIX)/share/man
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/site-functions

CC = cc
PKGS = gsl yaml-0.1 libpcre2-8
OPTFLAGS = -O2 -g
WARNFLAGS = -Wall -Wextra -Werror
# libcsv ships no pkg-config file, so it is named directly.
CSV_LIBS = -lcsv
SANFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
