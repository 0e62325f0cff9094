@echo off
REM Fixture: cmd.exe deletes and Windows tools in a batch file, and the look-alikes that must
REM stay quiet. Never run this file.
setlocal

REM ruleid: cmd-rmdir-del-recursive
rd /s /q C:\
REM ruleid: cmd-rmdir-del-recursive
RMDIR /S /Q "C:\Users"
REM ruleid: cmd-rmdir-del-recursive
rd /s /q %USERPROFILE%
REM ruleid: cmd-rmdir-del-recursive
del /f /s /q C:\Windows\System32\*
:: ruleid: rm-recursive-absolute
rd /s /q D:\backups
set DATA=E:\srv\data
:: ruleid: rm-recursive-absolute
if exist %DATA% rd /s /q %DATA%
REM ruleid: rm-recursive-absolute
del /s /q \\fs01\share\reports\*
REM ruleid: windows-shadow-copies-delete
vssadmin delete shadows /all /quiet
REM ruleid: windows-shadow-copies-delete
wmic shadowcopy delete /nointeractive
REM ruleid: cmd-format-drive
format D: /fs:NTFS /q /y
REM ruleid: windows-diskpart-script
diskpart /s "%~dp0wipe.txt"
REM ruleid: windows-cipher-wipe
cipher /w:C:\
REM ruleid: windows-robocopy-mirror
robocopy C:\empty D:\data /MIR
REM ruleid: kubectl-delete-namespace
kubectl delete namespace web && echo done
REM ruleid: rm-recursive-absolute
cmd /c "rd /s /q D:\old"
REM ruleid: rm-recursive-absolute
powershell -NoProfile -Command "Remove-Item -Recurse -Force D:\old"

REM Not reported
REM ok: cmd-rmdir-del-recursive, rm-recursive-absolute
rd /s /q build
REM ok: cmd-rmdir-del-recursive, rm-recursive-absolute
rmdir /s /q "%TEMP%\setup"
REM ok: cmd-rmdir-del-recursive, rm-recursive-absolute
del /q C:\Users\deploy\project\dist\app.js
REM ok: windows-shadow-copies-delete
vssadmin list shadows
REM ok: windows-robocopy-mirror
robocopy C:\src D:\dst /E
REM ok: windows-robocopy-mirror
robocopy C:\src D:\dst /MIR /L
REM ok: windows-cipher-wipe
cipher /e C:\secret
REM ok: rm-recursive-absolute
rd C:\data\empty-folder
endlocal
