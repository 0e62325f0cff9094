function f { if ($a) { Remove-Item $env:TEMP\x -Recurse ] ) }
} }
@(
