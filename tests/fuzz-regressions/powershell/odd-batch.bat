@echo off
if not exist "%X% (rd /s /q ^
%%~dp0
%VAR:~0,
for /f %%a in ('x') do ( del /s /q %%a
)
