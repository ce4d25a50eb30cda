"""Make ``ansible-test sanity`` work with PyPI as the only reachable host.

ansible-test creates its virtual environments ``--without-pip`` and then
bootstraps pip with a ``get-pip.py`` downloaded from ci-files.testing.ansible.com
(cached as ``~/.ansible/test/cache/get_pip_<version>.py``). That host is not
reachable here, so this script puts a stand-in at that cache path: it runs pip
from the official pip wheel (fetched from PyPI with ``pip download``) and performs
the same ``pip install --upgrade --force-reinstall pip==<version> ...`` that
get-pip.py would. Everything else ansible-test installs comes from PyPI anyway.

Idempotent: does nothing when the cache file already exists (a real get-pip.py
saved there by hand is left alone). Run with the interpreter that has
ansible-test installed (``.venv/bin/python``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import types
from pathlib import Path

MARKER = "written by esmkit.aws scripts/ansible_test_pip_bootstrap.py"
STAND_IN = """\
# Stand-in for get-pip.py {version}, {marker}.
# Runs pip from the pip wheel below and installs the requested packages, like get-pip.py.
import sys

WHEEL = {wheel!r}
args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
sys.path.insert(0, WHEEL)
from pip._internal.cli.main import main  # noqa: E402

sys.exit(main(["install", "--upgrade", "--force-reinstall", *args]))
"""


def pip_version() -> str:
    from ansible_test._internal.python_requirements import get_venv_packages

    major, minor = sys.version_info[:2]
    return get_venv_packages(types.SimpleNamespace(version=f"{major}.{minor}"))["pip"]


def main() -> int:
    version = pip_version()
    cache = Path(os.path.expanduser("~/.ansible/test/cache"))
    script = cache / f"get_pip_{version.replace('.', '_')}.py"
    if script.exists():
        text = script.read_text(errors="replace")
        ours = MARKER in text
        wheel_gone = ours and not any(Path(w).exists() for w in re.findall(r"^WHEEL = '([^']+)'$", text, re.M))
        if not wheel_gone:
            print(f"ansible-test pip bootstrap: {script} already present")
            return 0

    wheels = cache / "pip-wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    found = sorted(wheels.glob(f"pip-{version}-*.whl"))
    if not found:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--disable-pip-version-check",
                "--quiet",
                "--no-deps",
                "--only-binary",
                ":all:",
                "--dest",
                str(wheels),
                f"pip=={version}",
            ],
            check=True,
        )
        found = sorted(wheels.glob(f"pip-{version}-*.whl"))
    if not found:
        print(f"ansible-test pip bootstrap: no pip {version} wheel in {wheels}", file=sys.stderr)
        return 1

    tmp = script.with_suffix(".tmp")
    tmp.write_text(STAND_IN.format(version=version, marker=MARKER, wheel=str(found[-1])))
    tmp.replace(script)
    print(f"ansible-test pip bootstrap: wrote {script} (pip {version} from {found[-1].name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
