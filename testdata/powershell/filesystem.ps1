# Fixture: PowerShell deletes of Windows paths, with their aliases and parameter prefixes, and the
# look-alikes that must stay quiet. Never run this file.

# ruleid: rm-recursive-absolute
Remove-Item -Recurse -Force C:\data
# ruleid: rm-recursive-absolute
ri -Rec -Fo D:/backups/db
# ruleid: rm-recursive-absolute
del -r \\fs01\backups\2024
# ruleid: rm-recursive-absolute
Remove-Item -LiteralPath '\\?\C:\srv\app' -Recurse -Confirm:$false
# ruleid: powershell-remove-item-recurse
rm -r -fo 'E:\'
# ruleid: powershell-remove-item-recurse
Remove-Item -Path C:\Users\deploy -Recurse
# ruleid: powershell-remove-item-recurse
rmdir C:\Windows\System32 -Recurse -Force
# ruleid: powershell-remove-item-recurse
Remove-Item $env:USERPROFILE -Recurse -Force
# ruleid: powershell-remove-item-recurse
Remove-Item $HOME -Recurse
# ruleid: powershell-remove-item-recurse
Remove-Item \\fs01\backups -Recurse
# ruleid: powershell-remove-item-recurse
Remove-Item "$env:SystemRoot\System32" -Recurse

# a variable the script sets
$target = 'C:\ProgramData\App\data'
# ruleid: rm-recursive-absolute
Remove-Item $target -Recurse -Force

# a pipeline: Remove-Item deletes what Get-ChildItem lists
# ruleid: rm-recursive-absolute
Get-ChildItem C:\logs -Recurse | Remove-Item -Force

# rm -rf written for the Unix program (PowerShell 7 on Linux runs it)
# ruleid: rm-recursive-root
rm -rf /

# Not reported: the project's own folders, the temporary directory, dry runs, filters, one file
# ok: rm-recursive-absolute, powershell-remove-item-recurse
Remove-Item .\bin -Recurse
# ok: rm-recursive-absolute, powershell-remove-item-recurse
Remove-Item $env:TEMP\x -Recurse
# ok: rm-recursive-absolute, powershell-remove-item-recurse
Remove-Item "$env:TEMP\build-cache" -Recurse -Force
# ok: rm-recursive-absolute, powershell-remove-item-recurse
Remove-Item -Recurse -Force C:\data -WhatIf
# ok: rm-recursive-absolute, powershell-remove-item-recurse
Remove-Item -Recurse -Force 'C:\' -WhatIf:$true
# ok: rm-recursive-absolute
Remove-Item C:\data\report.txt
# ok: rm-recursive-absolute
Remove-Item C:\Users\deploy\AppData\Local\Temp\x -Recurse
# ok: rm-recursive-absolute
Remove-Item C:\Windows\Temp\setup -Recurse
# ok: rm-recursive-absolute
Get-ChildItem C:\logs -Filter *.log | Remove-Item
# ok: rm-recursive-absolute
Remove-Item node_modules, dist -Recurse -Force
# ok: rm-recursive-absolute
Remove-Item C:\src\app\node_modules -Recurse -Force
