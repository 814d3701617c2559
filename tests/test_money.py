import pytest

from marketplace.money import format_rupiah


@pytest.mark.parametrize(("amount", "text"), [
    (0, "Rp 0"), (999, "Rp 999"), (1000, "Rp 1.000"), (150000, "Rp 150.000"),
    (1250000, "Rp 1.250.000"), (100000000, "Rp 100.000.000"), (-5000, "-Rp 5.000"),
])
def test_rupiah_uses_dots_for_thousands_and_no_decimals(amount, text):
    assert format_rupiah(amount) == text


@pytest.mark.parametrize("amount", [1.5, "1000", None, True])
def test_rupiah_refuses_anything_but_whole_numbers(amount):
    with pytest.raises(TypeError):
        format_rupiah(amount)


def test_rupiah_filter_in_templates(app):
    assert app.jinja_env.from_string("{{ 1250000|rupiah }}").render() == "Rp 1.250.000"
