#!/bin/sh
# Builds empty rpm packages under real names and versions with rpmbuild and registers them in a new package
# database with the real rpm (rpm --initdb; rpm -i --justdb), the way an image's rpmdb is written.
#   make-rpmdb.sh PACKAGE-LIST OUT-DIR [rpm --define ...]
# PACKAGE-LIST lines: source-name binary-name epoch|- version release arch modularitylabel|-
# OUT-DIR receives the database files (rpmdb.sqlite with Debian's rpm, whose default backend is SQLite).
set -eu
list=$1
out=$(mkdir -p "$2" && cd "$2" && pwd)
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grep -v '^#' "$list" | while read -r src bin epoch version release arch module; do
    [ -n "$src" ] || continue
    spec="$work/$bin.spec"
    {
        echo "Name: $src"
        [ "$epoch" = "-" ] || echo "Epoch: $epoch"
        echo "Version: $version"
        echo "Release: $release"
        echo "Summary: $bin"
        echo "License: MIT"
        [ "$arch" = "noarch" ] && echo "BuildArch: noarch"
        echo "%description"
        echo "$bin"
        if [ "$bin" != "$src" ]; then
            echo "%package -n $bin"
            echo "Summary: $bin"
            echo "%description -n $bin"
            echo "$bin"
            echo "%files -n $bin"
        else
            echo "%files"
        fi
    } > "$spec"
    if [ "$module" = "-" ]; then
        rpmbuild -bb --quiet --define "_topdir $work/top" --target "$arch" "$spec" >/dev/null
    else
        rpmbuild -bb --quiet --define "_topdir $work/top" --define "modularitylabel $module" \
            --target "$arch" "$spec" >/dev/null
    fi
done
rm -f "$out/rpmdb.sqlite" "$out/rpmdb.sqlite-shm" "$out/rpmdb.sqlite-wal" "$out/.rpm.lock"
rpm "$@" --initdb --dbpath "$out"
rpm "$@" -i --justdb --nodeps --noscripts --ignorearch --ignoreos --dbpath "$out" "$work"/top/RPMS/*/*.rpm 2>/dev/null
rm -f "$out/rpmdb.sqlite-shm" "$out/rpmdb.sqlite-wal" "$out/.rpm.lock"
