#!/usr/bin/env bash
# Shared helpers of the project's commands: Odoo check, PostgreSQL, role, pip.
# Sourced by scripts/test and scripts/demo; not meant to be run directly.

SP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SP_LOG_DIR="${SP_LOG_DIR:-$SP_ROOT/var/log}"
# The project-local virtualenv that scripts/setup_odoo creates when no Python
# of the machine imports Odoo 18.0 (ignored by git).
SP_VENV="${SP_VENV:-$SP_ROOT/.venv}"
SP_ODOO_DEFAULT_SRC="https://github.com/odoo/odoo.git"
SP_ODOO_BRANCH="18.0"

sp_say() { printf '\n== %s\n' "$*"; }
sp_die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# sp_step LABEL COMMAND...: runs one set-up step, printing its label and how
# long it took; a failing step stops everything (its command says why).
sp_step() {
    local label="$1" start=$SECONDS
    shift
    printf '\n== %s\n' "$label"
    local rc=0
    "$@" || rc=$?
    if [ "$rc" != 0 ]; then
        printf '   (%s: failed after %ss)\n' "$label" "$((SECONDS - start))"
        return "$rc"
    fi
    printf '   (%s: %ss)\n' "$label" "$((SECONDS - start))"
}

# sp_logged LOG COMMAND...: runs COMMAND with its output in LOG, shown only
# when it fails.
sp_logged() {
    local log="$1"
    shift
    "$@" >"$log" 2>&1 || { tail -n 30 "$log" >&2; return 1; }
}

# The series of Odoo that PYTHON imports, or nothing.
sp_odoo_serie() {
    "$1" -c "import odoo.release as r; print(r.serie)" 2>/dev/null || true
}

# Chooses the Python that runs Odoo, in this order: $SP_PYTHON; with
# --odoo-src / $ODOO_SRC, the project venv built from that source; the project
# venv if it is complete; python3 if it imports Odoo 18.0 (a system Python or
# an activated virtualenv alike); else the project venv, set up from the
# default source. Sets SP_PYTHON.
# sp_select_python [SRC]
sp_select_python() {
    local src="${1:-${ODOO_SRC:-}}"
    if [ -n "${SP_PYTHON:-}" ]; then
        sp_require_odoo
        return 0
    fi
    if [ -n "$src" ]; then
        sp_setup_odoo_venv "$src" "$SP_VENV" 0
        SP_PYTHON="$SP_VENV/bin/python"
    elif [ -f "$SP_VENV/.sp-complete" ]; then
        SP_PYTHON="$SP_VENV/bin/python"
    elif [ "$(sp_odoo_serie python3)" = "18.0" ]; then
        SP_PYTHON=python3
    else
        printf '\n== No Python of this machine imports Odoo 18.0: setting it up in %s\n' "$SP_VENV"
        sp_setup_odoo_venv "$SP_ODOO_DEFAULT_SRC" "$SP_VENV" 0
        SP_PYTHON="$SP_VENV/bin/python"
    fi
    sp_require_odoo
    # Tools installed with the requirements (ruff, pylint) live beside it.
    local bindir
    bindir="$(dirname "$(command -v "$SP_PYTHON")")"
    case ":$PATH:" in *":$bindir:"*) ;; *) PATH="$bindir:$PATH" ;; esac
    export SP_PYTHON PATH
}

# Odoo 18.0 must be importable by $SP_PYTHON.
sp_require_odoo() {
    local version
    if ! version=$("$SP_PYTHON" -c "import odoo.release as r; print(r.serie)" 2>&1); then
        sp_die "Odoo is not installed: '$SP_PYTHON -c \"import odoo\"' fails.
This addon needs Odoo 18.0 Community: run scripts/setup_odoo (or pass
--odoo-src SRC) to set it up in $SP_VENV. Python said: $(printf '%s' "$version" | tail -n 1)"
    fi
    [ "$version" = "18.0" ] || sp_die "Odoo $version found, but this addon needs Odoo 18.0."
}

# The minor version (3.11) of the Python PYTHON, or nothing.
sp_python_version() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true
}

# A Python that Odoo 18.0 supports (3.10 to 3.12): $SP_BASE_PYTHON (from
# scripts/setup_odoo --python) if set, else the newest found on PATH.
sp_find_base_python() {
    local candidate
    if [ -n "${SP_BASE_PYTHON:-}" ]; then
        case "$(sp_python_version "$SP_BASE_PYTHON")" in
            3.10 | 3.11 | 3.12) printf '%s\n' "$SP_BASE_PYTHON"; return 0 ;;
        esac
        sp_die "$SP_BASE_PYTHON is not a Python 3.10, 3.11 or 3.12 (Odoo 18.0 supports those)."
    fi
    for candidate in python3.12 python3.11 python3.10 python3; do
        command -v "$candidate" >/dev/null 2>&1 || continue
        case "$(sp_python_version "$candidate")" in
            3.10 | 3.11 | 3.12) printf '%s\n' "$candidate"; return 0 ;;
        esac
    done
    return 1
}

# apt-get install as root, or through sudo without a password; fails
# otherwise. It waits for the package lock (a fresh Ubuntu machine runs
# unattended-upgrades at first boot; another set-up may be installing)
# instead of failing at once, and reads the package lists again when a
# package is not in them (a new machine's lists are empty or old).
sp_apt_get() {
    local sudo="" apt
    if [ "$(id -u)" != 0 ]; then
        sudo -n true 2>/dev/null || return 1
        sudo="sudo -n"
    fi
    apt=($sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
    "${apt[@]}" install -y -q "$@" >/dev/null 2>&1 \
        || { "${apt[@]}" update -q >/dev/null 2>&1 && "${apt[@]}" install -y -q "$@" >/dev/null; }
}

# The Debian packages that PYTHON needs to build a virtualenv with Odoo's
# requirements (its venv module, its headers), if it is Debian's own Python
# (a pyenv or source build carries both); nothing for another Python.
sp_python_packages() {
    local python="$1" executable version
    command -v dpkg >/dev/null 2>&1 || return 0
    executable="$("$python" -c 'import os, sys; print(os.path.realpath(sys.executable))' 2>/dev/null)" || return 0
    dpkg -S "$executable" >/dev/null 2>&1 || return 0
    version="$(sp_python_version "$python")"
    printf 'python%s-venv\npython%s-dev\n' "$version" "$version"
}

# True when PYTHON has its headers (Python.h), needed to build psycopg2 and
# python-ldap, which have no wheels for Odoo's pins.
sp_python_has_headers() {
    "$1" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_path("include"), "Python.h")))' 2>/dev/null
}

# sp_ensure_build_packages PYTHON: the system packages Odoo's requirements
# build against with PYTHON (a compiler and C library headers, libpq,
# OpenLDAP and SASL headers; Debian's Python: its venv module and headers),
# its PostgreSQL server and git. Debian/Ubuntu: installed with apt-get;
# elsewhere listed.
sp_ensure_build_packages() {
    local python="$1" pkg missing=()
    if ! command -v dpkg >/dev/null 2>&1; then
        for pkg in git pg_config gcc; do
            command -v "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
        done
        sp_python_has_headers "$python" || missing+=("the headers of $python (Python.h)")
        [ ${#missing[@]} -eq 0 ] && return 0
        sp_die "Missing ${missing[*]}. Install git, a C compiler, the Python headers, the
PostgreSQL client library headers (libpq, pg_config), OpenLDAP and SASL headers
and a PostgreSQL server with your system's package manager, then run again."
    fi
    # build-essential, not gcc alone: gcc without libc6-dev (a recommends,
    # left out where apt installs no recommends) compiles nothing.
    # libldap-dev: its name on Debian 12 and later and Ubuntu 22.04 and
    # later (libldap2-dev is only a transitional name there).
    for pkg in git build-essential libpq-dev libldap-dev libsasl2-dev postgresql \
        $(sp_python_packages "$python"); do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && { echo "   all present"; return 0; }
    echo "   installing ${missing[*]}"
    sp_apt_get "${missing[@]}" \
        || sp_die "Cannot install ${missing[*]} with apt-get (not root, no password-less sudo,
or no network to the package mirror). Run: sudo apt-get install ${missing[*]}"
    sp_python_has_headers "$python" \
        || sp_die "$python has no headers (Python.h) to build psycopg2 and python-ldap with: install them."
}

# A Python Odoo 18.0 supports; on Debian/Ubuntu without one, the system's
# python3 is installed first (Debian 12: 3.11, Ubuntu 24.04: 3.12).
sp_base_python() {
    local base
    if base="$(sp_find_base_python)"; then
        printf '%s\n' "$base"
        return 0
    fi
    if [ -z "${SP_BASE_PYTHON:-}" ] && command -v dpkg >/dev/null 2>&1 \
        && ! command -v python3 >/dev/null 2>&1; then
        echo "   installing python3 (apt-get)" >&2
        sp_apt_get python3 python3-venv python3-dev >&2 && base="$(sp_find_base_python)" \
            && { printf '%s\n' "$base"; return 0; }
    fi
    sp_die "No Python 3.10, 3.11 or 3.12 found (Odoo 18.0 supports those): install one, e.g. apt-get install python3 python3-venv python3-dev, or name one with --python."
}

# Puts the Odoo source of SRC at DEST (git sources are cloned there, branch
# 18.0 when the repository has one); a source directory is used in place.
# Prints the source directory.
sp_odoo_source() {
    local src="$1" dest="$2"
    if [ -d "$src" ] && [ -f "$src/odoo/release.py" ] && [ -f "$src/setup.py" ]; then
        (cd "$src" && pwd)
        return 0
    fi
    if [ -d "$src" ] && ! git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
        sp_die "$src is neither an Odoo source directory (setup.py, odoo/release.py) nor a git repository."
    fi
    local branch=()
    if git ls-remote --exit-code --heads "$src" "$SP_ODOO_BRANCH" >/dev/null 2>&1; then
        branch=(--branch "$SP_ODOO_BRANCH")
    elif ! git ls-remote "$src" HEAD >/dev/null 2>&1; then
        sp_die "Cannot reach the git repository $src (no network?). Give a local Odoo 18.0
source with --odoo-src DIR or ODOO_SRC=DIR."
    fi
    rm -rf "$dest"
    git clone --quiet --depth 1 "${branch[@]}" "$src" "$dest" >&2 \
        || { rm -rf "$dest"; sp_die "git clone $src failed."; }
    [ -f "$dest/odoo/release.py" ] || sp_die "$src holds no Odoo source (no odoo/release.py)."
    printf '%s\n' "$dest"
}

# sp_setup_odoo_venv SRC VENV FORCE: the virtualenv VENV with Odoo 18.0 from
# SRC and its requirements. A complete venv carries the marker .sp-complete
# (its source) and is reused in seconds; one without it, left by an
# interrupted or failed run, is removed and built again.
sp_setup_odoo_venv() {
    local src="$1" venv="$2" force="${3:-0}" total=$SECONDS
    if [ "$force" != 1 ] && [ -f "$venv/.sp-complete" ] \
        && [ "$(sp_odoo_serie "$venv/bin/python")" = "18.0" ] \
        && [ "$(cat "$venv/.sp-complete")" = "$src" ] \
        && { [ -z "${SP_BASE_PYTHON:-}" ] \
            || [ "$(sp_python_version "$venv/bin/python")" = "$(sp_python_version "$SP_BASE_PYTHON")" ]; }; then
        echo "== Odoo 18.0 in $venv (reused)"
        return 0
    fi
    local base python odoo_src
    [ -e "$venv" ] && echo "== Removing the incomplete or outdated $venv"
    rm -rf "$venv"
    # A failed step removes what it built: the next run starts clean.
    trap '[ -f "'"$venv"'/.sp-complete" ] || rm -rf "'"$venv"'"' EXIT
    base="$(sp_base_python)" || exit 1
    sp_step "System packages" sp_ensure_build_packages "$base"
    sp_step "Virtualenv ($base, $("$base" --version 2>&1))" "$base" -m venv "$venv" \
        || { rm -rf "$venv"; sp_die "$base cannot create a virtualenv: install its venv module (Debian/Ubuntu: apt-get install python3-venv)."; }
    python="$venv/bin/python"
    sp_say "Odoo source ($src)"
    local start=$SECONDS
    odoo_src="$(sp_odoo_source "$src" "$venv/src/odoo")"
    printf '   %s (%ss)\n' "$odoo_src" "$((SECONDS - start))"
    # A current pip: it honours setuptools' compat editable mode for setup.py projects.
    sp_step "pip, setuptools" \
        "$python" -m pip install --quiet --disable-pip-version-check --upgrade pip setuptools wheel \
        || sp_die "pip cannot reach the package index (no network?): run again once it can."
    # Build constraints for the pins that have no wheel for that Python:
    # - the older pins (Python 3.10, 3.11: cbor2 5.4.2, ...) build from sdists
    #   whose setup.py imports pkg_resources, which setuptools 81 and newer
    #   no longer ship: the build environments get a setuptools that has it;
    # - gevent 21.8.0 (Python 3.10) has no wheel for 3.10; its sources ask
    #   for Cython >= 3.0a9 (the alphas are gone from PyPI) and no longer
    #   compile with Cython 3.0.0 and later (libev/corecext.pyx): 3.0.0b1
    #   builds them (about 3 minutes on 2 cores).
    # pip 25.3 and newer take build constraints from PIP_BUILD_CONSTRAINT
    # only (PIP_CONSTRAINT no longer reaches isolated builds); older pips from
    # PIP_CONSTRAINT. Both are set, for whichever pip the venv has.
    printf '%s\n' 'setuptools<81' 'Cython==3.0.0b1 ; python_version < "3.11"' \
        >"$venv/build-constraints.txt"
    sp_step "Odoo's Python requirements" env PIP_CONSTRAINT="$venv/build-constraints.txt" \
        PIP_BUILD_CONSTRAINT="$venv/build-constraints.txt" \
        "$python" -m pip install --quiet --disable-pip-version-check -r "$odoo_src/requirements.txt" \
        || sp_die "pip could not install Odoo's requirements (no network to PyPI, or a package that
does not build on $("$base" --version 2>&1): see the message above). Run again once fixed."
    # setuptools' compat editable mode keeps odoo/addons a plain folder on
    # sys.path, so OCA addons installed with pip stay visible in odoo.addons
    # (the default editable mode hides them); a plain install otherwise.
    mkdir -p "$SP_LOG_DIR"
    local log="$SP_LOG_DIR/setup_odoo.log"
    sp_step "Odoo" sp_logged "$log" \
        "$python" -m pip install --disable-pip-version-check --no-deps --no-build-isolation \
        --config-settings editable_mode=compat -e "$odoo_src" \
        || sp_step "Odoo (not editable)" sp_logged "$log" \
            "$python" -m pip install --disable-pip-version-check --no-deps "$odoo_src" \
        || sp_die "pip could not install Odoo from $odoo_src (log: $log)."
    [ "$(sp_odoo_serie "$python")" = "18.0" ] \
        || sp_die "The new virtualenv $venv does not import Odoo 18.0 (is $src Odoo 18.0?)."
    printf '%s' "$src" >"$venv/.sp-complete"
    trap - EXIT
    echo "== Odoo 18.0 set up in $venv ($((SECONDS - total))s)"
}

# Starts the local PostgreSQL cluster if nothing answers on the socket.
sp_ensure_postgres() {
    if pg_isready -q 2>/dev/null; then return 0; fi
    if ! command -v pg_lsclusters >/dev/null && command -v apt-get >/dev/null; then
        sp_say "Installing PostgreSQL (apt-get)"
        sp_apt_get postgresql || sp_die "PostgreSQL is not installed and apt-get cannot install it: run 'sudo apt-get install postgresql'."
    fi
    command -v pg_lsclusters >/dev/null || sp_die "PostgreSQL is not running and no Debian cluster tools (pg_lsclusters) are installed: install and start PostgreSQL 13 or newer."
    local version name
    read -r version name _ < <(pg_lsclusters --no-header | sort -rn | head -n 1)
    [ -n "$version" ] || sp_die "No PostgreSQL cluster found (pg_lsclusters lists none)."
    sp_say "Starting PostgreSQL $version/$name"
    if [ "$(id -u)" = 0 ]; then
        pg_ctlcluster "$version" "$name" start
    else
        sudo -n pg_ctlcluster "$version" "$name" start \
            || sp_die "Cannot start PostgreSQL $version/$name: run 'sudo pg_ctlcluster $version $name start'."
    fi
    for _ in $(seq 1 30); do pg_isready -q && return 0; sleep 1; done
    sp_die "PostgreSQL $version/$name did not come up."
}

# Odoo refuses the 'postgres' superuser: use a role named after the current
# user, allowed to create databases.
sp_ensure_role() {
    local role
    role="$(id -un)"
    [ "$role" != "postgres" ] || sp_die "Run as a normal user: Odoo refuses to run as the postgres superuser."
    if psql -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then return 0; fi
    sp_say "Creating PostgreSQL role '$role'"
    if [ "$(id -u)" = 0 ]; then
        su postgres -c "createuser --createdb '$role'"
    else
        sudo -n -u postgres createuser --createdb "$role" \
            || sp_die "Cannot create the PostgreSQL role '$role': run 'sudo -u postgres createuser --createdb $role'."
    fi
}

# The OCA addons and test tools the project declares.
sp_install_requirements() {
    "$SP_PYTHON" -m pip install --quiet --disable-pip-version-check \
        -r "$SP_ROOT/requirements.txt" \
        || sp_die "pip could not install requirements.txt"
}

# odoo <args...>: the machine's Odoo, with this repository on the addons path.
sp_odoo() {
    "$SP_PYTHON" -m odoo --addons-path="$SP_ROOT" "$@"
}

# Install (or upgrade) the addon in a database and check it ended installed.
# sp_install_addon DB MODE [extra odoo args]   MODE: -i or -u
# SP_EXTRA_MODULES: other modules to install with it (comma-separated).
sp_install_addon() {
    local db="$1" mode="$2"
    shift 2
    mkdir -p "$SP_LOG_DIR"
    local log="$SP_LOG_DIR/$db-install.log"
    sp_odoo -d "$db" "$mode" "sales_performance${SP_EXTRA_MODULES:+,$SP_EXTRA_MODULES}" --stop-after-init \
        --log-level=warn --logfile="$log" "$@" \
        || { tail -n 40 "$log"; sp_die "Odoo failed to $mode sales_performance in $db (log: $log)"; }
    if grep -E " (ERROR|CRITICAL) " "$log" >/dev/null; then
        grep -E -A 20 " (ERROR|CRITICAL) " "$log" | head -n 60
        sp_die "Errors while loading sales_performance in $db (log: $log)"
    fi
    local state
    state=$(psql -d "$db" -tAc "SELECT state FROM ir_module_module WHERE name = 'sales_performance'")
    [ "$state" = "installed" ] || sp_die "sales_performance is '$state' in $db after $mode."
}

# The modules sales_performance depends on (its manifest), comma-separated.
sp_addon_depends() {
    "$SP_PYTHON" -c "import ast, sys; print(','.join(ast.literal_eval(open(sys.argv[1]).read())['depends']))" \
        "$SP_ROOT/sales_performance/__manifest__.py"
}

# sp_install_modules DB MODULES: installs MODULES (with demo data) in DB.
sp_install_modules() {
    local db="$1" modules="$2"
    mkdir -p "$SP_LOG_DIR"
    local log="$SP_LOG_DIR/$db-install.log"
    sp_odoo -d "$db" -i "$modules" --stop-after-init --log-level=warn --logfile="$log" \
        || { tail -n 40 "$log"; sp_die "Odoo failed to install $modules in $db (log: $log)"; }
}

# The host's own tests that touch what the addon extends: sale invoicing,
# account invoices, refunds, payment registration and reconciliation, OCA
# payroll and payroll_account (one pytest-odoo argument a line).
sp_host_test_paths() {
    "$SP_PYTHON" - <<'PY'
import os
import odoo.addons.account as account
import odoo.addons.payroll as payroll
import odoo.addons.payroll_account as payroll_account
import odoo.addons.sale as sale

def tests(module, *files):
    folder = os.path.join(os.path.dirname(module.__file__), "tests")
    return [os.path.join(folder, f) for f in files] if files else [folder]

paths = (
    tests(sale, "test_sale_to_invoice.py")
    + tests(
        account,
        "test_account_move_out_invoice.py",
        "test_account_move_out_refund.py",
        "test_account_payment_register.py",
        "test_account_move_reconcile.py",
    )
    + tests(payroll)
    + tests(payroll_account)
)
# OCA payroll_account's payslip view makes the journal required, and these
# Form tests of OCA payroll set none: they fail wherever payroll_account is
# installed, with or without sales_performance (checked on a database with
# payroll_account alone). Deselected, not hidden: anything else fails CI.
paths.append(
    "-k=not (TestPayslipFlow and (test_00_payslip_flow"
    " or test_compute_sheet_no_valid_contract))"
    " and not (TestWorkedDays and (test_leaves_positive or test_worked_days_negative))"
)
print("\n".join(paths))
PY
}

# Drops database DB if it exists, and its filestore: Odoo keeps a database's
# attachments in its data directory (the default one here: nothing runs Odoo
# with --data-dir), which dropdb leaves behind.
sp_drop_db() {
    local db="$1" store
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
    store="$("$SP_PYTHON" -c 'import sys; from odoo.tools import config; print(config.filestore(sys.argv[1]))' "$db" 2>/dev/null)" || return 0
    case "$store" in
        */filestore/"$db") rm -rf -- "$store" ;;
    esac
}

# True when DB exists and sales_performance is installed in it.
sp_db_ready() {
    [ "$(psql -d "$1" -tAc "SELECT state FROM ir_module_module WHERE name = 'sales_performance'" 2>/dev/null)" = "installed" ]
}

# Fails early, with the way out, when something already listens on PORT.
sp_check_port() {
    "$SP_PYTHON" - "$1" <<'PY' || sp_die "Port $1 is in use (another Odoo?): stop it or choose another port with --port."
import socket, sys
with socket.socket() as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", int(sys.argv[1])))
PY
}

# Debian packages the tests need, installed if missing: headless Chromium
# for the browser tours, wkhtmltopdf for the PDF statements, CJK fonts for
# Chinese names in both.
sp_ensure_packages() {
    local missing=()
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
        || command -v google-chrome >/dev/null || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    # Chinese names and statements (zh_CN) in the browser and the PDFs
    # (grep -c, not -q: under pipefail an early exit of grep fails the pipe)
    [ "$(fc-list 2>/dev/null | grep -ci "cjk")" -gt 0 ] || missing+=(fonts-noto-cjk)
    [ ${#missing[@]} -eq 0 ] && return 0
    sp_say "Installing ${missing[*]}"
    sp_apt_get "${missing[@]}" \
        || sp_die "Cannot install ${missing[*]} (apt-get): the browser tours and PDF statements need them."
}
