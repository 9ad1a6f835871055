# Test double of Get-Acl (Microsoft.PowerShell.Security) for Linux, where PowerShell has no Get-Acl at all: the
# command is autoloaded from this module when it is on PSModulePath. It returns Windows-shaped security
# descriptors described in $env:FTPS_DOUBLE_ACL_FILE, a JSON object keyed by path:
#   { "<path>": { "owner": "BUILTIN\\Administrators", "ownerSid": "S-1-5-32-544",
#                 "access": [ { "identity": "BUILTIN\\Users", "sid": "S-1-5-32-545", "rights": "Modify, Synchronize" | 268435456,
#                               "type": "Allow", "inherited": true, "propagation": "None" | "InheritOnly" } ] } }
# A path not in the file gets the ACL Windows gives files under C:\ProgramData\<folder> created by an
# administrator: SYSTEM and Administrators full control, Users read and execute (inherited).
# Only what the agent uses is implemented: Owner, Access, GetAccessRules(includeExplicit, includeInherited,
# [SecurityIdentifier]) and GetOwner([SecurityIdentifier]); a missing path fails like Get-Acl does.
Set-StrictMode -Version Latest

function New-DoubleIdentity([string]$Sid, [string]$Name) {
    $id = [pscustomobject]@{ Value = $Sid; Name = $Name }
    $id | Add-Member -MemberType ScriptMethod -Name Translate -Value { param($Type) [pscustomobject]@{ Value = $this.Name } }
    $id | Add-Member -MemberType ScriptMethod -Name ToString -Value { $this.Value } -Force
    return $id
}

function ConvertTo-DoubleRights($Value) {
    if ($Value -is [string]) { return [System.Security.AccessControl.FileSystemRights]$Value }
    # Generic rights (e.g. 268435456 GENERIC_ALL) are not enum names; Get-Acl reports them as raw values.
    $v = [int64]$Value
    if ($v -gt 2147483647) { $v -= 4294967296 }
    return [System.Enum]::ToObject([System.Security.AccessControl.FileSystemRights], [int]$v)
}

function Get-Acl {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string]$Path, [string]$LiteralPath)
    $target = $LiteralPath
    if (-not $target) { $target = $Path }
    if (-not (Test-Path -LiteralPath $target)) {
        throw "Cannot find path '$target' because it does not exist."
    }
    $map = $null
    if ($env:FTPS_DOUBLE_ACL_FILE -and (Test-Path -LiteralPath $env:FTPS_DOUBLE_ACL_FILE)) { $map = Get-Content -LiteralPath $env:FTPS_DOUBLE_ACL_FILE -Raw | ConvertFrom-Json }
    $spec = $null
    if ($null -ne $map -and $map.PSObject.Properties.Name -contains $target) { $spec = $map.$target }
    if ($null -eq $spec) {
        $spec = [pscustomobject]@{
            owner = 'BUILTIN\Administrators'; ownerSid = 'S-1-5-32-544'
            access = @(
                [pscustomobject]@{ identity = 'NT AUTHORITY\SYSTEM'; sid = 'S-1-5-18'; rights = 'FullControl'; type = 'Allow'; inherited = $true; propagation = 'None' },
                [pscustomobject]@{ identity = 'BUILTIN\Administrators'; sid = 'S-1-5-32-544'; rights = 'FullControl'; type = 'Allow'; inherited = $true; propagation = 'None' },
                [pscustomobject]@{ identity = 'BUILTIN\Users'; sid = 'S-1-5-32-545'; rights = 'ReadAndExecute, Synchronize'; type = 'Allow'; inherited = $true; propagation = 'None' }
            )
        }
    }
    $rules = @($spec.access | ForEach-Object {
            [pscustomobject]@{
                FileSystemRights  = (ConvertTo-DoubleRights $_.rights)
                AccessControlType = [System.Security.AccessControl.AccessControlType]$_.type
                IdentityReference = (New-DoubleIdentity $_.sid $_.identity)
                IsInherited       = [bool]$_.inherited
                InheritanceFlags  = [System.Security.AccessControl.InheritanceFlags]'None'
                PropagationFlags  = [System.Security.AccessControl.PropagationFlags]$_.propagation
            }
        })
    $acl = [pscustomobject]@{ Path = $target; Owner = $spec.owner; OwnerSid = $spec.ownerSid; Rules = $rules }
    $acl | Add-Member -MemberType ScriptProperty -Name Access -Value { $this.Rules | ForEach-Object { $r = $_.PSObject.Copy(); $r.IdentityReference = [pscustomobject]@{ Value = $_.IdentityReference.Name }; $r } }
    $acl | Add-Member -MemberType ScriptMethod -Name GetAccessRules -Value { param($IncludeExplicit, $IncludeInherited, $TargetType) $this.Rules | Where-Object { ($_.IsInherited -and $IncludeInherited) -or (-not $_.IsInherited -and $IncludeExplicit) } }
    $acl | Add-Member -MemberType ScriptMethod -Name GetOwner -Value { param($TargetType) [pscustomobject]@{ Value = $this.OwnerSid } }
    return $acl
}

Export-ModuleMember -Function Get-Acl
