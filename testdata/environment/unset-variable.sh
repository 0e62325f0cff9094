#!/bin/bash
# Fixture: variables that may be empty inside destructive targets. Never run this file.
# ruleid: rm-recursive-variable-root, env-unset-variable
rm -rf "$CACHE_ROOT/"*
BASE="${WORK_ROOT}/builds"
# ruleid: rm-recursive-variable-root, env-unset-variable
rm -rf "$BASE"
# ok: env-unset-variable
# ruleid: aws-s3-rm-recursive
aws --profile logs s3 rm "s3://acme-logs/${PREFIX:?}" --recursive
# ruleid: aws-s3-rm-recursive, env-unset-variable
aws --profile logs s3 rm "s3://acme-logs/$OLD_PREFIX" --recursive
[ -n "$ARTIFACTS" ] || exit 1
# ok: env-unset-variable, rm-recursive-variable-root
rm -rf "$ARTIFACTS/old"
# a guard that leaves the script unless the variable is set, as `${X:?}` would
ROOT="$1"
if [[ ! -d $ROOT ]]; then
  echo "no such root" >&2
  exit 1
fi
# ok: env-unset-variable, rm-recursive-variable-root
rm -rf -- "$ROOT/usr/lib.usrmove-old"
[ -z "$STAGE" ] && exit 1
# ok: env-unset-variable, rm-recursive-variable-root
rm -rf "$STAGE/"*
# a check whose failure does not leave, or one inside a function, proves nothing after it
if [ -d "$CACHE" ]; then echo "cache present"; fi
# ruleid: env-unset-variable, rm-recursive-variable-root
rm -rf "$CACHE/objects"
check_build() { [ -n "$BUILD" ] || return 1; }
# ruleid: env-unset-variable, rm-recursive-variable-root
rm -rf "$BUILD/out"
# the working directory is never empty
CURDIR=`pwd`
# ok: env-unset-variable, rm-recursive-variable-root
rm -rf $CURDIR/output
# ok: env-unset-variable, rm-recursive-variable-root
rm -rf "$PWD/build"
OUT=./out
# ok: env-unset-variable
rm -rf "$OUT/"*

# variables set by `eval` of a tool's output (`lvs --nameprefixes` prints LVM2_VG_NAME=…): the
# script never assigns them itself, but they are not unset
# ruleid: dynamic-eval
eval "$(lvs --noheadings --nameprefixes -o vg_name,lv_name "$DEV")"
# ok: env-unset-variable
# ruleid: rm-recursive-variable-root
rm -rf "$LVM2_VG_NAME/snapshots"

# a token in a header or a credential option: an empty one fails the request, the target is the URL
# ok: env-unset-variable
# ruleid: http-delete-control-plane
curl -X DELETE -H "Authorization: Bearer $VERCEL_TOKEN" https://api.vercel.com/v9/projects/my-app
# ok: env-unset-variable
# ruleid: http-delete-control-plane
curl -X DELETE -u "$DO_TOKEN:" https://api.digitalocean.com/v2/droplets/123456
# but a variable in the URL is the target (here reported as an ID nobody looked up)
# ruleid: env-unverified-id
# ruleid: http-delete-control-plane
curl -X DELETE -H "Authorization: Bearer $CF_TOKEN" "https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records/$RECORD_ID"
