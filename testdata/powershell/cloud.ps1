# Fixture: cloud and directory cmdlets of PowerShell, CLIs called through its call operator, and
# SQL sent with Invoke-Sqlcmd. Never run this file.

# ruleid: az-powershell-group-remove
Remove-AzResourceGroup -Name rg-app-old -Force
# ruleid: az-powershell-data-remove
Remove-AzSqlDatabase -ResourceGroupName rg -ServerName sql1 -DatabaseName app -Force
# ruleid: az-powershell-data-remove
Remove-AzStorageAccount -ResourceGroupName rg -Name stlogs
# ruleid: az-powershell-lock-remove
Remove-AzResourceLock -LockName keep -ResourceGroupName rg -Force
# ruleid: aws-powershell-s3-bucket-remove
Remove-S3Bucket -BucketName my-bucket -DeleteBucketContent -Force
# ruleid: aws-powershell-rds-remove
Remove-RDSDBInstance -DBInstanceIdentifier db1 -SkipFinalSnapshot $true -Force
# ruleid: aws-powershell-data-remove
Remove-DDBTable -TableName orders -Force
# ruleid: graph-directory-object-remove
Remove-MgUser -UserId jdoe@example.com
# ruleid: exchange-mailbox-remove
Remove-Mailbox -Identity jdoe -Permanent $true -Confirm:$false
# ruleid: ad-object-remove
Remove-ADOrganizationalUnit -Identity 'OU=Sales,DC=corp,DC=example' -Recursive -Confirm:$false
# ruleid: sql-drop-database
Invoke-Sqlcmd -ServerInstance sql1 -Query "DROP DATABASE app"
# ruleid: kubectl-delete-namespace
& kubectl delete namespace web
# ruleid: terraform-destroy
& 'C:\tools\terraform.exe' destroy -auto-approve
# ruleid: windows-shadow-copies-delete
vssadmin delete shadows /all /quiet

# an unknown cmdlet is graded by the words of its name
# ruleid: destructive-verb
Remove-AzNetAppFilesVolume -ResourceGroupName rg -AccountName acc -PoolName p -Name vol1 -Force

# Not reported: reads, dry runs, what holds no data
# ok: az-powershell-group-remove
Get-AzResourceGroup -Name rg-app-old
# ok: az-powershell-data-remove
Remove-AzStorageAccount -ResourceGroupName rg -Name stlogs -WhatIf
# ok: aws-powershell-s3-bucket-remove
Get-S3Bucket -BucketName my-bucket
# ok: sql-drop-database
Invoke-Sqlcmd -ServerInstance sql1 -Query "SELECT name FROM sys.databases"
# ok: destructive-verb
Remove-Variable x
# ok: destructive-verb
Remove-Module Pester
