# Loads the private helpers and the public functions. Nothing runs at import time.
Set-StrictMode -Version Latest

foreach ($folder in @('Private', 'Public')) {
    foreach ($file in (Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot $folder) -Filter '*.ps1' | Sort-Object Name)) {
        . $file.FullName
    }
}

Export-ModuleMember -Function 'Test-FtpsEnforcer', 'Invoke-FtpsEnforcer', 'Install-FtpsEnforcer', 'Uninstall-FtpsEnforcer'
