#!/usr/bin/env bash
# Fixture: infrastructure-as-code runs that destroy resources or state. Never run this file.
set -euo pipefail
terraform init -input=false
terraform workspace show
terraform fmt -check -recursive
terraform validate

# Destroy
# ruleid: terraform-destroy
terraform destroy -auto-approve
# ruleid: terraform-destroy
terraform -chdir=infra/prod destroy -target=module.db -var-file=prod.tfvars
# ruleid: terraform-destroy
tofu apply -destroy -auto-approve
# ruleid: terraform-destroy
TF_WORKSPACE=preview-42 terraform destroy -input=false
# ruleid: terraform-destroy
terragrunt run-all destroy --terragrunt-non-interactive --terragrunt-working-dir live/staging
# ruleid: terraform-destroy
timeout 600 terraform destroy
# ok: terraform-destroy
terraform plan -destroy -out=destroy.tfplan
# ok: terraform-destroy
terraform plan -input=false -lock-timeout=60s
# ok: terraform-destroy, terraform-apply-auto-approve
terraform apply -input=false tfplan

# Apply without review, replace
# ruleid: terraform-apply-auto-approve
terraform apply -auto-approve -var 'image_tag=1.4.2'
# ruleid: terraform-apply-auto-approve
terragrunt run-all apply --terragrunt-non-interactive
# ok: terraform-apply-auto-approve
terraform apply -var 'image_tag=1.4.2'
# a saved, reviewed plan file applies that plan and nothing else
# ok: terraform-apply-auto-approve
terraform apply -auto-approve plan.out
# ok: terraform-apply-auto-approve
tofu apply "$PLAN"
# ok: terraform-apply-auto-approve
terraform -chdir=infra apply -input=false -auto-approve tfplan
# ruleid: terraform-destroy
terraform apply -destroy -auto-approve
# ruleid: terraform-apply-replace
terraform apply -replace=aws_db_instance.main -auto-approve
# ok: terraform-apply-replace
terraform plan -replace=aws_db_instance.main

# State and workspaces
# ruleid: terraform-state-rm
terraform state rm module.db.aws_db_instance.main
# ok: terraform-state-rm
terraform state rm -dry-run module.db.aws_db_instance.main
# ok: terraform-state-rm
terraform state list
# ruleid: terraform-state-push-force
terraform state push -force restored.tfstate
# ok: terraform-state-push-force
terraform state pull
# ruleid: terraform-workspace-delete-force
terraform workspace delete -force preview-42
# ok: terraform-workspace-delete-force
terraform workspace delete preview-42
# ok: terraform-workspace-delete-force
terraform workspace select -or-create preview-43

# Pulumi
# ruleid: pulumi-destroy
pulumi destroy --yes --stack acme/prod
# ruleid: pulumi-destroy
pulumi -C infra down --skip-preview
# ok: pulumi-destroy
pulumi preview --destroy --stack acme/prod
# ok: pulumi-destroy
pulumi destroy --preview-only
# ruleid: pulumi-up-yes
pulumi up --yes --stack dev
# ruleid: pulumi-up-yes
PULUMI_SKIP_CONFIRMATIONS=true pulumi up -s dev
# ok: pulumi-up-yes
pulumi up --stack dev
# ruleid: pulumi-stack-rm
pulumi stack rm acme/preview-42 --force --yes
# ok: pulumi-stack-rm
pulumi stack select acme/preview-42
# ruleid: pulumi-state-delete
pulumi state delete 'urn:pulumi:dev::app::aws:rds/instance:Instance::db'
# ok: pulumi-state-delete
pulumi stack export --file state-backup.json

# CDK
# ruleid: cdk-destroy
npx cdk destroy --all --force
# ruleid: cdk-destroy
cdk destroy --profile staging ApiStack
# ruleid: cdk-destroy
cdktf destroy --auto-approve
# ok: cdk-destroy
cdk diff ApiStack
# ok: cdk-destroy
cdk deploy --require-approval never ApiStack
