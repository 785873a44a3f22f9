# Make a Windows exam-room PC a shared VitalsDesk machine (docs/deploy.md, "Windows").
#
# UNTESTED: written for Windows 10/11 but never run (the project's machines are Linux only).
# The Linux twin, packaging/linux/setup-clinic-pc.sh, is tested by tests/test_bundle.py.
#
#   powershell -ExecutionPolicy Bypass -File setup-clinic-pc.ps1 -DataFolder D:\VitalsDesk\Clinic -Accounts ma1,ma2
#
# Run as an administrator. It makes the local group "VitalsDesk" (the Accounts join it), the data
# folder (only Administrators, SYSTEM and the group; files made in it inherit that), the database
# key file %ProgramData%\VitalsDesk\database.key (read by the group, written by Administrators
# only; kept if it exists) and %ProgramData%\VitalsDesk\settings.toml naming both.
param(
    [Parameter(Mandatory = $true)][string]$DataFolder,
    [string[]]$Accounts = @()
)
$ErrorActionPreference = "Stop"
$group = "VitalsDesk"
if (-not (Get-LocalGroup -Name $group -ErrorAction SilentlyContinue)) {
    New-LocalGroup -Name $group -Description "Clinic accounts that use VitalsDesk" | Out-Null
}
foreach ($account in $Accounts) {
    Add-LocalGroupMember -Group $group -Member $account -ErrorAction SilentlyContinue
}

$etc = Join-Path $env:ProgramData "VitalsDesk"
New-Item -ItemType Directory -Force -Path $etc | Out-Null
New-Item -ItemType Directory -Force -Path $DataFolder | Out-Null
# *S-1-5-32-544 is Administrators, whatever the Windows language.
icacls $DataFolder /inheritance:r /grant:r "*S-1-5-32-544:(OI)(CI)F" "SYSTEM:(OI)(CI)F" "${group}:(OI)(CI)M" | Out-Null

$key = Join-Path $etc "database.key"
if (-not (Test-Path $key)) {
    $bytes = New-Object byte[] 32
    [System.Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($bytes)
    Set-Content -Path $key -Value (($bytes | ForEach-Object { $_.ToString("x2") }) -join "") -Encoding ascii
    Write-Host "New database key in $key. Keep a copy in the clinic's safe: without it the records cannot be opened."
}
icacls $key /inheritance:r /grant:r "*S-1-5-32-544:F" "SYSTEM:F" "${group}:R" | Out-Null

$settings = Join-Path $etc "settings.toml"
# TOML literal strings ('...') keep Windows backslashes as they are. WriteAllText writes UTF-8
# without the byte-order mark that Set-Content -Encoding utf8 would put first (not TOML).
$text = @"
# Written by setup-clinic-pc.ps1: every account on this PC uses this clinic's data folder.
data_folder = '$DataFolder'
key_file = '$key'
"@
[System.IO.File]::WriteAllText($settings, $text)
Write-Host "$settings : data folder $DataFolder (group $group)."
