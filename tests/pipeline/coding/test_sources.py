"""Who reports: public bodies named by their office, sentences whose only actor is an unnamed
state agent, predicates that are no titles, participles set off by commas."""

from __future__ import annotations

from tests.pipeline.coding.test_roles import _code, _code_with_mentions


class TestPublicBodies:
    """A body named by its office and remit ('the Bureau of Meteorology') is a state's."""

    def test_a_body_with_no_country_is_the_article_countrys(self) -> None:
        """'The Bureau of Meteorology say' in an article about Australia: Australia's body."""
        events = _code(
            "Heavy rain fell across Australia and Australia braced for more. The Bureau of "
            "Meteorology say the storm will weaken by Friday.",
            {"Australia": "AU"},
        )
        assert ("say", "AUSGOV", None) in events

    def test_a_body_named_with_its_country_after_a_comma(self) -> None:
        """'The Ministry of Health, Uganda, said' is Uganda's, whatever the article's country."""
        events = _code(
            "Kenya closed schools and Kenya asked for help. The Ministry of Health, Uganda, said "
            "the outbreak had ended.",
            {"Kenya": "KE", "Uganda": "UG"},
        )
        assert ("said", "UGAGOV", None) in events

    def test_a_body_with_a_state_after_a_comma_is_that_states(self) -> None:
        """'the Centre for Disease Control (CDC), the US agency' in an article about Haiti: the
        United States' body, not Haiti's."""
        events = _code(
            "Cholera spread in Haiti and Haiti asked for help. The water was unsafe, said the "
            "Centre for Disease Control (CDC), the US agency for health.",
            {"Haiti": "HT", "US": "US"},
        )
        assert [source[:3] for verb, source, _ in events if verb == "said" and source] == ["USA"]

    def test_a_body_joined_by_and_is_the_article_countrys(self) -> None:
        """'the Ministry of Health and the US Department of Agriculture': 'and' joins bodies of
        different states as often as of one, so the ministry is the article's country's; each
        body's state makes an event of its own (the guideline's rule 13)."""
        events = _code(
            "Cholera spread in Haiti and Haiti asked for help. The Ministry of Health and the US "
            "Department of Agriculture said the water was unsafe.",
            {"Haiti": "HT", "US": "US"},
        )
        assert [source[:3] for verb, source, _ in events if verb == "said" and source] == [
            "HTI",
            "USA",
        ]

    def test_a_body_inside_an_actors_name_is_the_actors(self) -> None:
        """ "Mexico's Ministry of Health said": Mexico's, not another body of the article's
        country."""
        events = _code(
            "Flu spread in Peru and Peru closed schools. Mexico's Ministry of Health said the "
            "cases were mild.",
            {"Peru": "PE", "Mexico": "MX"},
        )
        assert [source[:3] for verb, source, _ in events if verb == "said" and source] == ["MEX"]


class TestUnnamedStateAgents:
    """A sentence whose only actor is an unnamed state agent is coded."""

    def test_the_government_with_no_country_in_its_sentence(self) -> None:
        """'Last year, the government banned the festival' (the sentence names no actor): the
        article's country's government."""
        events = _code(
            "Nepal held its festival and Nepal welcomed visitors. Last year, the government "
            "banned the slaughter of animals.",
            {"Nepal": "NP"},
        )
        assert ("banned", "NPLGOV", None) in events


class TestPredicatesAreNoTitles:
    """A stretch set off by a comma after a name that opens with a verb is no apposition."""

    def test_a_predicate_after_a_comma_gives_no_title(self) -> None:
        """'Kenya's livestock minister, Mohammed Kuti, said today that cattle rustlers have
        killed ...': Kuti is Kenya's minister, not a rustler of the town named in what he
        said."""
        events = _code_with_mentions(
            "Kenya's livestock minister, Mohammed Kuti, said today that cattle rustlers have "
            "killed eleven people near the town of Isiolo. Kuti said the rustlers fled north.",
            {"Kenya": "KE"},
            {"Mohammed Kuti": None},
            {"Isiolo": "KE"},
        )
        assert [source for verb, source, _ in events if verb == "said"] == ["KENGOV", "KENGOV"]


class TestSetOffParticiples:
    """A participle set off by commas after a noun is no act of an actor before it."""

    def test_a_participle_between_commas_is_no_act(self) -> None:
        """'In a statement by the Ministry of Health, released yesterday, Kenyan officials
        confirmed ...': the statement was released; the officials confirmed."""
        events = _code(
            "Kenya found a case. In a statement by the Ministry of Health, released yesterday, "
            "Kenyan officials confirmed the case.",
            {"Kenya": "KE", "Kenyan": "KE"},
        )
        assert [verb for verb, _, _ in events] == ["confirmed"]


class TestLightVerbStatements:
    """Making an announcement or a statement is a statement."""

    def test_made_the_announcement_is_a_statement(self) -> None:
        """'The Kenyan health minister made the announcement on Monday': Kenya's statement."""
        events = _code(
            "The Kenyan health minister made the announcement on Monday in Nairobi.",
            {"Kenyan": "KE"},
        )
        assert events == [("made", "KENGOV", None)]

    def test_making_something_else_is_no_statement(self) -> None:
        """'The Kenyan health minister made progress': no statement."""
        assert _code("The Kenyan health minister made progress on Monday.", {"Kenyan": "KE"}) == []


class TestFiguresSpeakForTheirOwner:
    """An actor's findings are its statement (the gold's guideline 16; until state-s11 the
    figures were read as the subject and their owner as no speaker)."""

    def test_figures_of_a_state_are_its_statement(self) -> None:
        """'Kenyan figures suggest ...' is Kenya's statement; 'Kenya suggested ...' too."""
        assert _code("Kenyan figures suggest more people need aid.", {"Kenyan": "KE"}) == [
            ("suggest", "KEN", None)
        ]
        assert [source for _, source, _ in _code("Kenya suggested more aid.", {"Kenya": "KE"})] == [
            "KEN"
        ]
