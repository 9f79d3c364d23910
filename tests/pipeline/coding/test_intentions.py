"""Intentions (03x) of acts announced for the future, a speaker's own quoted appeals and
intentions, the subjects they need (roles), and charges of inaction."""

from __future__ import annotations

import pytest

from eventwire.pipeline.coding.actions import Action, Words, find_actions, upper_case
from eventwire.pipeline.coding.coder import code_article
from eventwire.pipeline.coding.intentions import intended, intention_code
from eventwire.pipeline.coding.verbs import VerbDictionary, load_verb_dictionary
from eventwire.pipeline.intake import normalise_article
from eventwire.schemas import ArticleIn, Enrichment
from tests.pipeline.coding.coded import person, place

Event = tuple[str | None, str | None, str]


@pytest.fixture(scope="module")
def dictionary() -> VerbDictionary:
    return load_verb_dictionary()


def _intended(sentence: str, dictionary: VerbDictionary) -> list[Action]:
    words = Words(sentence, upper_case(sentence))
    return intended(find_actions(words, dictionary), words)


def _events(
    text: str, countries: dict[str, str], people: dict[str, str] | None = None
) -> list[Event]:
    """(source, target, CAMEO code) of each event not negated, given the countries (surface ->
    ISO alpha-2) and the people (name -> actor code) the enrichers would have found."""
    article = normalise_article(ArticleIn(source="t", text=text), "art_t")
    places = sorted(
        (place(article.text, name, "country", code) for name, code in countries.items()),
        key=lambda p: p.span.start,
    )
    entities = [
        person(number, name, code, article.text.index(name), [])
        for number, (name, code) in enumerate((people or {}).items())
    ]
    events = code_article(article, Enrichment(places=places, entities=entities))
    return [
        (e.source.code if e.source else None, e.target.code if e.target else None, e.cameo_code)
        for e in events
        if not e.negated
    ]


class TestIntentionCode:
    """Each cooperative act has its CAMEO intention, one for one."""

    @pytest.mark.parametrize(
        ("act", "intention"),
        [
            ("042", "036"),
            ("040", "036"),
            ("045", "039"),
            ("051", "032"),
            ("057", "030"),
            ("061", "0311"),
            ("060", "031"),
            ("073", "0333"),
            ("075", "0333"),
            ("070", "033"),
            ("083", "034"),
            ("0831", "0341"),
            ("0874", "0356"),
            ("084", "0353"),
        ],
    )
    def test_cooperative_acts(self, act: str, intention: str) -> None:
        assert intention_code(act) == intention

    @pytest.mark.parametrize("act", ["010", "020", "036", "112", "172", "190"])
    def test_other_acts_have_none(self, act: str) -> None:
        """Statements, appeals, intentions themselves and hostile acts are not intended acts."""
        assert intention_code(act) is None


class TestIntended:
    """An act announced for the future is coded as the intention to do it."""

    @pytest.mark.parametrize(
        ("sentence", "lemma", "code"),
        [
            ("Japan will send doctors to Haiti.", "SEND", "0333"),
            ("Japan will also send doctors to Haiti.", "SEND", "0333"),
            ("The minister is to visit Kenya next week.", "VISIT", "036"),
            ("Japan said it would send doctors to Haiti.", "SEND", "0333"),
            ("We'll visit Kenya in May.", "VISIT", "036"),
        ],
    )
    def test_announced(
        self, sentence: str, lemma: str, code: str, dictionary: VerbDictionary
    ) -> None:
        found = [a for a in _intended(sentence, dictionary) if a.lemma == lemma]
        assert [(a.code, a.modality) for a in found] == [(code, "future")]

    @pytest.mark.parametrize(
        ("sentence", "lemma", "code"),
        [
            ("Japan sent doctors to Haiti.", "SEND", "073"),
            ("Japan would send doctors to Haiti if asked.", "SEND", "073"),
            ("Japan will ban imports from Haiti.", "BAN", "163"),
        ],
    )
    def test_not_announced_or_not_cooperative(
        self, sentence: str, lemma: str, code: str, dictionary: VerbDictionary
    ) -> None:
        """An act done, one under a condition ('would' outside reported speech) and a hostile
        act keep their codes."""
        assert [a.code for a in _intended(sentence, dictionary) if a.lemma == lemma] == [code]

    def test_verb_joined_by_and_shares_the_auxiliary(self, dictionary: VerbDictionary) -> None:
        sentence = "The US said it will purchase vaccines and export half of them to Mexico."
        codes = {a.lemma: a.code for a in _intended(sentence, dictionary)}
        assert codes["PURCHASE"] == "0311"
        assert codes["EXPORT"] == "0311"

    def test_past_verb_after_and_does_not_share(self, dictionary: VerbDictionary) -> None:
        sentence = "Japan will visit Kenya and sent doctors to Haiti last year."
        codes = {a.lemma: a.code for a in _intended(sentence, dictionary)}
        assert codes["SEND"] == "073"


class TestIntentionEvents:
    """The intention is coded with its actor and whom it is for."""

    def test_reported_intention_replaces_the_statement(self) -> None:
        """'X said it will export to Y' is X's intention towards Y, not X's statement; the
        verb joined by 'and' shares the subject, and the intention to cooperate with no
        partner ('purchase vaccines') is no event."""
        events = _events(
            "The United States said it will purchase vaccines and export half of them to Mexico.",
            {"United States": "US", "Mexico": "MX"},
        )
        assert events == [("USA", "MEX", "0311")]

    def test_intended_cooperation_needs_a_partner(self) -> None:
        """An intention to cooperate announced with no partner is no event, as the cooperation
        would be none; a pledge of support made keeps its event."""
        assert _events("Kenya will purchase vaccines next year.", {"Kenya": "KE"}) == []
        assert _events("Kenya pledged support on Monday.", {"Kenya": "KE"}) == [
            ("KEN", None, "032")
        ]

    def test_the_country_is_the_speakers_state(self) -> None:
        events = _events(
            "The French government said that the country would pledge vaccine doses to Kenya.",
            {"French": "FR", "Kenya": "KE"},
        )
        assert events == [("FRAGOV", "KEN", "030")]

    def test_the_country_is_no_organisations(self) -> None:
        """An organisation has no country: 'the country' is not the speaker."""
        events = _events(
            "The WHO said that the country would pledge vaccine doses to Kenya.", {"Kenya": "KE"}
        )
        assert all(code != "030" for _, _, code in events)

    def test_given_to_past_the_object(self) -> None:
        """The actor after a 'to' past the object is whom the pledge is to, not 'up to'."""
        events = _events(
            "Officials in Norway said the country would pledge up to one tenth of its "
            "vaccine doses to Kenya.",
            {"Norway": "NO", "Kenya": "KE"},
        )
        assert events == [("NOR", "KEN", "030")]

    def test_one_of_several(self) -> None:
        events = _events(
            "Norway is one of several countries that have pledged doses to other nations.",
            {"Norway": "NO"},
        )
        assert events == [("NOR", None, "030")]

    def test_not_one_of(self) -> None:
        """The actor before a relative clause on another group does not act in it."""
        events = _events(
            "Norway is home to several firms that have pledged doses to other nations.",
            {"Norway": "NO"},
        )
        assert events == []


class TestSpeakersOwn:
    """What a speaker says inside a quotation they themselves ask or intend is the event."""

    def test_appeal_with_the_authorities_there(self) -> None:
        events = _events(
            '"We are saddened by the floods in Mozambique and call upon the authorities there '
            'to accept help," said Anna Berg.',
            {"Mozambique": "MZ"},
            {"Anna Berg": "IGOEUR"},
        )
        assert events == [("IGOEUR", "MOZGOV", "020")]

    def test_appeal_to_a_named_actor(self) -> None:
        events = _events(
            '"We call on Kenya to open its borders," said Anna Berg.',
            {"Kenya": "KE"},
            {"Anna Berg": "IGOEUR"},
        )
        assert events == [("IGOEUR", "KEN", "020")]

    def test_own_intention(self) -> None:
        events = _events(
            '"Laura and I will travel to Kenya next year," Bush said.',
            {"Kenya": "KE"},
            {"Bush": "USAGOV"},
        )
        assert events == [("USAGOV", "KEN", "036")]

    @pytest.mark.parametrize(
        "text",
        [
            '"They call upon the authorities there to accept help from Kenya," said Anna Berg.',
            '"We will not send troops to Kenya," said Anna Berg.',
            '"Laura and I travelled to Kenya last year," said Anna Berg.',
        ],
    )
    def test_not_own(self, text: str) -> None:
        """Someone else's appeal, a negated intention and a past act stay the statement's
        content."""
        events = _events(text, {"Kenya": "KE"}, {"Anna Berg": "IGOEUR"})
        assert [code[:2] for _, _, code in events] == ["01"]


class TestInaction:
    """A speaker who says another actor took no action accuses it (112)."""

    def test_charged(self) -> None:
        events = _events(
            "Lopez said that his office had informed Chile, but Peru had not taken any action "
            "for weeks.",
            {"Chile": "CL", "Peru": "PE"},
            {"Lopez": "MEXGOV"},
        )
        assert ("MEXGOV", "CHL", "010") in events
        assert ("MEXGOV", "PER", "112") in events

    def test_took_no_action(self) -> None:
        events = _events(
            "Lopez said that Peru took no action for weeks.", {"Peru": "PE"}, {"Lopez": "MEXGOV"}
        )
        assert ("MEXGOV", "PER", "112") in events

    def test_own_inaction_is_no_charge(self) -> None:
        events = _events("Peru said that it had not taken any action yet.", {"Peru": "PE"})
        assert all(code != "112" for _, _, code in events)

    def test_action_taken_is_no_charge(self) -> None:
        events = _events(
            "Lopez said that Peru had taken action within days.",
            {"Peru": "PE"},
            {"Lopez": "MEXGOV"},
        )
        assert all(code != "112" for _, _, code in events)


class TestCallForBoycott:
    """Calling for a boycott rallies opposition (113); other calls stay appeals."""

    @pytest.mark.parametrize(
        ("sentence", "code"),
        [
            ("Prominent Kenyan clerics called for a boycott of immunizations.", "113"),
            ("The clerics called for boycotts of the vote.", "113"),
            ("The clerics called for more research into the vaccine.", "020"),
            ("The WHO called for calm.", "020"),
        ],
    )
    def test_call(self, sentence: str, code: str, dictionary: VerbDictionary) -> None:
        words = Words(sentence, upper_case(sentence))
        assert [a.code for a in find_actions(words, dictionary) if a.lemma == "CALL"] == [code]


class TestPlansTo:
    """'Plans' with a to-infinitive after its subject is the verb (CAMEO's INTEND block)."""

    def test_plans_to_visit(self, dictionary: VerbDictionary) -> None:
        words = Words("Kenya plans to visit Uganda.", upper_case("Kenya plans to visit Uganda."))
        assert [(a.lemma, a.code) for a in find_actions(words, dictionary)] == [("PLAN", "036")]

    @pytest.mark.parametrize(
        "sentence",
        [
            "Kenya's plans to visit Uganda were dropped.",
            "The plans to visit Uganda were dropped.",
            "Kenya plans further talks.",
        ],
    )
    def test_plans_as_a_noun(self, sentence: str, dictionary: VerbDictionary) -> None:
        """After a possessive or a determiner, or with no to-infinitive, 'plans' is a noun."""
        words = Words(sentence, upper_case(sentence))
        assert all(a.lemma != "PLAN" for a in find_actions(words, dictionary))
