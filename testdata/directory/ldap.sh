#!/usr/bin/env bash
# Fixture: LDAP entries deleted with ldapdelete. Never run this file.
set -euo pipefail

# ruleid: ldap-delete
ldapdelete -H ldaps://ldap.example.com -D "cn=admin,dc=example,dc=com" -y /etc/ldap.secret -r "ou=people,dc=example,dc=com"
# ruleid: ldap-delete
ldapdelete -x -D "cn=admin,dc=example,dc=com" -W "uid=jdoe,ou=people,dc=example,dc=com"
# ruleid: ldap-delete
ldapdelete -H ldap://localhost -f stale-accounts.txt

# Not reported
# ok: ldap-delete
ldapsearch -LLL -x -b "ou=people,dc=example,dc=com" "(uid=jdoe)"
# ok: ldap-delete
ldapdelete -n -v "uid=jdoe,ou=people,dc=example,dc=com"
