import pytest

from jiedao.counselling.models import Slot


@pytest.mark.django_db
def test_fixture_builds(counselling):
    assert counselling.slots
    assert counselling.appointment.person.name == "王秀英"
    assert Slot.objects.count() == len(counselling.slots)
