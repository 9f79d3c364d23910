"""Sources and targets on the adjudicated gold (targets2-s9): the guideline's rules 10-16 read
where targets-s9 left them."""

from __future__ import annotations

from eventwire.pipeline.intake import normalise_article
from eventwire.schemas import ArticleIn, Place
from tests.pipeline.coding.coded import coded, coded_in, place


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


class TestClosingSpeaker:
    """'..., the WHO said on Friday': what precedes the comma is the statement's content."""

    def test_content_before_a_closing_speaker(self) -> None:
        """The first state named before the comma is the target (rule 10), the speaker's own
        country included."""
        text = "Measles cases in Kenya and Uganda have doubled, the WHO said on Monday."
        events = coded(text, {"Kenya": "KE", "Uganda": "UG"})
        assert events == [("said", "IGOUNOHLHWHO", "KEN")]
        text = "Two more cases were found in Ghana last week, the Ghanaian government said."
        events = coded(text, {"Ghana": "GH", "Ghanaian": "GH"})
        assert events == [("said", "GHAGOV", "GHA")]

    def test_a_closing_speaker_then_a_clause_set_against_it(self) -> None:
        """'..., the WHO confirmed, but said the risk was low': the speaker still closes what
        precedes the comma."""
        text = "Two cases were found in Ghana last week, the WHO confirmed, but said it was low."
        events = coded(text, {"Ghana": "GH"})
        assert ("confirmed", "IGOUNOHLHWHO", "GHA") in events

    def test_a_speaker_who_says_what_follows_is_no_closing_one(self) -> None:
        """'..., but the WHO said that ...': the content follows the verb, and the sentence
        does not end within a few words of it; nor is the subject of a relative clause that
        the comma closes ('Officials from Uganda, where ..., have said so')."""
        text = "Measles is rare in Kenya, but the WHO said that cases have doubled among children."
        events = coded(text, {"Kenya": "KE"})
        assert events == [("said", "IGOUNOHLHWHO", None)]
        text = "Officials from Uganda, which borders Kenya, have said so."
        assert coded(text, {"Uganda": "UG", "Kenya": "KE"}) == [("said", "UGA", None)]


def _adjective(text: str, name: str, country: str) -> Place:
    """The place enricher's country adjective ``name`` (a demonym) in ``text``."""
    return place(text, name, "country", country).model_copy(update={"demonym": True})


class TestContinentalAdjectives:
    """'South American', 'Latin American' name a continent, not the United States."""

    def test_south_american_is_no_state(self) -> None:
        """'cases in the South American country of Chile, the WHO says': about Chile; 'the
        American state of Ohio' is the United States."""
        text = "Ten cases in the South American country of Chile were confirmed, the WHO says."
        article = normalise_article(ArticleIn(source="t", text=text), "art_t")
        found = [
            _adjective(article.text, "American", "US"),
            place(article.text, "Chile", "country", "CL"),
        ]
        assert coded_in(article, found, []) == [("says", "IGOUNOHLHWHO", "CHL")]
        text = "Ten cases in the American state of Ohio were confirmed, the WHO says."
        article = normalise_article(ArticleIn(source="t", text=text), "art_t")
        found = [_adjective(article.text, "American", "US")]
        assert coded_in(article, found, []) == [("says", "IGOUNOHLHWHO", "USA")]


class TestMeans:
    """An actor after 'via' is the channel of the act, not its target."""

    def test_via_names_no_target(self) -> None:
        """'Japan appealed, via the WHO, for donations': no target; 'Japan appealed to the
        WHO for donations' is an appeal to the WHO."""
        text = "Japan was appealing, via the WHO, for donations of vaccine."
        assert coded(text, {"Japan": "JP"}) == [("appealing", "JPN", None)]
        text = "Japan was appealing to the WHO for donations of vaccine."
        assert coded(text, {"Japan": "JP"}) == [("appealing", "JPN", "IGOUNOHLHWHO")]


class TestVeterinaryServices:
    """A sentence whose only actor is a veterinary service is coded (rule 11)."""

    def test_a_veterinary_physician_is_the_state(self) -> None:
        """'The district veterinary physician, John Mwangi, said': the article's country's
        state service; a physician with no service named is no actor (rule 2)."""
        text = (
            "Bird flu has been found in Kenya. The district veterinary physician, John Mwangi, "
            "said the outbreak began with wild ducks."
        )
        assert coded(text, {"Kenya": "KE"}) == [("said", "KENGOV", None)]
        text = text.replace("district veterinary physician", "district physician")
        assert coded(text, {"Kenya": "KE"}) == []


class TestCapitals:
    """A capital names its state in what a statement states (rule 10); no other city does."""

    def test_a_capital_in_the_content(self) -> None:
        """'The WHO says 200 people are ill in Nairobi': about Kenya; 'in Mombasa', a city
        that is no capital, names no state."""
        text = "The WHO says 200 people are ill, most of them in Nairobi."
        events = coded(text, {}, cities={"Nairobi": "KE"})
        assert events == [("says", "IGOUNOHLHWHO", "KEN")]
        text = "The WHO says 200 people are ill, most of them in Mombasa."
        events = coded(text, {}, cities={"Mombasa": "KE"})
        assert events == [("says", "IGOUNOHLHWHO", None)]

    def test_a_capital_is_no_object(self) -> None:
        """'Japan sent doctors to Nairobi': a city, not the state, is where they went; only a
        statement's content reads a capital as its state."""
        text = "Japan sent doctors to Nairobi."
        assert coded(text, {"Japan": "JP"}, cities={"Nairobi": "KE"}) == [("sent", "JPN", None)]


class TestReportedActs:
    """'X said that it did Z to Y' is the act, not X's statement (rule 4)."""

    def test_a_reported_act_between_actors_replaces_the_statement(self) -> None:
        """'Japan said it was sending doctors to Kenya': Japan's act towards Kenya only; with
        no act between actors reported, the statement stays."""
        text = "Japan said that it was sending doctors to help Kenya."
        events = coded(text, {"Japan": "JP", "Kenya": "KE"})
        assert [(source, target) for _, source, target in events] == [("JPN", "KEN")]
        assert events[0][0] == "sending"
        text = "Japan said that doctors were needed in Kenya."
        assert coded(text, {"Japan": "JP", "Kenya": "KE"}) == [("said", "JPN", "KEN")]
