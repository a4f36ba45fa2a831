from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from pytest_django import Settings

from jiedao.testing import World, build_world

# No deadline: on a busy machine (CI, a laptop running the suite twice) an example that
# takes 200 ms proves nothing and would fail the run. Derandomised: every run tries the
# same examples, so a property test passes or fails the same way each time (docs/testing.md).
hypothesis_settings.register_profile("jiedao", deadline=None, derandomize=True)
hypothesis_settings.load_profile("jiedao")


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(scope="session")
def _media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Settings, _media_root: Path) -> None:
    settings.AXES_ENABLED = False  # login throttling is tested on its own
    settings.LANGUAGE_CODE = "zh-hans"
    settings.MEDIA_ROOT = _media_root  # uploads made by tests never land in var/media
