# Build the IAM Desk installer on Windows: build venv -> PyInstaller folder -> NSIS installer.
# Needs: 64-bit Python 3.11+ from python.org (py launcher), NSIS 3 (makensis on PATH, or in
# "C:\Program Files (x86)\NSIS"). Run from anywhere:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Output: dist\iamdesk-<version>-setup.exe
$ErrorActionPreference = "Stop"
$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root

$Version = (Select-String -Path "app\__init__.py" -Pattern '^__version__ = "(.+)"$').Matches[0].Groups[1].Value
$Venv = "build\pkgvenv-win"
$PyInstallerVersion = "6.22.3"

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

# A venv of its own: PyInstaller plus exactly the runtime dependencies; the project itself is
# frozen from the source tree, so its installed copy is removed again.
if (-not (Test-Path "$Venv\Scripts\python.exe")) {
    Invoke-Checked "py" @("-3", "-m", "venv", $Venv)
}
$Python = "$Venv\Scripts\python.exe"
Invoke-Checked $Python @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
Invoke-Checked $Python @("-m", "pip", "install", "--quiet", "pyinstaller==$PyInstallerVersion")
$Src = Join-Path ([System.IO.Path]::GetTempPath()) ("iamdesk-src-" + [guid]::NewGuid())
New-Item -ItemType Directory -Path $Src | Out-Null
Copy-Item -Recurse pyproject.toml, README.md, app, ui -Destination $Src
Invoke-Checked $Python @("-m", "pip", "install", "--quiet", $Src)
Invoke-Checked $Python @("-m", "pip", "uninstall", "--quiet", "--yes", "iamdesk")
Remove-Item -Recurse -Force $Src

# Icons are rendered from the SVG with Qt, as on Linux, then the folder is frozen.
$env:QT_QPA_PLATFORM = "offscreen"
Invoke-Checked $Python @("packaging\render_icons.py")
Remove-Item Env:\QT_QPA_PLATFORM
Invoke-Checked "$Venv\Scripts\pyinstaller.exe" @("--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", "build\dist", "--workpath", "build\pyinstaller", "packaging\pyinstaller\iamdesk.spec")
Invoke-Checked "build\dist\iamdesk\iamctl.exe" @("--version")

$MakeNsis = (Get-Command makensis -ErrorAction SilentlyContinue).Source
if (-not $MakeNsis) { $MakeNsis = "${env:ProgramFiles(x86)}\NSIS\makensis.exe" }
if (-not (Test-Path $MakeNsis)) { throw "makensis not found: install NSIS 3 from nsis.sourceforge.io" }
New-Item -ItemType Directory -Force -Path "dist" | Out-Null
Invoke-Checked $MakeNsis @("/V2", "/DVERSION=$Version", "packaging\windows\iamdesk.nsi")
Write-Host "built dist\iamdesk-$Version-setup.exe"
