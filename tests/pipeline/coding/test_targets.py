"""Targets past the verb's object: what a statement is about, where travel is warned against,
whom aid is given to and whom an intention is with."""

from __future__ import annotations

from tests.pipeline.coding.coded import coded


def _code(
    text: str, countries: dict[str, str], cities: dict[str, str] | None = None
) -> list[tuple[str | None, str | None, str | None]]:
    """(verb, source code, target code) of each event, given the countries and the cities
    (surface -> ISO alpha-2) the place enricher would have found."""
    return coded(text, countries, cities=cities)


class TestStatementTargets:
    """What a statement is about."""

    def test_a_states_inverted_statement_is_about_the_country_before_it(self) -> None:
        """'90 people are ill in the Peruvian outbreak, according to the Chilean health
        ministry': Chile's statement about Peru; a state's own country is its topic too when
        what it states names it first (the gold's guideline, rule 10)."""
        events = _code(
            "Nearly 90 people are ill in the Peruvian cholera outbreak, according to the "
            "Chilean health ministry.",
            {"Peruvian": "PE", "Chilean": "CL"},
        )
        assert events == [("according to", "CHLGOV", "PER")]
        events = _code(
            "Forty cows in Alberta, Canada, are sick, said Canadian food agency officials.",
            {"Canada": "CA", "Canadian": "CA"},
        )
        assert [(source, target) for _, source, target in events] == [("CAN", "CAN")]

    def test_a_states_statement_after_its_verb_is_about_the_state_it_names(self) -> None:
        """'Chile said that cases had been found in Peru': a state's statement is about the
        first state what it states names, as an international body's is (the gold's
        guideline, rule 10)."""
        events = _code(
            "The Chilean health ministry said that new cases had been found in Peru.",
            {"Chilean": "CL", "Peru": "PE"},
        )
        assert events == [("said", "CHLGOV", "PER")]

    def test_the_country_names_no_state(self) -> None:
        """'Floods have hit Kenya; the WHO has confirmed cholera cases in the country': 'the
        country' names no state, even where it refers to one (the guideline's rule 10)."""
        text = "Floods have hit Kenya; the WHO has confirmed cholera cases in the country."
        assert _code(text, {"Kenya": "KE"}) == [("confirmed", "IGOUNOHLHWHO", None)]
        text = "Floods have hit Kenya; the WHO has confirmed cholera cases."
        assert _code(text, {"Kenya": "KE"}) == [("confirmed", "IGOUNOHLHWHO", None)]

    def test_where_a_gathering_is_held_is_no_topic(self) -> None:
        """'The WHO says vaccination events are being held in parts of Kenya': where it
        happens, not what the WHO speaks about; 'measles has spread in Kenya' is about Kenya."""
        events = _code(
            "The WHO says special vaccination events for children are being held in parts of "
            "Kenya this week.",
            {"Kenya": "KE"},
        )
        assert events == [("says", "IGOUNOHLHWHO", None)]
        events = _code("The WHO says meetings are being held in Kenya.", {"Kenya": "KE"})
        assert events == [("says", "IGOUNOHLHWHO", None)]
        events = _code("The WHO says measles has spread in Kenya this week.", {"Kenya": "KE"})
        assert events == [("says", "IGOUNOHLHWHO", "KEN")]


class TestTravelWarnings:
    """A warning or an appeal about travel is about where the travel goes."""

    def test_an_appeal_not_to_travel_is_about_the_destination(self) -> None:
        """'Japan has urged its citizens not to travel to Kenya': to Kenya, not to Japan's
        public; a city alone names no state ('to Mombasa', the guideline's rule 10)."""
        countries = {"Japan": "JP", "Kenya": "KE"}
        text = "Japan has urged its citizens not to travel to Kenya."
        assert _code(text, countries) == [("urged", "JPN", "KEN")]
        text = "Japan has urged its citizens not to travel to Mombasa."
        assert _code(text, {"Japan": "JP"}, {"Mombasa": "KE"}) == [("urged", "JPN", None)]
        text = "Japan has urged its citizens not to travel to Osaka."
        assert _code(text, {"Japan": "JP"}, {"Osaka": "JP"}) == [("urged", "JPN", None)]

    def test_a_warning_of_travel_to_and_from(self) -> None:
        """'issued alerts to their citizens, warning of travel to and from Kenya'."""
        events = _code(
            "Japan has issued alerts to its citizens, warning of travel to and from Kenya.",
            {"Japan": "JP", "Kenya": "KE"},
        )
        assert events == [("issued", "JPN", "KEN")]


class TestRecipients:
    """Whom aid is given to, and whom an intention is with, past the verb's object."""

    def test_aid_to_help_someone(self) -> None:
        """'providing 20 tonnes of rice and new funding to help Haiti': aid to Haiti."""
        events = _code(
            "Japan is providing 20 tonnes of rice and new funding to help Haiti.",
            {"Japan": "JP", "Haiti": "HT"},
        )
        assert events == [("providing", "JPN", "HTI")]

    def test_an_intention_with_someone_later_in_the_clause(self) -> None:
        """'are promising to raise the issue at several meetings next week with the Chinese
        government': with China; 'with Japan', their own country, is where they act."""
        text = (
            "Japanese officials are promising to raise the issue at several meetings next week "
            "with the Chinese government."
        )
        assert _code(text, {"Japanese": "JP", "Chinese": "CN"}) == [("promising", "JPN", "CHNGOV")]
        text = text.replace("the Chinese government", "Japan")
        assert _code(text, {"Japanese": "JP", "Japan": "JP"}) == [("promising", "JPN", None)]
