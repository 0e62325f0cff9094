# Fixture: PowerShell's storage cmdlets and Windows tools run from PowerShell. Never run this file.

# ruleid: windows-format-volume
Format-Volume -DriveLetter D -FileSystem NTFS -Force
# ruleid: windows-format-volume
Clear-Disk -Number 1 -RemoveData -Confirm:$false
# ruleid: windows-format-volume
Remove-Partition -DiskNumber 1 -PartitionNumber 2
# ruleid: windows-robocopy-mirror
robocopy .\out \\nas\share /PURGE /E
# ruleid: windows-shadow-copies-delete
wbadmin delete catalog -quiet

# Not reported
# ok: windows-format-volume
Format-Volume -DriveLetter D -WhatIf
# ok: windows-format-volume
Get-ChildItem | Format-Table -AutoSize
# ok: windows-format-volume
Get-Disk -Number 1
