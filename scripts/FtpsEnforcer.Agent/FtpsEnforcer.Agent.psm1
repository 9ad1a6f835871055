# Loads every functions/*.ps1 and exports the public entry points (named *-Ftps*); helpers stay private.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

foreach ($file in (Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot 'functions') -Filter '*.ps1' | Sort-Object Name)) {
    . $file.FullName
}

Export-ModuleMember -Function '*-Ftps*'
