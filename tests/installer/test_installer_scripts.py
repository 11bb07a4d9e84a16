"""The Windows and macOS installer scripts cannot run here, so they are read: every file and path they name exists in
the repository or is made by the build (the PyInstaller spec makes dist/couplecanvas and, on macOS, the .app;
installer/make_icons.py makes build/icons), and no version is written into them: it comes from the package."""

from __future__ import annotations

import os
import plistlib
import re
import subprocess
import sys
from pathlib import Path, PureWindowsPath

import pytest

import couplecanvas
from couplecanvas.storage.couple_file import SUFFIX as COUPLE_SUFFIX

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "installer" / "windows" / "couplecanvas.iss"
WINDOWS_SCRIPT = ROOT / "installer" / "windows" / "build_installer.sh"
PLIST = ROOT / "installer" / "macos" / "Info.plist"
BUILD_APP = ROOT / "installer" / "macos" / "build_app.sh"
MAKE_DMG = ROOT / "installer" / "macos" / "make_dmg.sh"
SPEC = ROOT / "installer" / "couplecanvas.spec"
BUILD = ROOT / "installer" / "build.sh"
SHELL_SCRIPTS = (WINDOWS_SCRIPT, BUILD_APP, MAKE_DMG)
APP_BUNDLE = "Couple Canvas.app"
VERSION = couplecanvas.__version__
# A version written out: three numbers (1.2.3). Tool and format versions (Inno Setup 6.3, plist 1.0, macOS 13.0) have
# two and are not the app's.
VERSION_LIKE = re.compile(r"(?<![\w.])\d+\.\d+\.\d+")


# ---- what the build makes -------------------------------------------------------------------------------------------


def _call(source: str, name: str) -> str:
    """The text of the first call `name(...)` in `source`, brackets balanced."""
    start = source.index(f"{name}(")
    depth = 0
    for end in range(start + len(name), len(source)):
        depth += {"(": 1, ")": -1}.get(source[end], 0)
        if depth == 0:
            return source[start:end + 1]
    raise AssertionError(f"{name}( is not closed")


def _spec_name(call: str) -> str:
    """The name the spec gives its EXE (the executable), its COLLECT (its folder in dist/) or its BUNDLE (the macOS
    app)."""
    spec = SPEC.read_text(encoding="utf-8")
    assert f"{call}(" in spec, f"installer/couplecanvas.spec has no {call}(...)"
    found = re.search(r"""\bname\s*=\s*["']([^"']+)["']""", _call(spec, call))
    assert found, f"the spec's {call} has no name"
    return found.group(1)


def run_make_icons(out_dir: Path) -> list[Path]:
    """Run installer/make_icons.py as the build does, into `out_dir`; the files it says it wrote."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(ROOT / "installer" / "make_icons.py"), str(out_dir)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return [Path(line) for line in done.stdout.splitlines()]


@pytest.fixture(scope="module")
def made_icons(tmp_path_factory) -> set[str]:
    """The icon files the build makes, relative to build/icons (e.g. 'couplecanvas.ico')."""
    out = tmp_path_factory.mktemp("icons")
    return {path.relative_to(out).as_posix() for path in run_make_icons(out)}


def test_the_build_script_makes_the_icons_and_the_bundle_where_the_installers_look():
    build = BUILD.read_text(encoding="utf-8")
    assert re.search(r'icon_dir="\$root/build/icons"', build)
    assert re.search(r'installer/make_icons\.py" "\$icon_dir"', build), "build.sh renders the icons into build/icons"
    assert re.search(r'dist="\$root/dist"', build), "the bundle goes to dist/ by default"
    assert _spec_name("EXE") == "couplecanvas" and _spec_name("COLLECT") == "couplecanvas"


def test_the_spec_makes_the_macos_app_with_the_icon():
    assert _spec_name("BUNDLE") == APP_BUNDLE
    spec = SPEC.read_text(encoding="utf-8")
    icon = re.search(r"\bicon\s*=\s*(\w+|\"[^\"]*\"|'[^']*')", _call(spec, "BUNDLE"))
    assert icon, "the spec's BUNDLE names its icon"
    # Either the path itself, or a name the spec sets to the icns in build/icons.
    named = icon.group(1) if icon.group(1)[0] in "\"'" else spec
    assert "couplecanvas.icns" in named and re.search(r"build.{0,12}icons", named), "build/icons/couplecanvas.icns"


def test_the_build_script_hands_the_package_version_to_the_installers():
    """build.sh reads the version from the package and passes it on: to the macOS and Windows scripts, never a
    literal."""
    build = BUILD.read_text(encoding="utf-8")
    assert re.search(r"""version="\$\("\$PYTHON" -c ['"]import couplecanvas; print\(couplecanvas\.__version__\)""",
                     build)
    assert re.search(r'installer/macos/build_app\.sh" "\$dist" "\$version"', build)
    assert re.search(r'installer/windows/build_installer\.sh" "\$dist" "\$version"', build)
    assert not VERSION_LIKE.search(build)


# ---- Windows: the Inno Setup script ---------------------------------------------------------------------------------


def _iss() -> tuple[dict[str, str], dict[str, list[str]]]:
    """The script with comments dropped: its #define defaults, and its lines by [Section]."""
    defines: dict[str, str] = {}
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in ISS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        define = re.match(r'#\s*define\s+(\w+)(?:\s+"([^"]*)")?$', line)
        if define:
            defines.setdefault(define.group(1), define.group(2) or "")
        if line.startswith("#"):
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            current = header.group(1)
            sections[current] = []
        else:
            sections.setdefault(current, []).append(line)
    return defines, sections


def _expand(text: str, defines: dict[str, str]) -> str:
    return re.sub(r"\{#(\w+)\}", lambda m: defines[m.group(1)], text)


def _params(line: str) -> dict[str, str]:
    """An Inno Setup entry line (`Name: "value"; Flags: a b`) as a dict."""
    return {key: value.strip('"') for key, value in re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)', line)}


def _setup(sections) -> dict[str, str]:
    return dict(line.split("=", 1) for line in sections["Setup"])


def _produced(path: str, made_icons: set[str]) -> bool:
    """Whether the build makes this repository-relative path: the spec's folder in dist/, or make_icons.py's files in
    build/icons."""
    bundle = f"dist/{_spec_name('COLLECT')}/"
    if path == f"{bundle}*" or path == f"{bundle}{_spec_name('EXE')}.exe":
        return True
    return path.startswith("build/icons/") and path.removeprefix("build/icons/") in made_icons


def test_every_file_the_inno_setup_script_takes_exists_or_is_built(made_icons):
    defines, sections = _iss()
    defines.setdefault("AppVersion", VERSION)
    assert defines["DistDir"] == "dist"
    setup = _setup(sections)
    named = [setup["SetupIconFile"], setup["LicenseFile"]]
    named += [_params(line)["Source"] for line in sections["Files"]]
    assert len(named) >= 4
    for name in named:
        path = PureWindowsPath(_expand(name, defines)).as_posix()
        assert (ROOT / path).is_file() or _produced(path, made_icons), f"{path}: not in the repo, not built"


def test_every_installed_file_the_shortcuts_and_registry_name_is_installed():
    defines, sections = _iss()
    installed = set()
    for line in sections["Files"]:
        params = _params(line)
        assert params["DestDir"] == "{app}"
        source = PureWindowsPath(_expand(params["Source"], defines))
        if source.name == "*":  # the whole bundle: its executable is the spec's EXE
            installed.add(f"{_spec_name('EXE')}.exe")
        else:
            installed.add(source.name)
    used = re.findall(r"\{app\}\\([^\",;\n]+)", _expand("\n".join(
        [_setup(sections)["UninstallDisplayIcon"]] + sections["Icons"] + sections["Registry"] + sections["Run"]),
        defines))
    assert set(used) >= {"couplecanvas.exe", "couplecanvas.ico"}
    assert set(used) <= installed, set(used) - installed


def test_the_windows_install_is_per_user_with_a_start_menu_shortcut_and_couple_files():
    defines, sections = _iss()
    setup = _setup(sections)
    assert setup["PrivilegesRequired"] == "lowest"
    assert _expand(setup["DefaultDirName"], defines) == r"{localappdata}\Programs\Couple Canvas"
    assert setup["ChangesAssociations"] == "yes"
    assert any(_params(line)["Name"].startswith("{autoprograms}") for line in sections["Icons"])
    registry = [_params(_expand(line, defines)) for line in sections["Registry"]]
    assert all(entry["Root"] == "HKA" for entry in registry), "per user: HKCU"
    extension = [e for e in registry if e["Subkey"] == rf"Software\Classes\{COUPLE_SUFFIX}"]
    assert extension and extension[0]["ValueData"] == "CoupleCanvas.CoupleFile"
    assert any(e["Subkey"] == r"Software\Classes\CoupleCanvas.CoupleFile\DefaultIcon" for e in registry)


def test_uninstalling_names_the_data_folder_the_app_uses_and_keeps_it(monkeypatch):
    """The app's data folder is platformdirs' user_data_dir("CoupleCanvas", appauthor=False): on Windows
    %LOCALAPPDATA%\\CoupleCanvas, outside the program folder. The uninstaller deletes only what it installed and says
    where the records stay."""
    from couplecanvas.app import paths

    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    assert paths.data_dir().name == "CoupleCanvas"
    text = ISS.read_text(encoding="utf-8")
    assert "ExpandConstant('{localappdata}\\CoupleCanvas')" in text
    assert "usPostUninstall" in text and "DataKept" in text
    _, sections = _iss()
    confirm = [line for line in sections["Messages"] if line.startswith("ConfirmUninstall=")]
    assert confirm and "never deletes" in confirm[0]
    assert "UninstallDelete" not in sections, "nothing beyond what was installed is deleted on uninstall"


def test_the_inno_setup_script_takes_its_version_from_the_build():
    text = ISS.read_text(encoding="utf-8")
    assert re.search(r"#ifndef AppVersion\s+#error", text), "no version given: the compile stops"
    _, sections = _iss()
    setup = _setup(sections)
    assert setup["AppVersion"] == "{#AppVersion}"
    assert VERSION not in text and not VERSION_LIKE.search(text)
    script = WINDOWS_SCRIPT.read_text(encoding="utf-8")
    assert "couplecanvas.__version__" in script
    assert '"/DAppVersion=$version"' in script and "installer\\windows\\couplecanvas.iss" in script


def test_the_inno_setup_preprocessor_blocks_are_closed():
    opened = closed = 0
    for line in ISS.read_text(encoding="utf-8").splitlines():
        word = line.strip().split(" ")[0]
        opened += word in ("#if", "#ifdef", "#ifndef")
        closed += word == "#endif"
    assert opened == closed > 0


# ---- macOS: the app and the disk image ------------------------------------------------------------------------------


def _template() -> dict:
    return plistlib.loads(PLIST.read_bytes().replace(b"@VERSION@", VERSION.encode()))


def test_the_info_plist_names_the_spec_executable_the_built_icon_and_couple_files(made_icons):
    plist = _template()
    assert plist["CFBundleExecutable"] == _spec_name("EXE")
    assert plist["CFBundleIconFile"] in made_icons
    assert plist["CFBundleShortVersionString"] == plist["CFBundleVersion"] == VERSION
    assert plist["CFBundleIdentifier"] == "org.couplecanvas.CoupleCanvas"
    assert plist["CFBundlePackageType"] == "APPL"
    assert plist["NSHighResolutionCapable"] is True
    (document,) = plist["CFBundleDocumentTypes"]
    (exported,) = plist["UTExportedTypeDeclarations"]
    assert document["LSItemContentTypes"] == [exported["UTTypeIdentifier"]]
    assert exported["UTTypeTagSpecification"]["public.filename-extension"] == [COUPLE_SUFFIX.lstrip(".")]
    assert document["CFBundleTypeIconFile"] in made_icons and exported["UTTypeIconFile"] in made_icons


def test_the_info_plist_has_no_version_of_its_own():
    raw = PLIST.read_text(encoding="utf-8")
    values = plistlib.loads(PLIST.read_bytes())
    assert values["CFBundleShortVersionString"] == values["CFBundleVersion"] == "@VERSION@"
    assert VERSION not in raw and not VERSION_LIKE.search(raw)


def _shell_paths(script: Path) -> set[str]:
    """The repository-relative paths a script names: its quoted strings, with its simple variables ($root, $dist
    defaulting to dist, $app, ...) filled in, that start in installer/, build/ or dist/."""
    variables = {"root": ".", "version": VERSION}
    found = set()
    for raw in script.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#"):
            continue
        default = re.fullmatch(r'(\w+)="\$\{\d:-([^}]*)\}"', line)
        if default:
            variables.setdefault(default.group(1), default.group(2))  # VERSION stands for the one passed in
            continue
        for quoted in re.findall(r'"([^"]*)"', line):
            text = re.sub(r"\$\{?(\w+)\}?", lambda m: variables.get(m.group(1), m.group(0)), quoted)
            assignment = re.match(rf'(\w+)="{re.escape(quoted)}"$', line)
            if assignment:
                variables[assignment.group(1)] = text
            text = text.removeprefix("./")
            if re.match(r"(installer|build|dist)/", text):
                found.add(text)
    return found


def test_every_path_the_macos_scripts_name_exists_or_is_built(made_icons):
    app = f"dist/{APP_BUNDLE}"  # the spec's BUNDLE (test_the_spec_makes_the_macos_app_with_the_icon)
    made_here = {  # what build_app.sh and make_dmg.sh write themselves
        f"{app}/Contents/Info.plist", f"{app}/Contents/Resources/couplecanvas.icns",
        f"dist/CoupleCanvas-{VERSION}-macos.dmg",
    }
    named = _shell_paths(BUILD_APP) | _shell_paths(MAKE_DMG)
    assert {"installer/macos/Info.plist", "installer/macos/make_dmg.sh", "build/icons/couplecanvas.icns", app} <= named
    for path in named:
        if path in made_here or (ROOT / path).exists() or _produced(path, made_icons):
            continue
        assert path == app or path == f"{app}/Contents/MacOS/{_spec_name('EXE')}", f"{path}: not there, not built"


def test_every_path_the_windows_build_script_names_exists_or_is_built(made_icons):
    named = _shell_paths(WINDOWS_SCRIPT)
    assert {"dist/couplecanvas/couplecanvas.exe", "build/icons/couplecanvas.ico"} <= named
    for path in named - {f"dist/CoupleCanvas-{VERSION}-windows-setup.exe"}:
        assert (ROOT / path).exists() or _produced(path, made_icons), f"{path}: not there, not built"
    # The name ISCC gives the setup program is the one the script looks for.
    defines, sections = _iss()
    defines.update(AppVersion=VERSION)
    assert f"dist/{_expand(_setup(sections)['OutputBaseFilename'], defines)}.exe" in named


@pytest.mark.parametrize("script", SHELL_SCRIPTS, ids=lambda p: p.name)
def test_the_shell_scripts_read_the_version_from_the_package_and_parse(script):
    text = script.read_text(encoding="utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "print(couplecanvas.__version__)" in code
    assert VERSION not in text and not VERSION_LIKE.search(code)
    assert os.access(script, os.X_OK)
    checked = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
