"""The installed packages are the locked ones, and the locks match pyproject.toml.

A new machine installs requirements/*.txt (exact versions with hashes). These
tests fail when an environment drifts from the lock (a package upgraded by
hand, an install that bypassed the lock) or when pyproject.toml gains or
changes a dependency without `make lock`.
"""

import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ROOT / "requirements"


def locked(name: str) -> dict[str, str]:
    """Map each package pinned in a lock file (for this Python) to its version."""
    pins: dict[str, str] = {}
    for line in (LOCKS / name).read_text().splitlines():
        if not line or line[0] in " #-":
            continue
        requirement = Requirement(line.rstrip(" \\"))
        if requirement.marker and not requirement.marker.evaluate(
            default_environment()
        ):
            continue
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", line
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def declared(*extras: str) -> list[Requirement]:
    """The requirements pyproject.toml declares, with the given extras."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in extras:
        lines += project["optional-dependencies"][extra]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize("lock", ["build.txt", "test.txt"])
def test_installed_versions_are_the_locked_versions(lock):
    drift = []
    for name, version in sorted(locked(lock).items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != version:
            drift.append(f"{name}: locked {version}, installed {installed}")
    assert not drift, "Run `make install` (or `make lock` on purpose):\n" + "\n".join(
        drift
    )


@pytest.mark.parametrize(
    ("lock", "extras"),
    [
        ("production.txt", ()),
        ("test.txt", ("test",)),
        ("bench.txt", ("test", "bench")),
    ],
)
def test_every_declared_dependency_is_locked_within_its_range(lock, extras):
    pins = locked(lock)
    problems = []
    for requirement in declared(*extras):
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{requirement}: not in requirements/{lock}")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{requirement}: locked at {pins[name]}")
    assert not problems, "Run `make lock`:\n" + "\n".join(problems)


def test_the_locks_agree_on_every_shared_package():
    locks = {name: locked(name) for name in ("build.txt", "production.txt", "test.txt")}
    bench = locked("bench.txt")
    disagreements = [
        f"{package}: {lock} {version}, bench.txt {bench[package]}"
        for lock, pins in locks.items()
        for package, version in pins.items()
        if package in bench and bench[package] != version
    ]
    assert not disagreements, "\n".join(disagreements)


def test_every_lock_pins_with_hashes():
    for lock in LOCKS.glob("*.txt"):
        text = lock.read_text()
        pins = [line for line in text.splitlines() if line and line[0] not in " #-"]
        assert pins, lock
        assert text.count("--hash=sha256:") >= len(pins), lock
