# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The newcomer's set-up (issue 22): scripts/setup_odoo builds a virtualenv
with Odoo 18.0 from a source (here the machine's own Odoo source directory,
the one ``import odoo`` finds, or the git repository given in ODOO_SRC) with
every Python that Odoo 18.0 supports and this machine has, a second run
reuses it in seconds, and the addon installs with it.

pip runs as on a bare machine: an empty cache (PIP_NO_CACHE_DIR) and PyPI
only (PIP_CONFIG_FILE=/dev/null: none of this machine's local wheels,
indexes or constraints), so that a missing install step cannot hide behind a
cache, a local wheel or a lucky interpreter. One Python per minor version
(Odoo's pins depend on it), the system's own first (Debian 12: 3.11; Ubuntu
24.04: 3.12): that one also needs its venv module and headers from apt."""

import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from .databases import drop_db

ROOT = Path(__file__).resolve().parents[2]
SUPPORTED = ("3.10", "3.11", "3.12")
# the compiled requirements, whose wheels or builds differ by Python
IMPORTS = (
    "import odoo.addons.base, psycopg2, ldap, lxml.etree, PIL.Image, gevent, "
    "greenlet, cbor2, reportlab, cryptography, markupsafe, psutil, rjsmin"
)


def odoo_source():
    if os.environ.get("ODOO_SRC"):
        return os.environ["ODOO_SRC"]
    import odoo

    source = Path(odoo.__file__).resolve().parents[1]
    if not (source / "setup.py").exists():
        pytest.skip(f"Odoo is installed from a package, not a source tree ({source})")
    return str(source)


def python_version(python):
    result = subprocess.run(
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() if result.returncode == 0 else None


def supported_pythons():
    """{minor version: interpreter}: one per supported version found, the
    system's own (/usr/bin) before any other on PATH."""
    candidates = [f"/usr/bin/python{v}" for v in SUPPORTED] + [
        shutil.which(f"python{v}") for v in SUPPORTED
    ]
    found = {}
    for candidate in filter(None, candidates):
        if not os.access(candidate, os.X_OK):
            continue
        version = python_version(candidate)
        if version in SUPPORTED and version not in found:
            found[version] = candidate
    return dict(sorted(found.items()))


def bare_pip_env(**extra):
    """The environment of a bare machine's pip: PyPI only, no cache."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "PIP_FIND_LINKS",
            "PIP_INDEX_URL",
            "PIP_EXTRA_INDEX_URL",
            "PIP_CONSTRAINT",
            "PIP_BUILD_CONSTRAINT",
            "VIRTUAL_ENV",
        )
    }
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_CACHE_DIR="1", **extra)
    return env


def run(*command, **kwargs):
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, **kwargs
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result.stdout


PYTHONS = supported_pythons()


@pytest.fixture(scope="module")
def new_venvs(tmp_path_factory, say):
    """A venv per supported Python, set up at once (two cores; apt waits
    for its lock): {version: (venv, source, output, returncode, seconds)}."""
    if not PYTHONS:
        pytest.skip("no Python 3.10, 3.11 or 3.12 on this machine")
    source = odoo_source()
    base = tmp_path_factory.mktemp("setup")
    # the system packages first, one Python after the other (apt installs
    # one thing at a time); the set-ups then find them and run at once
    for python in PYTHONS.values():
        run(
            "bash",
            "-c",
            f'source "{ROOT}/scripts/lib.sh"; sp_ensure_build_packages "$0"',
            python,
            timeout=1800,
        )
    procs = {}
    started = time.monotonic()
    for version, python in PYTHONS.items():
        venv_dir = base / f"venv{version}"
        log = (base / f"setup{version}.log").open("w")
        procs[version] = (
            venv_dir,
            log,
            subprocess.Popen(
                [
                    str(ROOT / "scripts" / "setup_odoo"),
                    "--odoo-src",
                    source,
                    "--venv",
                    str(venv_dir),
                    "--python",
                    python,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=bare_pip_env(),
            ),
        )
    venvs = {}
    for version, (venv_dir, log, proc) in procs.items():
        code = proc.wait(timeout=3600)
        seconds = round(time.monotonic() - started)
        log.close()
        out = Path(log.name).read_text()
        venvs[version] = (venv_dir, source, out, code, seconds)
        say(
            f"set-up with Python {version} ({PYTHONS[version]}), empty pip "
            f"cache: {'done' if code == 0 else 'FAILED'} after {seconds}s"
        )
    return venvs


@pytest.mark.parametrize("version", list(PYTHONS) or ["none"])
def test_setup_builds_a_venv_with_odoo_18(new_venvs, version):
    venv_dir, source, out, code, __ = new_venvs[version]
    assert code == 0, out[-6000:]
    # every step says how long it took
    for step in ("System packages", "Virtualenv", "Odoo's Python requirements"):
        assert f"({step}" in out, out
    assert (venv_dir / ".sp-complete").read_text() == source
    python = str(venv_dir / "bin" / "python")
    assert python_version(python) == version
    serie = run(python, "-c", "import odoo.release as r; print(r.serie)")
    assert serie.strip() == "18.0"
    # the requirements that are built or have per-Python wheels import
    run(python, "-c", IMPORTS)


def test_second_run_reuses_the_venv(new_venvs):
    version = next(v for v, built in new_venvs.items() if built[3] == 0)
    venv_dir, source, __, __, __ = new_venvs[version]
    started = time.monotonic()
    out = run(
        str(ROOT / "scripts" / "setup_odoo"),
        "--odoo-src",
        source,
        "--venv",
        str(venv_dir),
        "--python",
        PYTHONS[version],
        env=bare_pip_env(),
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


def test_default_python_is_the_newest_supported():
    on_path = {
        v: shutil.which(f"python{v}")
        for v in SUPPORTED
        if shutil.which(f"python{v}") and python_version(f"python{v}") == v
    }
    if not on_path:
        pytest.skip("no python3.10, python3.11 or python3.12 on PATH")
    env = {k: v for k, v in os.environ.items() if k != "SP_BASE_PYTHON"}
    chosen = run(
        "bash", "-c", f'source "{ROOT}/scripts/lib.sh"; sp_find_base_python', env=env
    )
    assert chosen.strip() == f"python{max(on_path, key=lambda v: int(v[2:]))}"


def test_unsupported_python_is_refused(tmp_path):
    # Odoo 18.0 does not run on 3.13 (Debian 13's python3): said at once.
    fake = tmp_path / "python3.13"
    fake.write_text("#!/bin/sh\necho 3.13\n")
    fake.chmod(0o755)
    result = subprocess.run(
        [
            str(ROOT / "scripts" / "setup_odoo"),
            "--python",
            str(fake),
            "--venv",
            str(tmp_path / "venv"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "is not a Python 3.10, 3.11 or 3.12" in result.stderr, result.stderr
    assert not (tmp_path / "venv").exists()


def test_addon_installs_with_the_new_venv(new_venvs, say):
    # the Debian 12 case when the machine has Debian's 3.11, else the newest
    version = "3.11" if "3.11" in new_venvs else max(new_venvs)
    venv_dir, __, out, code, __ = new_venvs[version]
    assert code == 0, out[-4000:]
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
        env=bare_pip_env(),
        timeout=1800,
    )
    db = f"sp_setup_{uuid.uuid4().hex[:8]}"
    run("createdb", db)
    started = time.monotonic()
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
        drop_db(db)
    say(
        f"addon installed with the Python {version} venv: "
        f"{round(time.monotonic() - started)}s"
    )
