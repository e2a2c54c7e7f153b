# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The addon's releases, read from git history, and the checks of its
migration folders against them (issue 22).

A release's code is the commit that set its version in the manifest (tags
may not travel with the repository), or the commit where it reached the main
branch when ``tests/e2e/landings.txt`` records it: a branch fast-forwarded
onto main brings its own commits into main's first-parent line, and the
commit that set the version there was never anybody's release.

Releases are read along the first
parents of HEAD, the line of the main branch: a version set on a branch is
released where that branch is merged. The manifest's current version is the
release in preparation: its migration folder may still grow. A released
version's migration folder may not: a database upgraded from that release's
code already holds that version, so Odoo never runs a script added to its
folder afterwards (18.0.1.2.0's explanation migration was such a script).
"""

import ast
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = "sales_performance/__manifest__.py"
MIGRATIONS = "sales_performance/migrations"
HISTORY = "sales_performance/readme/HISTORY.md"
LANDINGS = "tests/e2e/landings.txt"
VERSION = re.compile(r"^18\.0\.\d+\.\d+\.\d+$")


def version_key(version):
    return tuple(int(part) for part in version.split("."))


def manifest_version(source):
    return ast.literal_eval(source)["version"]


def git(root, *args, check=True):
    result = subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if check and result.returncode:
        raise RuntimeError(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result


@dataclass
class Release:
    version: str
    commit: str | None  # None: set before the first commit a shallow clone has
    last_commit: str  # the last commit (first parents) at this version


@dataclass
class History:
    releases: list = field(default_factory=list)  # oldest first
    unavailable: str = ""  # why the history cannot be read, if it cannot
    problems: list = field(default_factory=list)


def release_history(root=ROOT):
    """Each version the manifest had along the first parents of HEAD, with
    the commit that set it (``None`` when a shallow clone cut it off)."""
    history = History()
    if git(root, "rev-parse", "--git-dir", check=False).returncode:
        history.unavailable = f"{root} is not a git repository"
        return history
    commits = git(
        root, "log", "--first-parent", "--format=%H", "--", MANIFEST
    ).stdout.split()
    if not commits:
        history.unavailable = f"no commit of {MANIFEST} in this clone"
        return history
    commits.reverse()
    shallow_file = Path(
        git(
            root, "rev-parse", "--path-format=absolute", "--git-path", "shallow"
        ).stdout.strip()
    )
    boundary = set(shallow_file.read_text().split()) if shallow_file.exists() else set()
    for commit in commits:
        version = manifest_version(git(root, "show", f"{commit}:{MANIFEST}").stdout)
        last = history.releases[-1] if history.releases else None
        if last and last.version == version:
            last.last_commit = commit
            continue
        if last and version_key(version) < version_key(last.version):
            history.problems.append(
                f"{commit[:10]} sets the manifest version back from "
                f"{last.version} to {version}"
            )
        setter = commit
        if not last and commit in boundary:
            # the manifest predates this shallow clone's first commit
            setter = None
        history.releases.append(Release(version, setter, commit))
    # a release's last code: just before the next one was set (HEAD's own
    # release: HEAD)
    for release, following in zip(history.releases, history.releases[1:], strict=False):
        parent = git(root, "rev-parse", f"{following.commit}^1", check=False)
        if not parent.returncode:
            release.last_commit = parent.stdout.strip()
    if history.releases:
        history.releases[-1].last_commit = git(root, "rev-parse", "HEAD").stdout.strip()
    _apply_landings(root, history)
    return history


def read_landings(root=ROOT):
    """``{version: commit}`` recorded in ``LANDINGS``: ``VERSION COMMIT``
    lines, ``#`` comments."""
    path = Path(root) / LANDINGS
    landings = {}
    if not path.exists():
        return landings
    for line in path.read_text().splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            landings[words[0]] = words[1] if len(words) > 1 else ""
    return landings


def _apply_landings(root, history):
    """A recorded landing is the release's code (see the module's docstring)
    when it is a commit of HEAD's history with that version in its manifest,
    set no earlier than the commit that set the version; else a problem."""
    by_version = {r.version: r for r in history.releases}
    for version, commit in read_landings(root).items():
        release = by_version.get(version)
        if not release:
            history.problems.append(
                f"{LANDINGS}: {version} is no version of the manifest's history"
            )
            continue
        full = git(
            root, "rev-parse", "--verify", "-q", f"{commit}^{{commit}}", check=False
        )
        if full.returncode:
            if release.commit is not None:
                history.problems.append(
                    f"{LANDINGS}: {version} landed at {commit!r}, not a commit "
                    "of this repository"
                )
            continue  # a shallow clone: cut off with the rest
        full = full.stdout.strip()
        shown = git(root, "show", f"{full}:{MANIFEST}", check=False)
        on_head = not git(
            root, "merge-base", "--is-ancestor", full, "HEAD", check=False
        ).returncode
        after_setter = (
            release.commit is None
            or not git(
                root, "merge-base", "--is-ancestor", release.commit, full, check=False
            ).returncode
        )
        if (
            shown.returncode
            or manifest_version(shown.stdout) != version
            or not on_head
            or not after_setter
        ):
            history.problems.append(
                f"{LANDINGS}: {version} cannot have landed at {commit[:10]}: "
                f"not a commit of this history at {version}"
            )
            continue
        release.commit = full


def _without_docstrings(source):
    """The code of a Python file, docstrings and comments left out."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def _same_code(path, old, new):
    if path.endswith(".py"):
        try:
            return _without_docstrings(old) == _without_docstrings(new)
        except SyntaxError:
            return old == new
    return old == new


def migration_problems(root=ROOT, history=None):
    """``(problems, unverifiable)``: what is wrong with the migration folders
    of the working tree, and the released versions whose code this clone
    does not have (a shallow clone)."""
    root = Path(root)
    history = history or release_history(root)
    current = manifest_version((root / MANIFEST).read_text())
    problems = list(history.problems)
    unverifiable = []
    released = {r.version: r for r in history.releases if r.version != current}
    if history.releases and version_key(current) < version_key(
        history.releases[-1].version
    ):
        problems.append(
            f"the manifest says {current}, below the release "
            f"{history.releases[-1].version} already in the history"
        )
    folder_root = root / MIGRATIONS
    folders = (
        sorted(p for p in folder_root.iterdir() if p.is_dir())
        if (folder_root.exists())
        else []
    )
    for folder in folders:
        version = folder.name
        if folder.name == "__pycache__":
            continue
        if not VERSION.match(version):
            problems.append(
                f"migrations/{version}: not a full 18.0.x.y.z version, Odoo "
                "would run it at an unexpected time"
            )
            continue
        if version_key(version) > version_key(current):
            problems.append(
                f"migrations/{version} is newer than the manifest's version "
                f"{current}: bump the manifest to {version}, or name the folder "
                f"{current}"
            )
            continue
        if version == current:
            continue
        release = released.get(version)
        cut = history.releases and history.releases[0].commit is None
        if (
            not release
            and cut
            and version_key(version) < version_key(history.releases[0].version)
        ):
            unverifiable.append(version)  # released before the clone's history
            continue
        if not release:
            problems.append(
                f"migrations/{version}: no release had this version (the "
                f"manifest went {', '.join(released) or 'nowhere'}): its scripts "
                f"belong in migrations/{current}"
            )
            continue
        if release.commit is None:
            unverifiable.append(version)
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            relative = path.relative_to(root).as_posix()
            shown = git(root, "show", f"{release.commit}:{relative}", check=False)
            if shown.returncode:
                problems.append(
                    f"{relative} was added after {version} was released "
                    f"(commit {release.commit[:10]}): databases upgraded to "
                    f"{version} before it arrived never run it. Move it to "
                    f"migrations/{current} (idempotent)."
                )
            elif not _same_code(relative, shown.stdout, path.read_text()):
                problems.append(
                    f"{relative} changed after {version} was released (commit "
                    f"{release.commit[:10]}): databases already at {version} "
                    f"never run the change. Put it in migrations/{current}."
                )
    return problems, unverifiable


def history_problems(root=ROOT, history=None):
    """HISTORY.md has a heading for the manifest's version and every
    released version, newest first."""
    root = Path(root)
    history = history or release_history(root)
    current = manifest_version((root / MANIFEST).read_text())
    text = (root / HISTORY).read_text() if (root / HISTORY).exists() else ""
    headings = re.findall(
        r"^## (18\.0\.\d+\.\d+\.\d+) \(\d{4}-\d{2}-\d{2}\)$", text, re.MULTILINE
    )
    expected = {r.version for r in history.releases} | {current}
    problems = [
        f"{HISTORY} has no '## {version} (YYYY-MM-DD)' heading"
        for version in sorted(expected - set(headings), key=version_key)
    ]
    if headings != sorted(headings, key=version_key, reverse=True):
        problems.append(f"{HISTORY}: versions not listed newest first: {headings}")
    return problems
