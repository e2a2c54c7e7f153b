#!/usr/bin/env bash
# Shared helpers of the project's commands: Odoo check, PostgreSQL, role, pip.
# Sourced by scripts/test and scripts/demo; not meant to be run directly.

SP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SP_PYTHON="${SP_PYTHON:-python3}"
SP_LOG_DIR="${SP_LOG_DIR:-$SP_ROOT/var/log}"

sp_say() { printf '\n== %s\n' "$*"; }
sp_die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Odoo 18.0 must be importable by python3: it is the ERP this addon plugs
# into, provided by the machine, never installed by this project.
sp_require_odoo() {
    local version
    if ! version=$("$SP_PYTHON" -c "import odoo.release as r; print(r.serie)" 2>&1); then
        sp_die "Odoo is not installed: '$SP_PYTHON -c \"import odoo\"' fails.
This addon needs Odoo 18.0 Community importable by $SP_PYTHON (see README.md,
'Requirements'). Python said: $(printf '%s' "$version" | tail -n 1)"
    fi
    [ "$version" = "18.0" ] || sp_die "Odoo $version found, but this addon needs Odoo 18.0."
}

# Starts the local PostgreSQL cluster if nothing answers on the socket.
sp_ensure_postgres() {
    if pg_isready -q 2>/dev/null; then return 0; fi
    command -v pg_lsclusters >/dev/null || sp_die "PostgreSQL is not running and no Debian cluster tools (pg_lsclusters) are installed."
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

# Debian packages the tests need, installed if missing: headless Chromium
# for the browser tours, wkhtmltopdf for the PDF statements, CJK fonts for
# Chinese names in both.
sp_ensure_packages() {
    local missing=()
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
        || command -v google-chrome >/dev/null || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    # Chinese names and statements (zh_CN) in the browser and the PDFs
    fc-list 2>/dev/null | grep -qi "cjk" || missing+=(fonts-noto-cjk)
    [ ${#missing[@]} -eq 0 ] && return 0
    sp_say "Installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo -n"
    $sudo apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
        || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q "${missing[@]}" >/dev/null; } \
        || sp_die "Cannot install ${missing[*]} (apt-get): the browser tours and PDF statements need them."
}
