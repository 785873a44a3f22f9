; VitalsDesk: per-machine Windows installer (Inno Setup 6).
;
; UNTESTED. Written beside packaging/vitalsdesk.spec but never compiled or run: the project's
; machines are Linux only. Build and try it on a Windows test PC before any clinic uses it
; (docs/deploy.md, "Windows").
;
; Build: first the bundle on Windows (`pyinstaller packaging\vitalsdesk.spec`, see docs/deploy.md),
; then:  iscc /DAppVersion=0.1.0 packaging\windows\vitalsdesk.iss
;
; What it does: installs dist\vitalsdesk\ into Program Files for every account on the PC, adds a
; Start-menu entry for the app (the windowed VitalsDeskApp.exe; vitalsdesk.exe is the command
; line), and registers an uninstaller. The uninstaller removes the program's files only: it
; never deletes the clinic's records, settings or key (%ProgramData%\VitalsDesk and the data
; folder that settings.toml names are not the installer's files, and nothing below lists them).

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z vitalsdesk.iss
#endif

[Setup]
AppId={{6C1F3A52-8E0B-4C7D-9A41-5F2B7D3E9C10}
AppName=VitalsDesk
AppVersion={#AppVersion}
AppPublisher=VitalsDesk
DefaultDirName={autopf}\VitalsDesk
DisableProgramGroupPage=yes
; Per machine: every OS account of the exam-room PC gets the program (admin rights to install).
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=VitalsDesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
UninstallDisplayIcon={app}\VitalsDeskApp.exe
UninstallDisplayName=VitalsDesk (program only; the clinic's records stay)
; A running VitalsDesk holds its files open: ask to close it first.
CloseApplications=yes

[Files]
Source: "..\..\dist\vitalsdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
; The machine-wide settings folder (docs/deploy.md): made if missing, never removed.
Name: "{commonappdata}\VitalsDesk"; Flags: uninsneveruninstall

[Icons]
Name: "{autoprograms}\VitalsDesk"; Filename: "{app}\VitalsDeskApp.exe"; WorkingDir: "{app}"

[Run]
Filename: "{app}\VitalsDeskApp.exe"; Description: "Start VitalsDesk"; Flags: nowait postinstall skipifsilent unchecked

; No [UninstallDelete] and no [Code] that deletes: the uninstaller removes only what [Files]
; installed. The clinic's data folder, %ProgramData%\VitalsDesk\settings.toml and the database
; key file stay, so reinstalling (or a newer version) opens the same records.
