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

# A venv of its own: PyInstaller plus exactly the runtime dependencies listed in pyproject.toml;
# the project itself is frozen from the source tree. Made again when pyproject.toml changes.
$Stamp = "$Venv\deps-stamp.txt"
$Want = "$((Get-FileHash pyproject.toml -Algorithm SHA256).Hash) $PyInstallerVersion"
if (-not ((Test-Path $Stamp) -and ((Get-Content $Stamp -Raw).Trim() -eq $Want))) {
    if (Test-Path $Venv) { Remove-Item -Recurse -Force $Venv }
    Invoke-Checked "py" @("-3", "-m", "venv", $Venv)
    $Python = "$Venv\Scripts\python.exe"
    Invoke-Checked $Python @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
    $Requirements = & $Python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))"
    if ($LASTEXITCODE -ne 0 -or -not $Requirements) { throw "could not read the dependencies from pyproject.toml" }
    Invoke-Checked $Python (@("-m", "pip", "install", "--quiet", "pyinstaller==$PyInstallerVersion") + @($Requirements))
    Set-Content -Path $Stamp -Value $Want
}

# The icons (iamdesk.ico included) are the committed renders of resources\icons\app\iamdesk.svg.
Invoke-Checked "$Venv\Scripts\pyinstaller.exe" @("--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", "build\dist", "--workpath", "build\pyinstaller", "packaging\pyinstaller\iamdesk.spec")
# iamctl.exe is a console program; iamdesk.exe is windowed, so it has no console to print to.
$Printed = (& "build\dist\iamdesk\iamctl.exe" --version)
if ($LASTEXITCODE -ne 0 -or $Printed -ne "iamctl $Version") { throw "iamctl.exe --version printed '$Printed', want 'iamctl $Version'" }
# The user portal's server: frozen beside the others once portal\ is in the tree.
if (Test-Path "portal\cli.py") {
    & "build\dist\iamdesk\iamdesk-portal.exe" --help | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "iamdesk-portal.exe --help failed with exit code $LASTEXITCODE" }
}

$MakeNsis = (Get-Command makensis -ErrorAction SilentlyContinue).Source
if (-not $MakeNsis) { $MakeNsis = "${env:ProgramFiles(x86)}\NSIS\makensis.exe" }
if (-not (Test-Path $MakeNsis)) { throw "makensis not found: install NSIS 3 from nsis.sourceforge.io" }
New-Item -ItemType Directory -Force -Path "dist" | Out-Null
Invoke-Checked $MakeNsis @("/V2", "/WX", "/DVERSION=$Version", "packaging\windows\iamdesk.nsi")
Write-Host "built dist\iamdesk-$Version-setup.exe"
