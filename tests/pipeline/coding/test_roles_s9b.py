"""Sources and targets on the adjudicated gold (targets2-s9): the guideline's rules 10-16 read
where targets-s9 left them."""

from __future__ import annotations

from tests.pipeline.coding.coded import coded


class TestTravelToACity:
    """A warning or an appeal about travel to a city or region alone has no target."""

    def test_a_city_names_no_state(self) -> None:
        """'France has told its citizens not to travel to Lyon or Nice': a city or region
        alone makes no target (rule 10), a foreign one included; a country named on its own
        still does ('not to travel to Chad')."""
        text = "France has urged its citizens not to travel to Mombasa this summer."
        events = coded(text, {"France": "FR"}, cities={"Mombasa": "KE"})
        assert events == [("urged", "FRA", None)]
        text = "France has urged its citizens not to travel to Chad this summer."
        assert coded(text, {"France": "FR", "Chad": "TD"}) == [("urged", "FRA", "TCD")]
