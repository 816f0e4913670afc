"""The Windows installer's script (packaging/windows/installer.nsi), read without building it.

scripts/build-windows.sh builds it and installs, smoke-tests and uninstalls it under Wine; these catch the
edits that would hurt an operator before any build: an installer asking for administrator rights, a 32-bit
one, or an uninstaller that deletes a whole folder the operator chose.
"""

from __future__ import annotations

import re
from pathlib import Path

NSI = Path(__file__).resolve().parent.parent / "packaging" / "windows" / "installer.nsi"


def _sections() -> tuple[str, str]:
    text = "\n".join(line.split(";", 1)[0] for line in NSI.read_text("utf-8").splitlines())
    install = re.search(r"^Section\s*\n(.*?)^SectionEnd", text, re.M | re.S)
    uninstall = re.search(r'^Section "Uninstall"\s*\n(.*?)^SectionEnd', text, re.M | re.S)
    assert install and uninstall, "installer.nsi needs an install and an Uninstall section"
    return install.group(1), uninstall.group(1)


def test_installer_is_per_user_and_64_bit() -> None:
    text = NSI.read_text("utf-8")
    assert re.search(r"^RequestExecutionLevel user$", text, re.M)
    assert re.search(r"^Target amd64-unicode$", text, re.M)
    assert re.search(r'^InstallDir "\$LOCALAPPDATA\\Programs\\evodesk"$', text, re.M)


def test_uninstaller_removes_only_what_the_installer_put() -> None:
    install, uninstall = _sections()
    # Never a recursive delete of the install folder itself: the operator may have chosen one holding other files.
    assert not re.search(r'RMDir\s+/r\s+"\$INSTDIR"\s*$', uninstall, re.M)
    for line in re.findall(r"^\s*(?:RMDir /r|Delete)\s+(.*)$", uninstall, re.M):
        assert line.startswith(('"$INSTDIR\\', '"$SMPROGRAMS\\evodesk.lnk"')), line
    # What the install section creates, the uninstall section removes.
    assert '"$INSTDIR\\uninstall.exe"' in install and 'Delete "$INSTDIR\\uninstall.exe"' in uninstall
    assert 'CreateShortcut "$SMPROGRAMS\\evodesk.lnk"' in install and 'Delete "$SMPROGRAMS\\evodesk.lnk"' in uninstall
    assert 'WriteRegStr HKCU "${UNINSTALL_KEY}"' in install and 'DeleteRegKey HKCU "${UNINSTALL_KEY}"' in uninstall
    assert 'RMDir /r "$INSTDIR\\_internal"' in uninstall and 'Delete "$INSTDIR\\evodesk.exe"' in uninstall
