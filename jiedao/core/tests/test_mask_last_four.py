from jiedao.core.validators import mask_id_number_last_four


def test_it_masks_all_but_the_last_four() -> None:
    assert mask_id_number_last_four("310109198005041230") == "**************1230"
    assert mask_id_number_last_four("31010919800504123X") == "**************123X"


def test_it_keeps_a_short_or_empty_value_as_it_is() -> None:
    assert mask_id_number_last_four("") == ""
    assert mask_id_number_last_four("1230") == "1230"
    assert mask_id_number_last_four("30") == "30"
