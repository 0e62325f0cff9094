#!/usr/bin/env bash
# Fixture: packages removed from a registry. Never run this file.
set -euo pipefail

# ruleid: npm-unpublish
npm unpublish @acme/ui@2.3.0
# ruleid: npm-unpublish
npm unpublish left-pad --force
# ruleid: npm-unpublish
pnpm unpublish @acme/api-client@1.0.0-beta.1

# Not reported
# ok: npm-unpublish
npm deprecate @acme/ui@2.3.0 "broken build, use 2.3.1"
# ok: npm-unpublish
npm unpublish --dry-run @acme/ui@2.3.0
# ok: npm-unpublish
npm publish --access public
