# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Packaging: the addon builds as an OCA-style wheel (whool) that installs
into a fresh virtual environment holding Odoo, where Odoo finds it.

The fresh venv sees the Odoo of the Python running the tests, wherever that
Odoo lives (a virtualenv, as most installs, or the system Python): a .pth
file adds that Python's site directories, .pth files included (editable
installs), after the venv's own."""

import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_wheel_builds_and_installs_into_a_venv_with_odoo(tmp_path):
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        str(tmp_path / "dist"),
        str(ROOT / "sales_performance"),
    )
    wheels = list((tmp_path / "dist").glob("odoo_addon_sales_performance-18.0.*.whl"))
    assert len(wheels) == 1, list((tmp_path / "dist").iterdir())

    # A fresh venv that sees the Odoo (and OCA addons) of this Python.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    purelib = run(
        str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    ).strip()
    here = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    (Path(purelib) / "odoo_of_the_tests.pth").write_text(
        "import site; "
        + "; ".join(f"site.addsitedir({path!r})" for path in sorted(here))
        + "\n"
    )
    run(str(python), "-m", "pip", "install", "--no-index", str(wheels[0]))
    location = run(
        str(python),
        "-c",
        "import odoo.addons.sales_performance as m, odoo.modules.module as mm;"
        "print(m.__file__); print(mm.get_manifest('sales_performance')['version'])",
    ).split()
    assert location[0].startswith(str(env_dir)), location
    assert location[1].startswith("18.0."), location
