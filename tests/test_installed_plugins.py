"""The entry points of group `govlint` kept between runs (plugins/installed.py): the same as
importlib.metadata finds, found again as soon as a distribution is installed, removed or its
entry points rewritten, and never kept while the environment may still be changing."""
from __future__ import annotations

import importlib.metadata
import os
import sys
import time

import pytest

from govlint.plugins import installed


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A folder on sys.path for distributions, a private cache, and changes taken as settled."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(installed, "SETTLE_SECONDS", 0.0)
    return folder


_CLOCK = [time.time() - 3600]


def _touch(*paths) -> None:
    """Each change a second later than the last: as changes a run apart are."""
    for path in paths:
        _CLOCK[0] += 1
        os.utime(path, (_CLOCK[0], _CLOCK[0]))


def _distribution(site, name: str, points: str) -> None:
    dist = site / f"{name}-1.0.dist-info"
    dist.mkdir(exist_ok=True)
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(points, encoding="utf-8")
    _touch(dist / "entry_points.txt", dist, site)


def _expected() -> list[tuple[str, str]]:
    return [(ep.name, ep.value) for ep in importlib.metadata.entry_points(group="govlint")]


def _found() -> list[tuple[str, str]]:
    return [(ep.name, ep.value) for ep in installed.entry_points()]


def _kept_only(monkeypatch):
    """importlib.metadata may not be asked: what comes back must be the kept list."""
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **_: pytest.fail("scanned again"))


def test_the_same_entry_points_as_importlib_metadata_and_kept(site, monkeypatch):
    _distribution(site, "alpha", "[govlint]\nalpha = alpha_rules\nbeta = alpha_rules.more:hooks\n[other]\nx = y\n")
    expected = _expected()
    assert ("alpha", "alpha_rules") in expected and ("beta", "alpha_rules.more:hooks") in expected
    assert _found() == expected
    with monkeypatch.context() as m:
        _kept_only(m)
        assert _found() == expected
    assert any(p.name.startswith("plugins-") for p in (site.parent / "cache").iterdir())


def test_installing_rewriting_and_removing_a_distribution_is_seen_at_once(site):
    _distribution(site, "alpha", "[govlint]\nalpha = alpha_rules\n")
    assert _found() == _expected()
    _distribution(site, "gamma", "[govlint]\ngamma = gamma_rules\n")           # installed
    assert ("gamma", "gamma_rules") in _found() and _found() == _expected()
    points = site / "alpha-1.0.dist-info" / "entry_points.txt"
    points.write_text("[govlint]\nalpha = alpha_rules.v2\n", encoding="utf-8")  # rewritten in place
    _touch(points)
    assert ("alpha", "alpha_rules.v2") in _found() and _found() == _expected()
    for path in sorted((site / "gamma-1.0.dist-info").iterdir()):             # removed
        path.unlink()
    (site / "gamma-1.0.dist-info").rmdir()
    _touch(site)
    assert ("gamma", "gamma_rules") not in _found() and _found() == _expected()


def test_nothing_is_kept_while_the_environment_may_still_change(site, monkeypatch):
    monkeypatch.setattr(installed, "SETTLE_SECONDS", 2.0)
    dist = site / "fresh-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fresh\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[govlint]\nfresh = fresh_rules\n", encoding="utf-8")
    assert ("fresh", "fresh_rules") in _found()
    assert not (site.parent / "cache").exists() or not any(
        p.name.startswith("plugins-") for p in (site.parent / "cache").iterdir())


def test_an_entry_point_loads_as_importlib_metadata_loads_it(site):
    (site / "loadme_rules.py").write_text("class Hooks:\n    class Inner:\n        pass\n", encoding="utf-8")
    _distribution(site, "loadme", "[govlint]\nwhole = loadme_rules\npart = loadme_rules:Hooks.Inner\n")
    ours = {ep.name: ep for ep in installed.entry_points()}
    theirs = {ep.name: ep for ep in importlib.metadata.entry_points(group="govlint")}
    for name in ("whole", "part"):
        assert ours[name].load() is theirs[name].load()
    sys.modules.pop("loadme_rules", None)


def test_a_damaged_kept_list_is_scanned_again(site):
    _distribution(site, "alpha", "[govlint]\nalpha = alpha_rules\n")
    _found()
    for kept in (site.parent / "cache").glob("plugins-*"):
        kept.write_bytes(b"\x00garbage")
    assert _found() == _expected()


def test_other_files_coming_and_going_do_not_matter(site, monkeypatch):
    _distribution(site, "alpha", "[govlint]\nalpha = alpha_rules\n")
    expected = _found()
    (site / "report.txt").write_text("x", encoding="utf-8")      # a busy current folder, say
    _touch(site)
    with monkeypatch.context() as m:
        _kept_only(m)
        assert _found() == expected


def test_a_distribution_folder_in_capitals_is_seen(site):
    _distribution(site, "alpha", "[govlint]\nalpha = alpha_rules\n")
    _found()
    dist = site / "Beta_Plugin-2.0.DIST-INFO"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: Beta-Plugin\nVersion: 2.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[govlint]\nbeta = beta_rules\n", encoding="utf-8")
    _touch(dist / "entry_points.txt", dist, site)
    assert _found() == _expected() and ("beta", "beta_rules") in _found()
