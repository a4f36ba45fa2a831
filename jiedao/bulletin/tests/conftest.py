import pytest

from jiedao.bulletin.tests.helpers import Records


@pytest.fixture
def records(monkeypatch: pytest.MonkeyPatch) -> Records:
    """The programmes' composers have their own tests; the bulletin's use a story it can steer."""
    fake = Records()
    monkeypatch.setattr("jiedao.bulletin.services.articles.compose", fake.compose)
    return fake
