; IAM Desk installer for Windows (NSIS 3): one PyInstaller folder, per-user or per-machine.
;
; Build on Windows after the PyInstaller bundle (packaging/windows/build.ps1 does both):
;   makensis packaging\windows\iamdesk.nsi
; Defines (all optional, /D on the makensis command line; compile-time paths use '/', which
; makensis accepts on Windows and Linux alike):
;   VERSION     default: __version__ read from app\__init__.py (the one source of truth)
;   BUNDLE_DIR  the PyInstaller folder, default build\dist\iamdesk
;   OUT_FILE    the installer, default dist\iamdesk-VERSION-setup.exe
; Per-user installs (the default) need no administrator rights: security keys go through the
; Windows WebAuthn API (app/devices/fido.py), which needs no raw HID access. A standard user gets
; no UAC prompt; an administrator account is asked once at start (MultiUser's "Highest" level)
; and then picks per-user or per-machine.
; Silent installs: iamdesk-VERSION-setup.exe /S [/CurrentUser | /AllUsers] [/D=C:\path]

Unicode true
SetCompressor /SOLID lzma
ManifestDPIAware true

; makensis works in the script's folder (unless /NOCD), so the tree is two levels up.
!define ROOT "../.."
!ifndef VERSION
  !searchparse /file "${ROOT}/app/__init__.py" `__version__ = "` VERSION `"`
!endif
!ifndef BUNDLE_DIR
  !define BUNDLE_DIR "${ROOT}/build/dist/iamdesk"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "${ROOT}/dist/iamdesk-${VERSION}-setup.exe"
!endif
; Windows wants four numbers in the file version: 0.1.0 -> 0.1.0.0.
!searchparse "${VERSION}" "" V_MAJOR "." V_MINOR "." V_PATCH

!define APP_NAME "IAM Desk"
!define APP_ID "IAMDesk"
!define PUBLISHER "IAM Desk team"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define ICON "${ROOT}/resources/icons/app/iamdesk.ico"

Name "${APP_NAME}"
OutFile "${OUT_FILE}"
BrandingText "${APP_NAME} ${VERSION}"

; --- per-user or per-machine (MultiUser.nsh): per-user is the default and needs no UAC prompt
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${APP_NAME}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallLocation"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include x64.nsh

VIProductVersion "${V_MAJOR}.${V_MINOR}.${V_PATCH}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APP_NAME} installer"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "${PUBLISHER}"

; --- pages
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\iamdesk.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} needs 64-bit Windows 10 or later."
    Abort
  ${EndIf}
  ; A 64-bit app: its Uninstall key belongs in the 64-bit registry view (before MultiUser reads
  ; an earlier install's mode and folder from there).
  SetRegView 64
  !insertmacro MULTIUSER_INIT
FunctionEnd

Function un.onInit
  SetRegView 64
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

Section "${APP_NAME}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the bundle whole, so no file of an older version lingers.
  RMDir /r "$INSTDIR\_internal"
  File "${BUNDLE_DIR}/iamdesk.exe"
  File "${BUNDLE_DIR}/iamctl.exe"
  ; The user portal's server (a console program; run it as a service with NSSM or the Task
  ; Scheduler, see the README): shipped, never started by the installer.
  File "${BUNDLE_DIR}/iamdesk-portal.exe"
  File /r "${BUNDLE_DIR}/_internal"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\iamdesk.exe" "" \
    "$INSTDIR\iamdesk.exe" 0 SW_SHOWNORMAL "" "Manage the security settings of IAM users"

  ; SHCTX is HKLM for a per-machine install and HKCU for a per-user one.
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\iamdesk.exe"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" "$0"
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; Only what the installer put there: the folder may have been chosen next to other files.
  ; The operator's data (the store, the key file) lives elsewhere and is kept.
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\iamdesk.exe"
  Delete "$INSTDIR\iamctl.exe"
  Delete "$INSTDIR\iamdesk-portal.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
SectionEnd
