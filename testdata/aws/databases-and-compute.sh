#!/usr/bin/env bash
# Fixture: AWS database, compute and account-level deletes. Never run this file.
set -euo pipefail

# ok: aws-rds-delete-db-instance
aws rds describe-db-instances --db-instance-identifier orders-db --query 'DBInstances[0].DBInstanceStatus'
# ok: aws-rds-delete-db-instance
aws rds create-db-snapshot --db-instance-identifier orders-db --db-snapshot-identifier orders-db-pre-delete
# ok: aws-rds-delete-db-instance
aws rds delete-db-instance --generate-cli-skeleton

# ruleid: aws-rds-disable-deletion-protection
aws rds modify-db-instance --db-instance-identifier orders-db --no-deletion-protection --apply-immediately
# ok: aws-rds-disable-deletion-protection
aws rds modify-db-instance --db-instance-identifier orders-db --deletion-protection
# ruleid: aws-rds-delete-db-instance
aws --region eu-west-1 rds delete-db-instance --db-instance-identifier orders-db --skip-final-snapshot --delete-automated-backups
# ruleid: aws-rds-delete-db-instance
aws rds delete-db-instance --db-instance-identifier orders-db --final-db-snapshot-identifier orders-db-final
# ruleid: aws-rds-delete-db-retain-backups
aws rds delete-db-instance --db-instance-identifier orders-db --final-db-snapshot-identifier orders-final --no-delete-automated-backups
# ruleid: aws-rds-delete-db-cluster
aws rds delete-db-cluster --db-cluster-identifier orders-aurora --skip-final-snapshot
# ruleid: aws-rds-delete-db-cluster
aws neptune delete-db-cluster --db-cluster-identifier graph --final-db-snapshot-identifier graph-final
# ruleid: aws-rds-delete-backups
aws rds delete-db-snapshot --db-snapshot-identifier orders-db-2024-01-01
# ruleid: aws-rds-delete-backups
aws rds delete-db-instance-automated-backup --dbi-resource-id db-ABCDEFGHIJKLMNOP
# ok: aws-rds-delete-backups, aws-rds-delete-db-cluster
aws rds delete-db-cluster-parameter-group --db-cluster-parameter-group-name legacy-params

# ruleid: aws-dynamodb-disable-deletion-protection
aws dynamodb update-table --table-name sessions --no-deletion-protection-enabled
# ruleid: aws-dynamodb-delete-table
aws dynamodb delete-table --table-name sessions
# ok: aws-dynamodb-delete-table
aws dynamodb delete-item --table-name sessions --key '{"id":{"S":"abc"}}'

# ok: aws-ec2-terminate-instances
aws ec2 describe-instances --filters Name=tag:env,Values=staging --query 'Reservations[].Instances[].InstanceId'
# ok: aws-ec2-terminate-instances
aws ec2 terminate-instances --dry-run --instance-ids i-0abc1234def567890
# ok: aws-ec2-terminate-instances
aws ec2 stop-instances --instance-ids i-0abc1234def567890
# ruleid: aws-ec2-disable-termination-protection
aws ec2 modify-instance-attribute --instance-id i-0abc1234def567890 --no-disable-api-termination
# ruleid: aws-ec2-disable-termination-protection
aws ec2 modify-instance-attribute --instance-id i-0abc1234def567890 --disable-api-termination "Value=false"
# ok: aws-ec2-disable-termination-protection
aws ec2 modify-instance-attribute --instance-id i-0abc1234def567890 --disable-api-termination
# ruleid: aws-ec2-terminate-instances
aws ec2 terminate-instances --instance-ids i-0abc1234def567890 i-0fed9876cba543210
# ruleid: aws-ec2-delete-volume
aws ec2 delete-volume --volume-id vol-0123456789abcdef0
# ruleid: aws-ec2-delete-snapshot
aws ec2 delete-snapshot --snapshot-id snap-0123456789abcdef0
# ok: aws-ec2-delete-snapshot
aws ec2 delete-snapshot --snapshot-id snap-0123456789abcdef0 --dry-run
# ruleid: aws-ec2-deregister-image
aws ec2 deregister-image --image-id ami-0123456789abcdef0 --delete-associated-snapshots
# ruleid: aws-ec2-delete-network
aws ec2 delete-subnet --subnet-id subnet-0123456789abcdef0
# ok: aws-ec2-delete-network
aws ec2 describe-subnets --filters Name=vpc-id,Values=vpc-0123456789abcdef0

# ruleid: aws-cloudformation-disable-termination-protection
aws cloudformation update-termination-protection --stack-name shop-prod --no-enable-termination-protection
# ruleid: aws-cloudformation-delete-stack
aws cloudformation delete-stack --stack-name shop-prod
# ok: aws-cloudformation-delete-stack
aws cloudformation wait stack-delete-complete --stack-name shop-prod

# ruleid: aws-eks-delete-cluster
aws eks delete-cluster --name shop-prod --region us-east-1
# ok: aws-eks-delete-cluster
aws eks update-kubeconfig --name shop-prod --region us-east-1
# ruleid: aws-lambda-delete-function
aws lambda delete-function --function-name resize-images
# ruleid: aws-ecr-delete-repository
aws ecr delete-repository --repository-name shop/api --force
# ruleid: aws-ecr-batch-delete-image
aws ecr batch-delete-image --repository-name shop/api --image-ids imageTag=latest
# ok: aws-ecr-delete-repository, aws-ecr-batch-delete-image
aws ecr describe-images --repository-name shop/api

# ruleid: aws-iam-delete-identity
aws iam delete-user --user-name former-contractor
# ok: aws-iam-delete-identity
aws iam list-access-keys --user-name former-contractor
# ruleid: aws-kms-schedule-key-deletion
aws kms schedule-key-deletion --key-id alias/shop-data --pending-window-in-days 7
# ok: aws-kms-schedule-key-deletion
aws kms disable-key --key-id alias/shop-data
# ruleid: aws-secretsmanager-delete-secret
aws secretsmanager delete-secret --secret-id shop/prod/db --force-delete-without-recovery
# ok: aws-secretsmanager-delete-secret
aws secretsmanager get-secret-value --secret-id shop/prod/db

# ruleid: aws-route53-delete-hosted-zone
aws route53 delete-hosted-zone --id Z0123456789ABCDEFGHIJ
# ruleid: aws-route53-delete-records
aws route53 change-resource-record-sets --hosted-zone-id Z0123456789ABCDEFGHIJ --change-batch '{"Changes":[{"Action":"DELETE","ResourceRecordSet":{"Name":"api.example.com","Type":"CNAME","TTL":60,"ResourceRecords":[{"Value":"lb.example.com"}]}}]}'
# ok: aws-route53-delete-records
aws route53 change-resource-record-sets --hosted-zone-id Z0123456789ABCDEFGHIJ --change-batch file://upsert.json

# ok: aws-rds-delete-db-instance
aws sts get-caller-identity --query Account --output text
