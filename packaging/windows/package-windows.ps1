# Windows packaging of bitcoinfx-experimental (not run in this project's CI: it needs Windows).
# Makes packaging\target\windows\bitcoinfx-experimental\ (app image) and a per-user MSI:
#   1. jlink runtime (the Linux module list, OpenJFX from Maven's "win" jars, its .dll files in runtime\bin)
#   2. jpackage app image; the node at <image>\lib\node\bitcoin-node.exe (where NodeLocator looks on Windows)
#      with bitcoin-node.json / bitcoin-node.sha256 beside it
#   3. jpackage --type msi --win-per-user-install (no administrator rights, installs under %LOCALAPPDATA%)
#   4. optional Authenticode signing (signtool) of the node, the launcher and the MSI
# Needs: Windows 10 1803 or newer (AF_UNIX sockets), a full JDK 17+ (with jmods) as JAVA_HOME,
# WiX Toolset 3.x on PATH (candle.exe, light.exe) for the MSI, for signing the Windows SDK's signtool,
# and a bitcoin-node.exe built with IPC. Each is checked before anything is built.
# Bitcoin Core's -ipcbind does not support Windows yet: until it does, the packaged app cannot
# start its node there, and this script is for the day it can.
#
# Usage (PowerShell):
#   .\packaging\windows\package-windows.ps1 -NodeZip bitcoin-31.0-win64.zip -Sha256Sums SHA256SUMS [-SignCert cert.pfx]
#   .\packaging\windows\package-windows.ps1 -NodeBinary C:\path\bitcoin-node.exe
param(
    [string]$NodeBinary = "",
    [string]$NodeZip = "",
    [string]$Sha256Sums = "",
    [string]$SignCert = "",
    # RFC 3161 timestamp server of the certificate's issuer, needed with -SignCert
    [string]$TimestampUrl = ""
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$Name = "bitcoinfx-experimental"
$Modules = "java.base,java.desktop,java.logging,java.naming,java.sql,java.xml,jdk.security.auth,jdk.unsupported,jdk.localedata,jdk.charsets,javafx.base,javafx.graphics,javafx.controls,javafx.swing"
# a fixed upgrade code, so that a newer MSI replaces an older one (never change it)
$UpgradeUuid = "6f1c3b4e-2a8d-4c57-9e0b-b17c0fd9a5e1"
# Every piece is checked here, before anything is built (sources: packaging/README.md, "Windows").
if (-not $NodeBinary -and -not $NodeZip) {
    throw "No bitcoin-node supplied: give -NodeZip with -Sha256Sums, or -NodeBinary (this project never builds or vendors Bitcoin Core)"
}
# AF_UNIX sockets (the app's IPC to its node) exist from Windows 10 version 1803, build 17134
$build = [System.Environment]::OSVersion.Version.Build
if ([System.Environment]::OSVersion.Platform -ne "Win32NT" -or $build -lt 17134) {
    throw "Windows 10 version 1803 (build 17134) or newer is needed: AF_UNIX sockets, which the app uses to talk to its node, start there (this is build $build)"
}
if ($SignCert -and -not $TimestampUrl) { throw "-SignCert needs -TimestampUrl (your CA's RFC 3161 server)" }
if ($SignCert -and -not (Get-Command signtool -ErrorAction SilentlyContinue)) { throw "-SignCert needs signtool.exe on PATH (Windows SDK)" }
if ($SignCert -and -not (Test-Path $SignCert)) { throw "-SignCert $SignCert does not exist" }
if (-not $env:JAVA_HOME -or -not (Test-Path "$env:JAVA_HOME\jmods\java.base.jmod")) { throw "set JAVA_HOME to a full JDK 17+ with jmods" }
if (-not (Test-Path "$env:JAVA_HOME\bin\jpackage.exe")) { throw "no jpackage.exe in $env:JAVA_HOME\bin (JDK 17+)" }
foreach ($wix in "candle.exe", "light.exe") {
    if (-not (Get-Command $wix -ErrorAction SilentlyContinue)) { throw "$wix not on PATH: jpackage 17 makes the MSI with WiX Toolset 3.x (wixtoolset.org)" }
}
# The node must be a multiprocess build serving -ipcbind. Bitcoin Core does not build it for Windows yet
# (CMakeLists.txt: ENABLE_IPC ... "NOT WIN32"; doc/multiprocess.md): its win64 zips have no bitcoin-node.exe.
$NoIpc = "Bitcoin Core's IPC (bitcoin-node, -ipcbind) does not build on Windows yet (ENABLE_IPC is off for WIN32; doc/multiprocess.md), so there is no Windows node this app can drive. This script is for the day there is one."
if ($NodeZip) {
    if (-not (Test-Path $NodeZip)) { throw "-NodeZip $NodeZip does not exist" }
    if (-not $Sha256Sums -or -not (Test-Path $Sha256Sums)) { throw "-NodeZip needs -Sha256Sums (the release's SHA256SUMS)" }
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $z = [System.IO.Compression.ZipFile]::OpenRead((Resolve-Path $NodeZip))
    $hasNode = @($z.Entries | Where-Object { $_.FullName -match "^[^/]+/libexec/bitcoin-node\.exe$" }).Count -eq 1
    $z.Dispose()
    if (-not $hasNode) { throw "$NodeZip has no libexec\bitcoin-node.exe. $NoIpc" }
} else {
    if (-not (Test-Path $NodeBinary)) { throw "-NodeBinary $NodeBinary does not exist" }
    $help = (& $NodeBinary -help 2>$null) -join "`n"
    if ($help -notmatch "-ipcbind=") { throw "$NodeBinary does not offer -ipcbind. $NoIpc" }
}
$Version = ([xml](Get-Content packaging\pom.xml)).project.properties.'app.version'
$Work = "packaging\target\windows"
if (Test-Path $Work) { Remove-Item -Recurse -Force $Work }
New-Item -ItemType Directory "$Work\input" | Out-Null

# mvnw.cmd: Maven 3.9 with the pinned dependency and plugin checksums (.mvn/checksums)
& .\mvnw.cmd -B -q -ntp -pl packaging -am package -DskipTests
if ($LASTEXITCODE -ne 0) { throw "maven build failed" }
$Jars = "packaging\target\jars"
Get-ChildItem $Jars -Filter *.jar | Where-Object { $_.Name -notlike "javafx-*" } | Copy-Item -Destination "$Work\input"
$Fx = (Get-ChildItem $Jars -Filter "javafx-*-win.jar" | ForEach-Object { $_.FullName }) -join ";"
if (-not $Fx) { throw "no JavaFX win jars in $Jars (was Maven run on Windows?)" }

# 1. runtime
& "$env:JAVA_HOME\bin\jlink" --module-path "$env:JAVA_HOME\jmods;$Fx" --add-modules $Modules `
    --strip-debug --no-header-files --no-man-pages --strip-native-commands --compress=2 `
    "--exclude-resources=glob:/javafx.graphics/*.dll" --output "$Work\runtime"
if ($LASTEXITCODE -ne 0) { throw "jlink failed" }
Add-Type -AssemblyName System.IO.Compression.FileSystem
$graphics = Get-ChildItem $Jars -Filter "javafx-graphics-*-win.jar" | Select-Object -First 1
$zip = [System.IO.Compression.ZipFile]::OpenRead($graphics.FullName)
foreach ($e in $zip.Entries) {
    if ($e.FullName -notmatch "/" -and $e.FullName -like "*.dll") {
        [System.IO.Compression.ZipFileExtensions]::ExtractToFile($e, (Join-Path "$Work\runtime\bin" $e.Name), $true)
    }
}
$zip.Dispose()

# 2. app image and node
$MainJar = (Get-ChildItem $Jars -Filter "gui-app-*.jar").Name
& "$env:JAVA_HOME\bin\jpackage" --type app-image --name $Name --app-version $Version --vendor "Bitcoin FX" `
    --runtime-image "$Work\runtime" --input "$Work\input" --main-jar $MainJar --main-class org.bitcoinfx.gui.Main `
    --icon icons\bitcoinfx.ico --dest $Work
if ($LASTEXITCODE -ne 0) { throw "jpackage app-image failed" }
$Image = "$Work\$Name"
$NodeDir = "$Image\lib\node"
New-Item -ItemType Directory $NodeDir | Out-Null
if ($NodeZip) {
    if (-not $Sha256Sums) { throw "-NodeZip needs -Sha256Sums" }
    $zipName = Split-Path $NodeZip -Leaf
    $want = (Get-Content $Sha256Sums | Where-Object { ($_ -split "\s+", 2)[1].TrimStart("*") -eq $zipName } | ForEach-Object { ($_ -split "\s+")[0].ToLower() })
    if (-not $want) { throw "$zipName is not listed in $Sha256Sums" }
    $have = (Get-FileHash -Algorithm SHA256 $NodeZip).Hash.ToLower()
    if ($want -ne $have) { throw "SHA-256 of $zipName is $have, $Sha256Sums lists $want" }
    Expand-Archive $NodeZip -DestinationPath "$Work\node-x"
    $found = @(Get-ChildItem "$Work\node-x\*\libexec\bitcoin-node.exe")
    if ($found.Count -ne 1) { throw "$zipName has no single libexec\bitcoin-node.exe" }
    Copy-Item $found[0].FullName "$NodeDir\bitcoin-node.exe"
    $source = $zipName; $sourceSha = $have
} else {
    Copy-Item $NodeBinary "$NodeDir\bitcoin-node.exe"
    $source = "binary"; $sourceSha = ""
}
Copy-Item packaging\src\jpackage\common\bitcoin-node-COPYING "$NodeDir\COPYING"
if ($SignCert) {
    & signtool sign /fd SHA256 /f $SignCert /tr $TimestampUrl /td SHA256 "$NodeDir\bitcoin-node.exe" "$Image\$Name.exe"
    if ($LASTEXITCODE -ne 0) { throw "signtool failed" }
}
$sha = (Get-FileHash -Algorithm SHA256 "$NodeDir\bitcoin-node.exe").Hash.ToLower()
if (-not $sourceSha) { $sourceSha = $sha }
$vline = (& "$NodeDir\bitcoin-node.exe" -version | Select-Object -First 1)
Write-Output "bundled bitcoin-node: $vline"
Write-Output "bundled bitcoin-node SHA-256: $sha"
$json = "{`n  `"versionLine`" : `"$vline`",`n  `"sha256`" : `"$sha`",`n  `"source`" : `"$source`",`n  `"sourceSha256`" : `"$sourceSha`"`n}`n"
[System.IO.File]::WriteAllText("$NodeDir\bitcoin-node.json", $json)
[System.IO.File]::WriteAllText("$NodeDir\bitcoin-node.sha256", "$sha  bitcoin-node.exe`n")

# 3. per-user MSI: beside, never over, Bitcoin Core; its own Start menu group
& "$env:JAVA_HOME\bin\jpackage" --type msi --app-image $Image --name $Name --app-version $Version --vendor "Bitcoin FX" `
    --description "Experimental frontend for Bitcoin Core over IPC" `
    --win-per-user-install --win-menu --win-menu-group "Bitcoin FX (experimental)" --win-shortcut --win-dir-chooser `
    --win-upgrade-uuid $UpgradeUuid --dest $Work
if ($LASTEXITCODE -ne 0) { throw "jpackage msi failed" }
$msi = Get-ChildItem $Work -Filter "*.msi" | Select-Object -First 1
if ($SignCert) {
    & signtool sign /fd SHA256 /f $SignCert /tr $TimestampUrl /td SHA256 $msi.FullName
    if ($LASTEXITCODE -ne 0) { throw "signtool failed" }
}
$h = (Get-FileHash -Algorithm SHA256 $msi.FullName).Hash.ToLower()
[System.IO.File]::WriteAllText("$Work\SHA256SUMS", "$h  $($msi.Name)`n")
Write-Output "done: $($msi.FullName)"
