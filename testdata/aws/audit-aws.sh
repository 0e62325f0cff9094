#!/bin/sh
# Fixture: catalog §2.4 row added by the audit. Never executed.

# ruleid: aws-iam-detach-policy
aws iam detach-role-policy --role-name deploy --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
# ruleid: aws-iam-detach-policy
aws --profile prod iam delete-role-policy --role-name api --policy-name s3-write
# ok: aws-iam-detach-policy
aws iam list-attached-role-policies --role-name deploy
# ok: aws-iam-detach-policy
aws iam detach-role-policy --generate-cli-skeleton
