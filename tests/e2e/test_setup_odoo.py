# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The newcomer's set-up: scripts/setup_odoo builds a virtualenv with Odoo
18.0 from a source (here the machine's own Odoo source directory, the one
``import odoo`` finds, or the git repository given in ODOO_SRC), a second
run reuses it in seconds, and the addon installs with that virtualenv."""

import os
import subprocess
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def odoo_source():
    if os.environ.get("ODOO_SRC"):
        return os.environ["ODOO_SRC"]
    import odoo

    source = Path(odoo.__file__).resolve().parents[1]
    if not (source / "setup.py").exists():
        pytest.skip(f"Odoo is installed from a package, not a source tree ({source})")
    return str(source)


def run(*command, **kwargs):
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, **kwargs
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result.stdout


@pytest.fixture(scope="module")
def new_venv(tmp_path_factory):
    venv_dir = tmp_path_factory.mktemp("setup") / ".venv"
    source = odoo_source()
    out = run(
        str(ROOT / "scripts" / "setup_odoo"),
        "--odoo-src",
        source,
        "--venv",
        str(venv_dir),
        timeout=1800,
    )
    return venv_dir, source, out


def test_setup_builds_a_venv_with_odoo_18(new_venv):
    venv_dir, source, out = new_venv
    # every step says how long it took
    for step in ("System packages", "Virtualenv", "Odoo's Python requirements"):
        assert f"({step}" in out, out
    assert (venv_dir / ".sp-complete").read_text() == source
    serie = run(
        str(venv_dir / "bin" / "python"),
        "-c",
        "import odoo.release as r; print(r.serie)",
    )
    assert serie.strip() == "18.0"


def test_second_run_reuses_the_venv(new_venv):
    venv_dir, source, __ = new_venv
    started = time.monotonic()
    out = run(
        str(ROOT / "scripts" / "setup_odoo"),
        "--odoo-src",
        source,
        "--venv",
        str(venv_dir),
    )
    assert "(reused)" in out, out
    assert time.monotonic() - started < 60


def test_incomplete_venv_is_rebuilt_not_reused(tmp_path):
    # What an interrupted run leaves (no completion marker) is never taken
    # for a working Odoo: the selection falls through to setting it up again.
    broken = tmp_path / ".venv"
    (broken / "bin").mkdir(parents=True)
    out = run(
        "bash",
        "-c",
        f'source "{ROOT}/scripts/lib.sh"; SP_VENV="{broken}"; '
        '[ -f "$SP_VENV/.sp-complete" ] && echo REUSED || echo REBUILD',
    )
    assert out.strip() == "REBUILD"


def test_addon_installs_with_the_new_venv(new_venv):
    venv_dir, __, __ = new_venv
    python = str(venv_dir / "bin" / "python")
    run(
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-r",
        str(ROOT / "requirements.txt"),
        timeout=1800,
    )
    db = f"sp_setup_{uuid.uuid4().hex[:8]}"
    run("createdb", db)
    try:
        run(
            python,
            "-m",
            "odoo",
            "-d",
            db,
            f"--addons-path={ROOT}",
            "-i",
            "sales_performance",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
            timeout=1800,
        )
        state = run(
            "psql",
            "-d",
            db,
            "-tAc",
            "SELECT state FROM ir_module_module WHERE name = 'sales_performance'",
        )
        assert state.strip() == "installed"
    finally:
        subprocess.run(["dropdb", "--if-exists", db], check=False)
