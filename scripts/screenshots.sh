#!/usr/bin/env bash
# Refreshes the README's screenshots (docs/img/*.png) from the real UI of the demo: runs the browser test, whose
# scenario "the README's screenshots" opens the pages as the roles that see them and saves each one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCHAKEL_TEST_SHOTS="$PWD/docs/img" bash scripts/test.sh --test browser
