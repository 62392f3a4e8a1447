#!/bin/sh
# Builds rpm packages under the names and versions of PACKAGE-LIST with rpmbuild, each owning FILES files (empty,
# under /usr/share/<name>/, as if installed), and registers them in a new SQLite package database with the real
# rpm (rpm --initdb; rpm -i --justdb), the way an image's rpmdb.sqlite is written. The files are not installed;
# their names, sizes and digests are what make an rpmdb's headers large.
#   make-rpmdb.sh PACKAGE-LIST OUT-DIR [FILES]     (FILES: per package, default 80)
# PACKAGE-LIST lines: source-name binary-name epoch|- version release arch modularitylabel|-
# (the format of scanner/src/test/resources/rpmdb/make-rpmdb.sh, whose approach this follows).
set -eu
list=$1
out=$(mkdir -p "$2" && cd "$2" && pwd)
files=${3:-80}
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
        echo "%install"
        echo "mkdir -p %{buildroot}/usr/share/$bin"
        echo "for i in \$(seq 1 $files); do echo \"$bin \$i\" > %{buildroot}/usr/share/$bin/file-\$i.txt; done"
        if [ "$bin" != "$src" ]; then
            echo "%package -n $bin"
            echo "Summary: $bin"
            echo "%description -n $bin"
            echo "$bin"
            echo "%files -n $bin"
        else
            echo "%files"
        fi
        echo "/usr/share/$bin"
    } > "$spec"
    rpmbuild -bb --quiet --define "_topdir $work/top" --define "debug_package %{nil}" --target "$arch" "$spec" \
        >/dev/null 2>&1 || { echo "rpmbuild failed for $bin" >&2; exit 1; }
done
rm -f "$out/rpmdb.sqlite" "$out/rpmdb.sqlite-shm" "$out/rpmdb.sqlite-wal" "$out/.rpm.lock"
rpm --initdb --dbpath "$out"
rpm -i --justdb --nodeps --noscripts --ignorearch --ignoreos --dbpath "$out" "$work"/top/RPMS/*/*.rpm 2>/dev/null
rm -f "$out/rpmdb.sqlite-shm" "$out/rpmdb.sqlite-wal" "$out/.rpm.lock"
