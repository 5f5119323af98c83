#!/usr/bin/env bash
# Seeds the fuzz corpus (gitignored) from the shared fixtures and collections.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/generate
find ../../shared/fixtures ../../shared/collections -name '*.json' | while read -r file; do
    name="${file#../../shared/}"; cp "$file" "corpus/generate/${name//\//_}"
done
ls corpus/generate | wc -l
