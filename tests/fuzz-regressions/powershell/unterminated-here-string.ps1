$x = @'
Remove-Item -Recurse C:\data
