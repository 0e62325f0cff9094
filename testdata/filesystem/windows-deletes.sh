#!/usr/bin/env bash
# Fixture: Windows cmd and PowerShell recursive deletes, as an agent might emit them. Never run
# this file.

# ruleid: cmd-rmdir-del-recursive
rmdir /s /q 'D:\'
# ruleid: cmd-rmdir-del-recursive
rd /s /q C:/
# ruleid: cmd-rmdir-del-recursive
RD /S /Q 'C:\Users'
# ruleid: cmd-rmdir-del-recursive
rmdir /s 'C:\Users\deploy'
# ruleid: cmd-rmdir-del-recursive
del /f /s /q 'C:\*'
# ruleid: cmd-rmdir-del-recursive
rd /s /q 'C:\Windows\System32'
# ruleid: cmd-rmdir-del-recursive
rd /s /q %USERPROFILE%
# ruleid: powershell-remove-item-recurse
Remove-Item -Recurse -Force 'C:\'
# ruleid: powershell-remove-item-recurse
Remove-Item -Path 'D:\' -Recurse -Force
# ruleid: powershell-remove-item-recurse
Remove-Item -LiteralPath 'C:\Program Files' -Recurse
# ruleid: powershell-remove-item-recurse, rm-recursive-root
rm -r -fo 'E:\'
# ruleid: powershell-remove-item-recurse
remove-item -recurse ~

# Not reported
# ok: cmd-rmdir-del-recursive
rmdir /s /q build
# ok: cmd-rmdir-del-recursive
rd /s /q 'C:\Users\deploy\project\dist'
# ok: cmd-rmdir-del-recursive
del /q '%TEMP%\*.log'
# ok: powershell-remove-item-recurse
Remove-Item -Recurse -Force .\dist
# ok: powershell-remove-item-recurse
Remove-Item -Recurse -Force 'C:\' -WhatIf
# ok: powershell-remove-item-recurse
Remove-Item -Path 'C:\Users\deploy\project\bin' -Recurse -Force
# ok: powershell-remove-item-recurse
Remove-Item 'C:\Users\deploy\notes.txt'
