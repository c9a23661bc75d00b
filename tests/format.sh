#!/bin/bash
# format.sh -- the tracked C sources are clang-format clean (.clang-format).
# Skipped (exit 77) where clang-format is not installed: it is a developer
# tool, not a build dependency.
top=${1:-.}
cd "$top" || exit 1
command -v clang-format >/dev/null || { echo "format: clang-format missing, skipped"; exit 77; }
files=$(git ls-files 'src/*.c' 'src/*.h' 'include/*.h' 'tests/*.c' 2>/dev/null ||
        find src include tests -name '*.[ch]')
if ! clang-format --dry-run --Werror $files; then
    echo "format: run scripts/format to fix the files above" >&2
    exit 1
fi
echo "format: ok ($(echo "$files" | wc -w) files)"
