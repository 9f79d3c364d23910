"""Statements and their targets read since state-s11 (on the adjudicated gold): counts that
are no reports, who speaks, denials, and what a statement's content names."""

from __future__ import annotations

import pytest

from eventwire.pipeline.coding.actions import Action, Words, find_actions, upper_case
from eventwire.pipeline.coding.verbs import VerbDictionary, load_verb_dictionary
from eventwire.pipeline.intake import normalise_article
from eventwire.schemas import ArticleIn, Entity, Span
from tests.pipeline.coding.coded import coded, coded_in, place

Coded = tuple[str | None, str | None, str | None]


@pytest.fixture(scope="module")
def dictionary() -> VerbDictionary:
    return load_verb_dictionary()


def _lemmas(sentence: str, dictionary: VerbDictionary) -> list[str]:
    actions: list[Action] = find_actions(Words(sentence, upper_case(sentence)), dictionary)
    return [a.lemma for a in actions]


class TestOrdinalCounts:
    """A participle after an ordinal modifies the noun after it: a count, no report."""

    @pytest.mark.parametrize(
        "sentence",
        [
            "This is Peru's ninth confirmed case of the disease.",
            "It was the third reported death in the province this year.",
            "Officials counted the country's twelfth recorded outbreak since 2004.",
        ],
    )
    def test_a_participle_after_an_ordinal_is_no_verb(
        self, sentence: str, dictionary: VerbDictionary
    ) -> None:
        """'Peru's ninth confirmed case': no CONFIRM, REPORT or RECORD."""
        assert {"CONFIRM", "REPORT", "RECORD"}.isdisjoint(_lemmas(sentence, dictionary))

    def test_a_verb_after_an_ordinal_clause_still_counts(self) -> None:
        """'For the second time, Chile confirmed a case': the ordinal's noun stands between,
        so the verb is read; and 'This is Chile's fifth confirmed case' codes nothing."""
        assert coded("For the second time, Chile confirmed a case.", {"Chile": "CL"}) == [
            ("confirmed", "CHL", None)
        ]
        assert coded("This is Chile's fifth confirmed case of the flu.", {"Chile": "CL"}) == []


def _organisation(text: str, name: str, code: str, number: int = 0) -> Entity:
    """The entity enricher's organisation ``name`` with Phoenix code ``code``."""
    at = text.index(name)
    return Entity(
        entity_id=f"ent_{number}",
        kind="organisation",
        name=name.split(maxsplit=1)[0],
        text=name,
        span=Span(start=at, end=at + len(name)),
        mentions=[],
        actor_code=code,
        confidence=0.9,
    )


def _coded_with(
    text: str, organisations: dict[str, str], countries: dict[str, str]
) -> list[tuple[str | None, str | None, str | None]]:
    article = normalise_article(ArticleIn(source="t", text=text), "art_t")
    places = [place(article.text, name, "country", iso) for name, iso in countries.items()]
    entities = [
        _organisation(article.text, name, code, number)
        for number, (name, code) in enumerate(organisations.items())
    ]
    return coded_in(article, places, entities)


class TestWhoSpeaks:
    """Rule 2: a state's news agency reports for its state; a company is no actor."""

    def test_a_state_news_agency_speaks_for_its_state(self) -> None:
        """'Xinhua News Agency reported': China's statement (Phoenix codes it 'MED')."""
        text = "Xinhua News Agency reported that two farms were culled in Hunan province."
        assert _coded_with(text, {"Xinhua News Agency": "MED"}, {}) == [("reported", "CHN", None)]

    def test_other_outlets_are_still_no_actor(self) -> None:
        """'Reuters reported': where the report comes from, no state's statement."""
        text = "Reuters reported that two farms were culled in Hunan province."
        assert _coded_with(text, {"Reuters": "MED"}, {}) == []

    def test_a_company_is_no_actor(self) -> None:
        """'Acme Mining blamed Peru': no criticism by a company (Phoenix 'MNCUSA'); a state's
        blame still counts."""
        text = "Acme Mining blamed Peru for the spill."
        assert _coded_with(text, {"Acme Mining": "MNCUSA"}, {"Peru": "PE"}) == []
        text = "Chile blamed Peru for the spill."
        assert _coded_with(text, {}, {"Chile": "CL", "Peru": "PE"}) == [("blamed", "CHL", "PER")]

    def test_a_company_s_officials_are_its_own(self) -> None:
        """'Acme Mining officials blamed a contractor' in an article about Peru: the company's
        officials, not Peru's; a company acted on is no target ('Peru fined Acme Mining')."""
        text = "The spill was in Peru. Acme Mining officials blamed the spill on a contractor."
        assert _coded_with(text, {"Acme Mining": "MNCUSA"}, {"Peru": "PE"}) == []
        text = "Peru criticised Acme Mining for the spill."
        assert _coded_with(text, {"Acme Mining": "MNCUSA"}, {"Peru": "PE"}) == [
            ("criticised", "PER", None)
        ]


class TestFindingsSuggest:
    """Findings that 'suggest' something are their owner's statement (guideline 16)."""

    @pytest.mark.parametrize(
        "sentence",
        [
            "UN figures suggest two million people now require food aid.",
            "The survey has suggested that most farms need aid.",
            "The official data also suggest the toll is higher.",
        ],
    )
    def test_findings_suggest_a_statement(self, sentence: str, dictionary: VerbDictionary) -> None:
        """A noun of findings before SUGGEST: 010, not a proposal (020) nor aid (033)."""
        actions = find_actions(Words(sentence, upper_case(sentence)), dictionary)
        assert [a.code for a in actions if a.lemma == "SUGGEST"] == ["010"]

    def test_an_actor_still_proposes(self, dictionary: VerbDictionary) -> None:
        """'Kenya suggested more aid' and 'officials suggest talks' keep SUGGEST's block."""
        for sentence in ("Kenya suggested more aid.", "The officials suggest talks."):
            actions = find_actions(Words(sentence, upper_case(sentence)), dictionary)
            assert [a.code[:2] for a in actions if a.lemma == "SUGGEST"] in (["02"], ["03"])

    def test_the_owner_of_the_figures_speaks(self) -> None:
        """'UN figures suggest ... South Sudanese ...': the UN's statement about South Sudan."""
        text = "UN figures suggest 7 million South Sudanese now require aid."
        events = _coded_with(text, {"UN": "IGOUNO"}, {"South Sudanese": "SS"})
        assert events == [("suggest", "IGOUNO", "SSD")]


class TestWrittenStatements:
    """'..., a statement by X read': X's statement, about what the quotation names."""

    def test_a_statement_reads_what_is_quoted(self) -> None:
        """The quotation names Kenya: the Ugandan government's statement about Kenya."""
        text = (
            'The border stays open "as the outbreak in Kenya is under control," a statement by '
            "the Ugandan government read."
        )
        events = coded(text, {"Kenya": "KE", "Ugandan": "UG"})
        assert events == [("read", "UGAGOV", "KEN")]

    def test_reading_a_report_is_no_statement(self) -> None:
        """'The Ugandan minister read the report to parliament': READ with no noun of what is
        written before it codes nothing; nor across a full stop ('a statement. Uganda read')."""
        text = "The Ugandan minister read the report to parliament."
        assert coded(text, {"Ugandan": "UG"}) == []


class TestCallForBoycott:
    """Calling for a boycott rallies opposition (113), CAMEO's code for a call to boycott."""

    def test_a_call_for_a_boycott(self, dictionary: VerbDictionary) -> None:
        """'called for a boycott of the vaccine': 113; 'called for talks', 'called for more
        research' keep their codes (036, 020)."""
        for sentence, code in (
            ("Kenyan clerics called for a boycott of the vaccine.", "113"),
            ("They called for talks.", "036"),
            ("The ministry called for more research into a vaccine.", "020"),
        ):
            actions = find_actions(Words(sentence, upper_case(sentence)), dictionary)
            assert [a.code for a in actions] == [code]


class TestDenials:
    """Denying something is denying a claim (016, guideline 15), with its own source and target."""

    @pytest.mark.parametrize(
        "sentence",
        ["Kenya denied any plans to close the border.", "The ministry denies the allegations."],
    )
    def test_deny_is_a_denial(self, sentence: str, dictionary: VerbDictionary) -> None:
        """DENY that no pattern of CAMEO's REFUSE block matches is 016."""
        actions = find_actions(Words(sentence, upper_case(sentence)), dictionary)
        assert [(a.lemma, a.code) for a in actions] == [("DENY", "016")]

    def test_a_pattern_still_decides(self, dictionary: VerbDictionary) -> None:
        """'denied entry to the ship': CAMEO's pattern for entry, no denial."""
        sentence = "Kenya denied entry to the ship."
        actions = find_actions(Words(sentence, upper_case(sentence)), dictionary)
        assert [a.lemma for a in actions] == ["DENY"]
        assert actions[0].code != "016"

    def test_reject_keeps_cameo_reading(self, dictionary: VerbDictionary) -> None:
        """'Kenya rejected the proposal' is no denial (REJECT is not read as DENY)."""
        sentence = "Kenya rejected the proposal."
        actions = find_actions(Words(sentence, upper_case(sentence)), dictionary)
        assert "016" not in [a.code for a in actions]

    def test_but_denied_is_the_first_subject_s(self) -> None:
        """'Kenya confirmed that ... but denied any plans to burn the rations donated by
        Uganda': two acts of Kenya, a statement (no state in its content) and a denial about
        Uganda; Uganda, after the verb, is no speaker of it."""
        text = (
            "Kenya confirmed that the food was being held at the port but denied any plans to "
            "burn the rations donated by Uganda."
        )
        events = coded(text, {"Kenya": "KE", "Uganda": "UG"})
        assert ("confirmed", "KEN", None) in events
        assert ("denied", "KEN", "UGA") in events

    def test_but_and_an_act_takes_no_earlier_subject(self) -> None:
        """Only a statement after 'but' takes the first subject: 'Kenya said ... but sent
        troops' is not read as Kenya's sending (the act's subject is left unread)."""
        text = "Kenya said the border is open but sent troops to Uganda."
        assert [source for verb, source, _ in coded(text, {"Kenya": "KE", "Uganda": "UG"})] == [
            "KEN"
        ]

    def test_the_government_right_before_the_verb_is_its_subject(self) -> None:
        """'A UN report suggested ..., allegations the government denies': the government
        (the article's country's) denies, not the UN named before; its target is the accuser
        named before the comma."""
        text = (
            "Uganda has more cases. A UN report suggested the government hid cases in Uganda, "
            "allegations the government denies."
        )
        events = _coded_with(text, {"UN": "IGOUNO"}, {"Uganda": "UG"})
        assert [e for e in events if e[0] == "denies"] == [("denies", "UGAGOV", "IGOUNO")]


class TestDeniedAccuser:
    """A denial of 'the accusations' is aimed at the accuser the sentence before names."""

    def test_the_accuser_of_the_sentence_before(self) -> None:
        """'Kenya said the WHO had done nothing. The WHO rejected the accusations.': Kenya."""
        text = "Kenya said the WHO had ignored its warnings. The WHO rejected the accusations."
        events = _coded_with(text, {"WHO": "IGOUNOHLHWHO"}, {"Kenya": "KE"})
        assert ("rejected", "IGOUNOHLHWHO", "KEN") in events

    def test_no_accuser_when_two_or_an_indefinite_claim(self) -> None:
        """Two states before: no target; 'rejected accusations' (no article) is not read back."""
        text = "Kenya and Uganda criticised the WHO. The WHO rejected the accusations."
        events = _coded_with(text, {"WHO": "IGOUNOHLHWHO"}, {"Kenya": "KE", "Uganda": "UG"})
        assert ("rejected", "IGOUNOHLHWHO", None) in events
        text = "Kenya said the WHO had ignored its warnings. The WHO rejected accusations."
        events = _coded_with(text, {"WHO": "IGOUNOHLHWHO"}, {"Kenya": "KE"})
        assert ("rejected", "IGOUNOHLHWHO", None) in events


class TestAdverbsAndPronouns:
    """'he further noted': an adverb before a verb, and 'he' the verb's subject."""

    @pytest.mark.parametrize(
        ("sentence", "lemma"),
        [
            ("He further noted that the border was open.", "NOTE"),
            ("Kenya first reported the disease in 2006.", "REPORT"),
        ],
    )
    def test_an_adverb_after_a_subject(
        self, sentence: str, lemma: str, dictionary: VerbDictionary
    ) -> None:
        """After a subject, 'further' and 'first' modify the verb that follows them."""
        assert lemma in _lemmas(sentence, dictionary)

    def test_the_same_words_before_a_noun(self, dictionary: VerbDictionary) -> None:
        """ "Egypt's first confirmed case", 'the further talks': no verb."""
        assert _lemmas("It is Egypt's first confirmed case.", dictionary) == []
        assert "TALK" not in _lemmas("They planned the further talks.", dictionary)

    def test_he_is_the_subject_not_the_actors_before(self) -> None:
        """'At a meeting held by Kenya and Uganda, he noted ...': not Uganda's statement."""
        text = "At a meeting held by Kenya and Uganda, he noted that cases had fallen."
        events = coded(text, {"Kenya": "KE", "Uganda": "UG"})
        assert [e for e in events if e[0] == "noted"] == []


def _said(text: str, adjective: str, iso: str, speaker: tuple[str, str]) -> list[Coded]:
    """The events of ``text``, with ``adjective`` a demonym of ``iso`` and ``speaker`` a
    country (name, ISO alpha-2)."""
    article = normalise_article(ArticleIn(source="t", text=text), "art_t")
    found = [
        place(article.text, speaker[0], "country", speaker[1]),
        place(article.text, adjective, "country", iso).model_copy(update={"demonym": True}),
    ]
    return coded_in(article, sorted(found, key=lambda p: p.span.start), [])


class TestOneOfItsPeople:
    """A statement about one of a country's people names the country (rule 10)."""

    def test_a_person_of_a_country_in_a_statement(self) -> None:
        """'Kenya said a Ugandan who returned from Goma had the disease': about Uganda."""
        text = "Kenya said a Ugandan who returned from Goma had the disease."
        assert _said(text, "Ugandan", "UG", ("Kenya", "KE")) == [("said", "KEN", "UGA")]

    def test_a_thing_of_a_country_is_a_place(self) -> None:
        """'tests in a Ugandan laboratory': where something is done, no target (rule 3)."""
        text = "Kenya said further tests in a Ugandan laboratory will be needed."
        assert _said(text, "Ugandan", "UG", ("Kenya", "KE")) == [("said", "KEN", None)]

    def test_one_of_its_people_is_no_actor(self) -> None:
        """'A Ugandan who lives in Goma sent aid to Kenya': a person, no source (rule 2)."""
        text = "A Ugandan who lives in Goma sent aid to Kenya."
        assert _said(text, "Ugandan", "UG", ("Kenya", "KE")) == []


class TestPossessives:
    """A verb form after a possessive is a noun ("Uganda's claims"); "it's" is no possessive."""

    def test_after_a_possessive(self, dictionary: VerbDictionary) -> None:
        """ "Kenya denied Uganda's claims": DENY only, no CLAIM; "the WHO's report": no REPORT."""
        assert _lemmas("Kenya denied Uganda's claims that it had hidden cases.", dictionary) == [
            "DENY"
        ]
        assert "REPORT" not in _lemmas("They read Chile's report on Monday.", dictionary)

    def test_a_contraction_is_no_possessive(self, dictionary: VerbDictionary) -> None:
        """ "He's warned the WHO": "'s" is "has", and WARN is read."""
        assert "WARN" in _lemmas("He's warned the WHO twice.", dictionary)
