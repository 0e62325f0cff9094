#!/bin/sh
# Fixture: a script an Ansible `script:` task runs on the hosts. Never run this file.
# ruleid: rm-recursive-absolute
rm -rf /srv/app-data
