#!/bin/bash
# Fixture: a script tree-sitter can only partly parse; the intact parts are still analysed.
# ruleid: rm-recursive-absolute
rm -rf /srv/before
# ruleid: syntax-error
if then fi ((( ]]
# ruleid: rm-recursive-absolute
rm -rf /srv/after
