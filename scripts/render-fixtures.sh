#!/usr/bin/env bash
# Renders the fixture reports as published documents (tests/fixtures/rendered/*.docx, *.pdf):
# installs what is missing (LibreOffice Writer, CJK fonts, poppler-utils, python-docx), then runs
# scripts/render-fixtures.py with the arguments given (see its docstring).
#
#   scripts/render-fixtures.sh                 every document
#   scripts/render-fixtures.sh NAME ...        only these (e.g. 002_57935d37ad0b2f69 template-blank)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -q "Noto Serif CJK" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
python3 -c "import docx" 2>/dev/null || python3 -m pip install --quiet python-docx
exec python3 "$ROOT/scripts/render-fixtures.py" "$@"
