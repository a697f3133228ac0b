; Inno Setup script: SG Desktop's Windows installer, from the PyInstaller bundle in dist\sg-desktop\.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\sg-desktop.iss      (packaging\windows\build.ps1 runs this)
;
; Installs for all users into Program Files (an administrator's install, as council IT deploys it), or for the
; current user only when Setup is run without administrator rights and that is chosen. Start menu: "SG Desktop"
; (the windowed program); sg-desktop.exe beside it is the command line (sg-desktop.exe --self-test).
; Uninstalling removes the program, never an officer's vault: that lives in %LOCALAPPDATA%\SG Desktop\.
;
; Written from the Inno Setup 6 documentation; not compiled by the project (its CI is Linux). See README.md.

#ifndef AppVersion
  #error Give the version: iscc /DAppVersion=X.Y.Z sg-desktop.iss (build.ps1 reads it from the bundle)
#endif
#define RepoRoot AddBackslash(SourcePath) + "..\.."
#ifndef SourceDir
  #define SourceDir RepoRoot + "\dist\sg-desktop"
#endif

[Setup]
; AppId names this application to Windows for upgrades and uninstalling: never change it.
AppId={{A81743A7-60AF-4064-BFBA-E9AEF98DF637}
AppName=SG Desktop
AppVersion={#AppVersion}
AppVerName=SG Desktop {#AppVersion}
AppPublisher=The SG Desktop team
AppComments=Confidential early-alert log for children's safeguarding cases that will reach the news
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\SG Desktop
DefaultGroupName=SG Desktop
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
SetupIconFile={#RepoRoot}\resources\sg-desktop.ico
UninstallDisplayIcon={app}\SG Desktop.exe
UninstallDisplayName=SG Desktop
OutputDir={#RepoRoot}\dist
OutputBaseFilename=sg-desktop-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An officer may have SG Desktop open: Setup asks to close it rather than replace files in use.
CloseApplications=yes
#ifdef SignToolName
; build.ps1 -CertificateThumbprint defines the sign tool on iscc's command line (/S); Setup and its
; uninstaller are then signed too.
SignTool={#SignToolName}
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole bundle: both programs and _internal\ (Python, Qt, the libraries, the user guide, the icons).
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle whole, so no file of an older version stays behind in _internal\.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\SG Desktop"; Filename: "{app}\SG Desktop.exe"; Comment: "The confidential early-alert log"
Name: "{autodesktop}\SG Desktop"; Filename: "{app}\SG Desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\SG Desktop.exe"; Description: "{cm:LaunchProgram,SG Desktop}"; Flags: nowait postinstall skipifsilent
