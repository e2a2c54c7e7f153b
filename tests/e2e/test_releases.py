# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Releases (issue 22): every migration folder belongs to the release in
preparation (the manifest's version) or was complete when its version was
released (the commit that set it in the manifest, read from git history);
the manifest's version never goes back; HISTORY.md lists every release.

The checks run on this repository and, to show what they catch, on small
repositories made here with the histories that go wrong."""

import subprocess

import pytest

from .releases import (
    ROOT,
    history_problems,
    migration_problems,
    release_history,
)

# ---------------------------------------------------------------- this repo


def test_manifest_version_never_goes_back():
    history = release_history(ROOT)
    if history.unavailable:
        pytest.skip(history.unavailable)
    assert not history.problems, history.problems
    versions = [r.version for r in history.releases]
    assert versions[0] == "18.0.1.0.0", versions


def test_migration_folders_match_the_releases():
    history = release_history(ROOT)
    if history.unavailable:
        pytest.skip(history.unavailable)
    problems, unverifiable = migration_problems(ROOT, history)
    assert not problems, "\n".join(problems)
    if unverifiable:
        pytest.skip(
            "shallow clone: the commits that released "
            f"{', '.join(unverifiable)} are not in this clone "
            "(git fetch --unshallow reads them)"
        )


def test_history_lists_every_release():
    history = release_history(ROOT)
    if history.unavailable:
        pytest.skip(history.unavailable)
    assert not history_problems(ROOT, history)


# ------------------------------------------------ histories that go wrong


class Repo:
    """A throw-away repository with the addon's manifest and migrations."""

    def __init__(self, path):
        self.path = path
        path.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "ci@example.com")
        self.git("config", "user.name", "CI")

    def git(self, *args):
        return subprocess.run(
            ["git", "-C", str(self.path), *args],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def write(self, relative, text):
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)

    def remove(self, relative):
        (self.path / relative).unlink()

    def version(self, version):
        self.write("sales_performance/__manifest__.py", f'{{"version": "{version}"}}\n')

    def migration(self, version, name, body="pass"):
        self.write(
            f"sales_performance/migrations/{version}/{name}",
            f'"""{name}"""\n\n\ndef migrate(cr, version):\n    {body}\n',
        )

    def commit(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def problems(self):
        return migration_problems(self.path)


@pytest.fixture
def repo(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.version("18.0.1.0.0")
    repo.commit("first release")
    repo.version("18.0.1.1.0")
    repo.migration("18.0.1.1.0", "pre-grades.py")
    repo.commit("1.1.0 with its migration")
    return repo


def test_migration_in_its_release_passes(repo):
    repo.version("18.0.1.2.0")
    repo.commit("1.2.0")
    assert repo.problems() == ([], [])


def test_migration_added_to_a_released_version_fails(repo):
    repo.version("18.0.1.2.0")
    repo.commit("1.2.0")
    repo.migration("18.0.1.1.0", "post-late.py")
    repo.commit("a script for 1.1.0, after 1.1.0 was released")
    problems, __ = repo.problems()
    assert len(problems) == 1
    assert "post-late.py was added after 18.0.1.1.0 was released" in problems[0]


def test_migration_of_the_version_in_preparation_may_grow(repo):
    # the manifest's version is the release being prepared: other branches
    # add their scripts to its folder until the next version is set
    repo.migration("18.0.1.1.0", "post-more.py")
    repo.commit("another script for 1.1.0 while 1.1.0 is prepared")
    assert repo.problems() == ([], [])


def test_changed_code_of_a_released_migration_fails(repo):
    repo.version("18.0.1.2.0")
    repo.commit("1.2.0")
    repo.migration("18.0.1.1.0", "pre-grades.py", body="cr.execute('SELECT 1')")
    repo.commit("the 1.1.0 script changed afterwards")
    problems, __ = repo.problems()
    assert len(problems) == 1 and "changed after 18.0.1.1.0" in problems[0]


def test_docstring_of_a_released_migration_may_change(repo):
    repo.version("18.0.1.2.0")
    repo.commit("1.2.0")
    path = "sales_performance/migrations/18.0.1.1.0/pre-grades.py"
    text = (repo.path / path).read_text()
    repo.write(path, text.replace('"""pre-grades.py"""', '"""Grades: better said."""'))
    repo.commit("docstring only")
    assert repo.problems() == ([], [])


def test_folder_newer_than_the_manifest_fails(repo):
    repo.migration("18.0.1.2.0", "pre-new.py")
    repo.commit("a script for a version the manifest does not have")
    problems, __ = repo.problems()
    assert len(problems) == 1 and "newer than the manifest's version" in problems[0]


def test_folder_of_a_version_never_released_fails(repo):
    repo.version("18.0.1.2.0")
    repo.migration("18.0.1.1.5", "pre-odd.py")
    repo.commit("1.2.0 and a folder for a version that never was")
    problems, __ = repo.problems()
    assert len(problems) == 1 and "no release had this version" in problems[0]


def test_version_set_back_fails(repo):
    repo.version("18.0.1.0.0")
    repo.commit("back to 1.0.0")
    history = release_history(repo.path)
    assert any("back from 18.0.1.1.0 to 18.0.1.0.0" in p for p in history.problems)


def test_two_branches_setting_one_version_the_later_script_fails(repo):
    # What happened to 18.0.1.2.0: two branches set it; the one merged first
    # released it on main without the other's migration, which came with the
    # second merge. Databases upgraded in between never run that script.
    repo.git("checkout", "-q", "-b", "templates")
    repo.version("18.0.1.2.0")
    repo.commit("templates: 1.2.0")
    repo.git("checkout", "-q", "main")
    repo.git("checkout", "-q", "-b", "explanations")
    repo.version("18.0.1.2.0")
    repo.migration("18.0.1.2.0", "pre-migrate.py")
    repo.commit("explanations: 1.2.0 and the column move")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "--no-edit", "templates")
    repo.git("merge", "-q", "--no-ff", "--no-edit", "explanations")
    assert repo.problems() == ([], [])  # 1.2.0 is still being prepared
    repo.version("18.0.1.3.0")
    repo.commit("1.3.0")
    problems, __ = repo.problems()
    assert len(problems) == 1
    assert "18.0.1.2.0/pre-migrate.py was added after 18.0.1.2.0" in problems[0]
    # the fix: the script redone in the new release's folder
    repo.remove("sales_performance/migrations/18.0.1.2.0/pre-migrate.py")
    repo.migration("18.0.1.3.0", "pre-explanation_text.py")
    repo.commit("redo it in 1.3.0")
    assert repo.problems() == ([], [])


def test_shallow_clone_cannot_verify_older_releases(repo, tmp_path):
    repo.version("18.0.1.2.0")
    repo.commit("1.2.0")
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)],
        check=True,
    )
    history = release_history(clone)
    assert history.releases[0].commit is None  # cut off by the clone
    problems, unverifiable = migration_problems(clone, history)
    assert problems == [] and unverifiable == ["18.0.1.1.0"]


def test_history_md_needs_every_release(repo):
    repo.version("18.0.1.2.0")
    repo.write(
        "sales_performance/readme/HISTORY.md",
        "## 18.0.1.2.0 (2026-12-02)\n\n- c\n\n## 18.0.1.0.0 (2026-11-24)\n\n- a\n",
    )
    repo.commit("1.2.0 without 1.1.0 in its history")
    missing = "has no '## 18.0.1.1.0 (YYYY-MM-DD)' heading"
    assert history_problems(repo.path) == [
        f"sales_performance/readme/HISTORY.md {missing}"
    ]


def _fast_forwarded_release(repo):
    """What happened to 18.0.1.3.0: a working branch set the version, later
    commits of it added to the version's folder, and main was fast-forwarded
    to the branch where it landed; the next version was set after it."""
    repo.git("checkout", "-q", "-b", "work")
    repo.version("18.0.1.2.0")
    repo.migration("18.0.1.2.0", "pre-first.py")
    repo.commit("work: 1.2.0")
    repo.migration("18.0.1.2.0", "post-second.py")
    landed = repo.commit("work: another script for 1.2.0")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "work")
    repo.version("18.0.1.3.0")
    repo.commit("1.3.0")
    return landed


def test_fast_forwarded_release_needs_its_landing(repo):
    landed = _fast_forwarded_release(repo)
    problems, __ = repo.problems()
    # without the record, the branch's first commit passes for the release
    assert len(problems) == 1 and "post-second.py was added after" in problems[0]
    repo.write("tests/e2e/landings.txt", f"# landings\n18.0.1.2.0 {landed}\n")
    repo.commit("record where 1.2.0 landed")
    assert repo.problems() == ([], [])
    assert release_history(repo.path).releases[-2].commit == landed


def test_a_script_added_after_the_landing_still_fails(repo):
    landed = _fast_forwarded_release(repo)
    repo.write("tests/e2e/landings.txt", f"18.0.1.2.0 {landed}\n")
    repo.migration("18.0.1.2.0", "post-late.py")
    repo.commit("a 1.2.0 script after 1.2.0 landed")
    problems, __ = repo.problems()
    assert len(problems) == 1 and "post-late.py was added after" in problems[0]


def test_a_landing_at_another_version_fails(repo):
    _fast_forwarded_release(repo)
    head = repo.git("rev-parse", "HEAD").strip()  # at 1.3.0
    first = repo.git("rev-list", "--max-parents=0", "HEAD").strip()  # at 1.0.0
    for commit in (head, first, "0" * 40):
        repo.write("tests/e2e/landings.txt", f"18.0.1.2.0 {commit}\n")
        repo.commit(f"a wrong landing {commit[:7]}")
        history = release_history(repo.path)
        assert any("landings.txt" in p for p in history.problems), commit
