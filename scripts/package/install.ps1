<#
.SYNOPSIS
Installs, upgrades or uninstalls ftps-enforcer from this unpacked release (elevated PowerShell).

.EXAMPLE
.\install.ps1 -DesiredPath C:\ProgramData\ftps-enforcer\desired.json -Every 15m

.EXAMPLE
.\install.ps1 -Uninstall
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [string]$InstallPath,
    [string]$DesiredPath,
    [string]$Every,
    [ValidateSet('apply', 'audit')][string]$Mode = 'apply',
    [string]$ConfigPath,
    [switch]$Uninstall
)
$ErrorActionPreference = 'Stop'
# This release's own module (not one already on PSModulePath): the installer of the version being installed.
Import-Module (Join-Path $PSScriptRoot 'scripts\FtpsEnforcer\FtpsEnforcer.psd1') -Force
$common = @{}
if ($InstallPath) { $common.InstallPath = $InstallPath }
if ($Uninstall) {
    Uninstall-FtpsEnforcer @common
    return
}
$options = @{ SourcePath = $PSScriptRoot; Mode = $Mode }
if ($DesiredPath) { $options.DesiredPath = $DesiredPath }
if ($Every) { $options.Every = $Every }
if ($ConfigPath) { $options.ConfigPath = $ConfigPath }
Install-FtpsEnforcer @common @options
