import pytest
from pytest_django import Settings

from jiedao.testing import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Settings) -> None:
    settings.AXES_ENABLED = False  # login throttling is tested on its own
    settings.LANGUAGE_CODE = "zh-hans"
