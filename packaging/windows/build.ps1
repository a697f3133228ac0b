<#
.SYNOPSIS
  Build SG Desktop for Windows: the bundle dist\sg-desktop\ and the installer dist\sg-desktop-<version>-setup.exe.

.DESCRIPTION
  Runs PyInstaller on packaging\sg-desktop.spec (PyInstaller comes from the `packaging` dependency group in
  uv.lock), checks the bundle with its own --self-test, optionally signs both programs with signtool, then
  compiles packaging\windows\sg-desktop.iss with Inno Setup 6 (ISCC.exe), signing the installer too.

  Prerequisites: Windows 10 or 11 (x64), Python 3.11 or later from python.org (64-bit), uv
  (`py -m pip install uv`), Inno Setup 6, and for signing the Windows SDK's signtool.exe with a code-signing
  certificate in the certificate store. See packaging\README.md.

  Written from the PyInstaller, Inno Setup and signtool documentation; it has not been run by the project
  (its CI is Linux). Check its first run by hand.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 -CertificateThumbprint 0123ABCD...
#>
param(
  # The SHA-1 thumbprint of the code-signing certificate (Cert:\CurrentUser\My or LocalMachine\My); unsigned without.
  [string]$CertificateThumbprint = "",
  # The RFC 3161 time-stamping service of the certificate's issuer, so signatures outlive the certificate.
  [string]$TimestampUrl = "http://timestamp.digicert.com",
  [string]$SignTool = "signtool.exe",
  [string]$Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

function Invoke-Checked([string]$What, [scriptblock]$Command) {
  & $Command
  if ($LASTEXITCODE -ne 0) { throw "$What failed (exit status $LASTEXITCODE)" }
}

Invoke-Checked "uv sync" { uv sync --locked --group packaging --inexact --quiet }
Remove-Item -Recurse -Force build\pyinstaller, dist\sg-desktop -ErrorAction SilentlyContinue
Invoke-Checked "PyInstaller" {
  uv run --locked --group packaging --no-sync pyinstaller --noconfirm --clean --log-level WARN `
    --workpath build\pyinstaller --distpath dist packaging\sg-desktop.spec
}

$cli = "dist\sg-desktop\sg-desktop.exe"      # the console program: commands, --version, --self-test
$gui = "dist\sg-desktop\SG Desktop.exe"      # the windowed program the Start menu opens
$version = ((& $cli --version) -replace "^SG Desktop ", "").Trim()
if (-not $version) { throw "the bundle did not say its version" }
$size = [math]::Round(((Get-ChildItem -Recurse dist\sg-desktop | Measure-Object Length -Sum).Sum / 1MB))
Write-Host "Built dist\sg-desktop\ ($size MB), version $version"

# The same check IT runs after installing: every part of the application, offscreen, on a throw-away vault.
$env:QT_QPA_PLATFORM = "offscreen"
Invoke-Checked "the bundle's --self-test" { & $cli --self-test }
Remove-Item Env:\QT_QPA_PLATFORM

$isccArgs = @("/DAppVersion=$version", "packaging\windows\sg-desktop.iss")
if ($CertificateThumbprint) {
  $sign = @("sign", "/sha1", $CertificateThumbprint, "/fd", "SHA256", "/tr", $TimestampUrl, "/td", "SHA256",
            "/d", "SG Desktop")
  Invoke-Checked "signtool (the programs)" { & $SignTool @sign $cli $gui }
  Invoke-Checked "signtool verify" { & $SignTool verify /pa /v $cli $gui }
  # Inno Setup signs Setup and its uninstaller with this command; $f is the file, $q a quote.
  $isccArgs = @("/Ssgsign=`$q$SignTool`$q sign /sha1 $CertificateThumbprint /fd SHA256 /tr $TimestampUrl /td SHA256 /d `$qSG Desktop`$q `$f",
                "/DSignToolName=sgsign") + $isccArgs
}
if (-not (Test-Path $Iscc)) { throw "Inno Setup's ISCC.exe is not at $Iscc; install Inno Setup 6 or pass -Iscc PATH" }
Invoke-Checked "Inno Setup" { & $Iscc @isccArgs }
Write-Host "Built dist\sg-desktop-$version-setup.exe"
