# IIS's -Filter syntax, as far as ftps-enforcer uses it: element steps separated by '/', a step may select
# one collection item by an attribute, quoted either way: site[@name='A'], site[@name="it's"], site[@id='7'].
# XPath literals have no escape, so a name holding both quote kinds can only be selected by id (as in IIS).

function ConvertFrom-DoubleFilter {
    param([string]$Filter)
    $text = $Filter.Trim()
    if ($text.StartsWith('/')) { $text = $text.Substring(1) }
    $raw = New-Object System.Collections.Generic.List[string]
    $buf = New-Object System.Text.StringBuilder
    $depth = 0
    $quote = [char]0
    foreach ($ch in $text.ToCharArray()) {
        if ($quote -ne [char]0) {
            if ($ch -eq $quote) { $quote = [char]0 }
            [void]$buf.Append($ch)
        } elseif ($depth -gt 0 -and ($ch -eq [char]"'" -or $ch -eq [char]'"')) {
            $quote = $ch; [void]$buf.Append($ch)
        } elseif ($ch -eq [char]'[') {
            $depth++; [void]$buf.Append($ch)
        } elseif ($ch -eq [char]']') {
            $depth--; [void]$buf.Append($ch)
        } elseif ($ch -eq [char]'/' -and $depth -eq 0) {
            $raw.Add($buf.ToString()); [void]$buf.Clear()
        } else {
            [void]$buf.Append($ch)
        }
    }
    if ($quote -ne [char]0 -or $depth -ne 0) { throw "Filter '$Filter' is not valid: an unterminated quote or bracket." }
    $raw.Add($buf.ToString())
    $steps = @()
    foreach ($r in $raw) {
        $m = [regex]::Match($r, '^(?<name>[A-Za-z0-9_.\-]+)(?:\[@(?<attr>[A-Za-z0-9_]+)=(?:''(?<v1>[^'']*)''|"(?<v2>[^"]*)")\])?$')
        if (-not $m.Success) { throw "Filter '$Filter' is not valid: cannot parse '$r'." }
        $step = [pscustomobject]@{ Name = $m.Groups['name'].Value; Attribute = $null; Value = $null }
        if ($m.Groups['attr'].Success) {
            $step.Attribute = $m.Groups['attr'].Value
            if ($m.Groups['v1'].Success) { $step.Value = $m.Groups['v1'].Value } else { $step.Value = $m.Groups['v2'].Value }
        }
        $steps += $step
    }
    return , $steps
}

# Appends a child element with indentation like its siblings, so a write changes as little text as it can.
function Add-DoubleChildElement {
    param([System.Xml.XmlElement]$Parent, [string]$Name)
    $doc = $Parent.OwnerDocument
    $element = $doc.CreateElement($Name)
    $last = $Parent.LastChild
    $first = $Parent.FirstChild
    if ($null -ne $last -and $last.NodeType -eq [System.Xml.XmlNodeType]::Whitespace -and $first.NodeType -eq [System.Xml.XmlNodeType]::Whitespace -and -not [object]::ReferenceEquals($first, $last)) {
        [void]$Parent.InsertBefore($doc.CreateWhitespace($first.Value), $last)
        [void]$Parent.InsertBefore($element, $last)
        return $element
    }
    $outer = "`n"
    $prev = $Parent.PreviousSibling
    if ($null -ne $prev -and $prev.NodeType -eq [System.Xml.XmlNodeType]::Whitespace) { $outer = $prev.Value }
    [void]$Parent.AppendChild($doc.CreateWhitespace($outer + '    '))
    [void]$Parent.AppendChild($element)
    [void]$Parent.AppendChild($doc.CreateWhitespace($outer))
    return $element
}

function Test-DoubleStepMatches {
    param([System.Xml.XmlElement]$Element, $Step)
    if ($Element.LocalName -cne $Step.Name) { return $false }
    if ($null -eq $Step.Attribute) { return $true }
    # IIS compares collection keys such as site names without regard to case.
    return [string]::Equals($Element.GetAttribute($Step.Attribute), $Step.Value, [StringComparison]::OrdinalIgnoreCase)
}

# Finds (or, with -Create, makes) the element a filter selects. Returns $null Element when it does not exist.
function Resolve-DoubleTarget {
    param([string]$Filter, [switch]$Create)
    $steps = ConvertFrom-DoubleFilter $Filter
    $schemaPath = (@($steps | ForEach-Object { $_.Name }) -join '/')
    if (-not $script:DoubleSchema.ContainsKey($schemaPath)) {
        throw "The WebAdministration test double does not model '$schemaPath' (filter '$Filter'); it knows only the FTP elements ftps-enforcer uses."
    }
    $section = $null
    foreach ($s in $script:DoubleSections) { if ($schemaPath -eq $s -or $schemaPath.StartsWith("$s/")) { $section = $s } }
    $sectionStepCount = $section.Split('/').Length
    $entry = Read-DoubleConfigFile (Get-DoubleEffectiveConfigPath)
    $node = $entry.Doc.DocumentElement
    $result = [pscustomobject]@{ Element = $null; File = $entry; SchemaPath = $schemaPath; Steps = $steps; Missing = $null }
    for ($i = 0; $i -lt $steps.Count; $i++) {
        $step = $steps[$i]
        $next = $null
        foreach ($child in $node.ChildNodes) {
            if ($child -is [System.Xml.XmlElement] -and (Test-DoubleStepMatches $child $step)) { $next = $child; break }
        }
        if ($null -eq $next) {
            if ($null -ne $step.Attribute -or -not $Create) { $result.Missing = $step; return $result }
            $next = Add-DoubleChildElement $node $step.Name
        }
        $node = $next
        if ($i -eq $sectionStepCount - 1 -and $node.HasAttribute('configSource')) {
            # The section lives in its own file: IIS reads and writes it there.
            $sourcePath = Join-Path ([IO.Path]::GetDirectoryName($entry.Path)) $node.GetAttribute('configSource')
            $entry = Read-DoubleConfigFile $sourcePath
            $result.File = $entry
            $node = $entry.Doc.DocumentElement
        }
    }
    $result.Element = $node
    return $result
}
