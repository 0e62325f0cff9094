#!/bin/bash
# Fixture: `set -u` makes an unset variable stop the script. Never run this file.
set -u
# ok: env-unset-variable
# ruleid: rm-recursive-variable-root
rm -rf "$CACHE_ROOT/"*
