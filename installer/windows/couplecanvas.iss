; Couple Canvas for Windows: a per-user installer (Inno Setup 6.3 or newer; no administrator rights needed).
;
; Built on Windows by installer/build.sh, through installer/windows/build_installer.sh, after the bundle and the icons:
;   dist\couplecanvas\*             the PyInstaller bundle (installer/couplecanvas.spec)
;   build\icons\couplecanvas.ico    the icon (installer/make_icons.py)
; The version is never written here: it is the package's (couplecanvas.__version__), passed in as
;   ISCC.exe /DAppVersion=<version> [/DDistDir=<dist folder>] installer\windows\couplecanvas.iss
; The setup program is written beside the bundle: dist\CoupleCanvas-<version>-windows-setup.exe.
;
; The app's data (database, backups, settings, log) live in %LOCALAPPDATA%\CoupleCanvas
; (platformdirs.user_data_dir("CoupleCanvas", appauthor=False)), outside the program folder: uninstalling never
; touches them, and says so.

#ifndef AppVersion
  #error Pass the version from the package: ISCC /DAppVersion=... (installer/windows/build_installer.sh does)
#endif
#if Ver < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or newer is needed (x64compatible, HKA)
#endif

#define AppName "Couple Canvas"
#define AppExe "couplecanvas.exe"
#define AppIcon "couplecanvas.ico"
#define FileProgId "CoupleCanvas.CoupleFile"
; Every relative path below is relative to the repository root.
#define RepoRoot AddBackslash(SourcePath) + "..\.."
#ifndef DistDir
  #define DistDir "dist"
#endif

; Double-clicking a .couple file cannot open it yet: the app does not take a file on its command line (couple files are
; imported with File > Import couple...). Until it does, the installer registers the file type (its name and icon) but
; no Open command, so a double-click offers the usual "How do you want to open this file?" instead of starting the app
; and silently ignoring the file. Once the app opens a file given as its argument, uncomment the next line (or pass
; /DOpenCoupleFiles to ISCC).
;#define OpenCoupleFiles

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{D721A323-4957-4BF0-81F9-039A9CCB069C}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Couple Canvas
VersionInfoProductTextVersion={#AppVersion}
SourceDir={#RepoRoot}
OutputDir={#DistDir}
OutputBaseFilename=CoupleCanvas-{#AppVersion}-windows-setup
SetupIconFile=build\icons\{#AppIcon}
LicenseFile=LICENSE
; Per user: no administrator rights, nothing written outside the user's own profile.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DisableProgramGroupPage=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppIcon}
; The bundle is 64-bit (PySide6 wheels for Windows are x64); it also runs on Windows on Arm under emulation.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
CloseApplications=yes
WizardStyle=modern
Compression=lzma2
SolidCompression=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundle's libraries as a whole: files a newer version no longer has must not linger beside it.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\couplecanvas\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "build\icons\{#AppIcon}"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\{#AppIcon}"; Comment: "Map a couple's cycle and print their handout"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\{#AppIcon}"; Tasks: desktopicon

[Registry]
; .couple files (File > Export couple...) are shown as Couple Canvas couple files, with the app's icon. HKA is the
; current user's HKCU\Software\Classes in a per-user install.
Root: HKA; Subkey: "Software\Classes\.couple"; ValueType: string; ValueName: ""; ValueData: "{#FileProgId}"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\.couple\OpenWithProgids"; ValueType: string; ValueName: "{#FileProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\{#FileProgId}"; ValueType: string; ValueName: ""; ValueData: "Couple Canvas couple file"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#FileProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppIcon},0"
#ifdef OpenCoupleFiles
Root: HKA; Subkey: "Software\Classes\{#FileProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".couple"; ValueData: ""; Flags: uninsdeletekey
#endif

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Messages]
ConfirmUninstall=Remove %1 from this computer?%n%nYour couples, sessions, notes and settings are kept: they live in your own data folder, which uninstalling never deletes.

[CustomMessages]
DataKept=Couple Canvas has been removed.%n%nYour couples, sessions, notes, backups and settings are still in%n%1%n%nInstall Couple Canvas again and they are all there. To remove them for good, delete that folder yourself.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { The same folder as the app's platformdirs.user_data_dir("CoupleCanvas", appauthor=False). }
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{localappdata}\CoupleCanvas')]),
      mbInformation, MB_OK);
end;
