# Fixture: code PowerShell only knows at run time, and code nested in strings it runs. Never run
# this file.

# ruleid: dynamic-eval
Invoke-Expression $cmd
# ruleid: dynamic-eval
iex "$prefix Remove-Item"
# ruleid: dynamic-eval
$sb = [ScriptBlock]::Create($text)
# ruleid: rm-recursive-absolute
Invoke-Expression 'Remove-Item -Recurse -Force C:\srv\data'
# ruleid: rm-recursive-absolute
pwsh -NoProfile -Command "Remove-Item -Recurse -Force C:\srv\data"
# ruleid: rm-recursive-absolute
cmd /c "rd /s /q D:\backups"
# ruleid: windows-shadow-copies-delete
cmd.exe /c "vssadmin delete shadows /all /quiet"
# ruleid: rm-recursive-absolute
powershell -NoP -NonI -EncodedCommand UgBlAG0AbwB2AGUALQBJAHQAZQBtACAALQBSAGUAYwB1AHIAcwBlACAAQwA6AFwAcwByAHYAXABkAGEAdABhAA==
# ruleid: dynamic-eval
powershell -EncodedCommand AADY

# Not reported
# ok: dynamic-eval
Invoke-Expression 'Get-ChildItem C:\srv'
# ok: rm-recursive-absolute
pwsh -Command "Remove-Item -Recurse C:\srv\data -WhatIf"
