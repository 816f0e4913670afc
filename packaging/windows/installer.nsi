; evodesk's Windows installer (NSIS 3): the one-folder bundle, a Start menu entry and an uninstaller.
;
;   makensis -DVERSION=0.1.0 -DBUNDLE=$PWD/dist/windows/evodesk -DOUTFILE=$PWD/dist/windows/evodesk-0.1.0-setup.exe \
;            packaging/windows/installer.nsi
;
; makensis works in this file's folder: give BUNDLE and OUTFILE as absolute paths.
; scripts/build-windows.sh builds it with Debian's makensis and tests it under Wine: silent install (/S), the
; installed evodesk.exe --smoke-test, silent uninstall. Per user, in %LOCALAPPDATA%\Programs\evodesk: no
; administrator rights, which operators' locked-down workstations often do not give. Settings, the database and
; the logs live in %LOCALAPPDATA%\evodesk and the API key in the Credential Manager; uninstalling keeps them.

; 64-bit like evodesk itself (a 32-bit installer would also need Wine's 32-bit half to be tested here).
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\evodesk"

Name "evodesk ${VERSION}"
OutFile "${OUTFILE}"
Icon "../../resources/icons/evodesk.ico"
UninstallIcon "../../resources/icons/evodesk.ico"
InstallDir "$LOCALAPPDATA\Programs\evodesk"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"

; The installer speaks the language of the operator's Windows: Portuguese (Brazil) or English.
LoadLanguageFile "${NSISDIR}/Contrib/Language files/English.nlf"
LoadLanguageFile "${NSISDIR}/Contrib/Language files/PortugueseBR.nlf"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Section
  ; A running evodesk would keep its files locked; a newer version replaces the older in place.
  SetOutPath "$INSTDIR"
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\evodesk.lnk" "$INSTDIR\evodesk.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "evodesk"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "evodesk"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\evodesk.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; Only what the installer put there: a folder chosen by the operator may hold other files.
  Delete "$SMPROGRAMS\evodesk.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\evodesk.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
