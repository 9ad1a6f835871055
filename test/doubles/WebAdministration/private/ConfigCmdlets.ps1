# Get-/Set-WebConfigurationProperty and the commit delay, over the files in ConfigFiles.ps1.
# Without a commit delay every Set is written at once; inside Start-/Stop-WebCommitDelay writes are held in
# memory (reads see them) until Stop-WebCommitDelay -Commit $true writes them, or -Commit $false drops them.
# The commit writes each changed file on its own (applicationHost.config, then configSource files, by path), so
# failCommitAfterFiles can leave a split configuration half-written, as a failure between two file replaces would.
# With env FTPS_DOUBLE_IIS75=1 the module is Server 2008 R2's: Begin-/End-WebCommitDelay instead.

$script:CommitDelayOpen = $false

function Assert-DoublePSPath {
    param([string[]]$PSPath)
    foreach ($p in $PSPath) {
        $t = $p.Trim().TrimEnd('\', '/')
        if (-not ($t -ieq 'MACHINE/WEBROOT/APPHOST' -or $t -ieq 'IIS:')) {
            throw "The WebAdministration test double models only -PSPath 'MACHINE/WEBROOT/APPHOST' (or IIS:\), not '$p'."
        }
    }
}

function Get-DoubleDisplayPath { param([string]$Filter) '/' + $Filter.Trim().TrimStart('/') }

# The shape of Microsoft.IIs.PowerShell.Framework.ConfigurationAttribute that callers use.
function New-DoubleConfigurationAttribute {
    param($Schema, $Value, [bool]$Inherited, [string]$Filter)
    $attr = [pscustomobject]@{
        PSTypeName                  = 'Microsoft.IIs.PowerShell.Framework.ConfigurationAttribute'
        Name                        = $Schema.Name
        Value                       = $Value
        Schema                      = $Schema
        IsInheritedFromDefaultValue = $Inherited
        IsProtected                 = $false
        TypeName                    = 'Microsoft.IIs.PowerShell.Framework.ConfigurationAttribute'
        ItemXPath                   = Get-DoubleDisplayPath $Filter
        Location                    = ''
        PSPath                      = 'MACHINE/WEBROOT/APPHOST'
    }
    return $attr
}

function Get-WebConfigurationProperty {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Filter,
        [Parameter(Mandatory = $true)][string[]]$Name,
        [string[]]$PSPath = @('MACHINE/WEBROOT/APPHOST'),
        [string[]]$Location,
        [switch]$Recurse
    )
    Assert-DoublePSPath $PSPath
    if (-not $script:CommitDelayOpen) { Clear-DoubleOpenFiles }
    $state = Read-DoubleServiceState
    foreach ($n in $Name) {
        $steps = ConvertFrom-DoubleFilter $Filter
        $schemaPath = (@($steps | ForEach-Object { $_.Name }) -join '/')
        $schema = Get-DoubleAttributeSchema $schemaPath $n
        if ($null -eq $schema) {
            if (-not $script:DoubleSchema.ContainsKey($schemaPath)) { [void](Resolve-DoubleTarget -Filter $Filter) }
            Write-Warning "Property $n is not found on $(Get-DoubleDisplayPath $Filter)."
            continue
        }
        $target = Resolve-DoubleTarget -Filter $Filter
        if ($null -ne $target.Missing -and $null -ne $target.Missing.Attribute) {
            Write-Warning "Target configuration object '$(Get-DoubleDisplayPath $Filter)' is not found at path 'MACHINE/WEBROOT/APPHOST'."
            continue
        }
        $text = $null
        if ($null -ne $target.Element -and $target.Element.HasAttribute($schema.Name)) { $text = $target.Element.GetAttribute($schema.Name) }
        $inherited = ($null -eq $text)
        if ($inherited -and $schemaPath.StartsWith('system.applicationHost/sites/site/')) {
            # A site's ftpServer settings inherit from siteDefaults when the site does not set them.
            $defaultsFilter = 'system.applicationHost/sites/siteDefaults/' + (($steps | Select-Object -Skip 3 | ForEach-Object { $_.Name }) -join '/')
            $defaults = Resolve-DoubleTarget -Filter $defaultsFilter
            if ($null -ne $defaults.Element -and $defaults.Element.HasAttribute($schema.Name)) { $text = $defaults.Element.GetAttribute($schema.Name) }
        }
        $value = ConvertFrom-DoubleStoredValue -Schema $schema -Text $text -EnumAsNumber:([bool]$state.enumAsNumber)
        $normalized = $null
        if ($state.normalizeOnRead -and $state.normalizeOnRead.PSObject.Properties[$schema.Name]) { $normalized = $state.normalizeOnRead.($schema.Name) }
        if ($null -ne $normalized -and $null -ne $text) {
            # Failure injection: the value reads back in another form than it was written (as IIS normalising a value).
            $value = $normalized
        }
        New-DoubleConfigurationAttribute -Schema $schema -Value $value -Inherited $inherited -Filter $Filter
    }
}

function Set-WebConfigurationProperty {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Filter,
        [Parameter(Mandatory = $true)][string]$Name,
        [Parameter(Mandatory = $true)][AllowEmptyString()][object]$Value,
        [string[]]$PSPath = @('MACHINE/WEBROOT/APPHOST'),
        [string[]]$Location,
        [switch]$Force
    )
    Assert-DoublePSPath $PSPath
    # Counted in the state file, so "the Nth Set" means the same across processes.
    $state = Read-DoubleServiceState
    $state.setCalls = [int]$state.setCalls + 1
    Write-DoubleServiceState $state
    if ($state.failSetOnCall -and [int]$state.failSetOnCall -eq [int]$state.setCalls) {
        # Failure injection: the error IIS gives when it cannot write applicationHost.config.
        throw "Filename: \\?\$(Get-DoubleEffectiveConfigPath)`r`nError: Cannot write configuration file"
    }
    if (-not $script:CommitDelayOpen) { Clear-DoubleOpenFiles }
    $steps = ConvertFrom-DoubleFilter $Filter
    $schemaPath = (@($steps | ForEach-Object { $_.Name }) -join '/')
    if ($script:DoubleSchema.ContainsKey($schemaPath)) {
        $schema = Get-DoubleAttributeSchema $schemaPath $Name
        if ($null -eq $schema) { throw "Property $Name is not found on $(Get-DoubleDisplayPath $Filter)." }
    } else {
        [void](Resolve-DoubleTarget -Filter $Filter)   # throws "does not model"
    }
    $stored = ConvertTo-DoubleStoredValue -Schema $schema -Value $Value -ElementPath $Filter.Trim().TrimStart('/')
    $target = Resolve-DoubleTarget -Filter $Filter -Create
    if ($null -eq $target.Element) {
        # IIS warns and writes nothing when the filter selects no element (e.g. no site of that name).
        Write-Warning "Target configuration object '$(Get-DoubleDisplayPath $Filter)' is not found at path 'MACHINE/WEBROOT/APPHOST'."
        return
    }
    $target.Element.SetAttribute($schema.Name, $stored)
    $target.File.Dirty = $true
    if (-not $script:CommitDelayOpen) {
        Save-DoubleConfigFile $target.File
        Clear-DoubleOpenFiles
    }
}

function Start-WebCommitDelay {
    [CmdletBinding()]
    param()
    if ($script:CommitDelayOpen) { throw 'A commit delay is already in progress; call Stop-WebCommitDelay first.' }
    Clear-DoubleOpenFiles
    $script:CommitDelayOpen = $true
}

function Stop-WebCommitDelay {
    [CmdletBinding()]
    param([bool]$Commit = $true)
    if (-not $script:CommitDelayOpen) { throw 'There is no commit delay in progress; call Start-WebCommitDelay first.' }
    $script:CommitDelayOpen = $false
    try {
        if ($Commit) {
            # Counted in the state file (commitCount), so a test can see how many commits a whole run made.
            $state = Read-DoubleServiceState
            $state.commitCount = [int]$state.commitCount + 1
            Write-DoubleServiceState $state
            if ($state.failCommit) {
                # Failure injection: the commit fails before any file is written.
                throw "Filename: \\?\$(Get-DoubleEffectiveConfigPath)`r`nError: Cannot commit configuration changes because the file has changed on disk"
            }
            $written = 0
            # A configSource split is several files, each replaced on its own: the commit can fail between them.
            foreach ($entry in @($script:OpenFiles.Values | Where-Object { $_.Dirty } | Sort-Object Path)) {
                if ($state.failCommitAfterFiles -and $written -ge [int]$state.failCommitAfterFiles) {
                    throw "Filename: \\?\$($entry.Path)`r`nError: Cannot write configuration file"
                }
                Save-DoubleConfigFile $entry
                $written++
            }
        }
    } finally {
        Clear-DoubleOpenFiles
    }
}

# Server 2008 R2 (IIS 7.5) names: the same behaviour under the older names.
function Begin-WebCommitDelay { [CmdletBinding()] param() Start-WebCommitDelay }
function End-WebCommitDelay { [CmdletBinding()] param([bool]$Commit = $true) Stop-WebCommitDelay -Commit $Commit }
