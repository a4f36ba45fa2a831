from pathlib import Path

import pytest
from pytest_django import Settings

from jiedao.testing import World, build_world


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
